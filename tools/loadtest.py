"""The portal under load, as a deployment would run it: gunicorn with production settings on a
throwaway copy of the portal (its own database, index and static files, the real content),
several public readers and a few editors saving and publishing through the admin at once.

Everything stays on the loopback address and every loop is bounded by a deadline. The same
pieces serve the several-servers test: ``Sandbox`` makes the copy, ``Server`` runs one gunicorn
on it, ``Visitor`` is one browser (cookies, forms) speaking HTTP to it.
"""

import atexit
import json
import os
import random
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.client import HTTPConnection, HTTPException
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import psycopg2
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# How the change form refuses a save over another editor's change to the same field (a change
# to other fields is merged and lands).
CONFLICT = "Nothing was saved. Their changes are shown below"
EDITOR_PASSWORD = "load-test-" + secrets.token_hex(8)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env: dict, *args: str, timeout: float = 600) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


class Sandbox:
    """A throwaway portal: a new database beside the configured one (PostgreSQL: a database on
    the same server; SQLite: a file), migrated, holding the real content, its search index
    built, static files collected, and ``editors`` Publisher accounts. Removed on exit."""

    def __init__(self, editors: int = 4, sqlite: bool = False, **environment: str):
        self.editors = [f"loadtest-editor-{n}" for n in range(editors)]
        self.folder = Path(tempfile.mkdtemp(prefix="spi-sandbox-"))
        configured = settings.DATABASES["default"]
        self.postgres = configured["ENGINE"].endswith("postgresql") and not sqlite
        self.name = f"spi_sandbox_{uuid.uuid4().hex[:10]}"
        self._server = {k: configured[k] for k in ("USER", "PASSWORD", "HOST", "PORT")}
        if self.postgres:
            server = self._server
            address = f"{server['HOST'] or 'localhost'}:{server['PORT'] or 5432}"
            credentials = server["USER"] + (f":{server['PASSWORD']}" if server["PASSWORD"] else "")
            url = f"postgres://{credentials}@{address}/{self.name}"
        else:
            url = f"sqlite:///{self.folder / 'db.sqlite3'}"
        self.env = (
            os.environ
            | {
                "DJANGO_SETTINGS_MODULE": "spi_portal.settings.prod",
                "DATABASE_URL": url,
                "SECRET_KEY": secrets.token_urlsafe(50),
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "SECURE_SSL_REDIRECT": "false",
                "SPI_VAR_DIR": str(self.folder),
                "STATIC_ROOT": str(self.folder / "static"),
                "MEDIA_ROOT": str(self.folder / "media"),
                "SEARCH_INDEX_DIR": str(self.folder / "search_index"),
                "LOG_LEVEL": "error",
            }
            | environment
        )

    def admin(self, sql: str) -> None:
        """Run SQL on the PostgreSQL server's maintenance database (outside the sandbox's)."""
        server = self._server
        connection = psycopg2.connect(
            dbname="postgres",
            user=server["USER"],
            password=server["PASSWORD"] or None,
            host=server["HOST"] or None,
            port=server["PORT"] or None,
        )
        connection.autocommit = True
        try:
            connection.cursor().execute(sql)
        finally:
            connection.close()

    def __enter__(self) -> "Sandbox":
        prepared = _prepared(self.postgres, self.env.get("SEARCH_BACKEND", ""))
        try:
            if self.postgres:
                self.admin(f'CREATE DATABASE "{self.name}" TEMPLATE "{prepared.name}"')
            shutil.copytree(prepared.folder, self.folder, symlinks=True, dirs_exist_ok=True)
            if self.editors:
                manage(self.env, "shell", "-c", self._editors_script())
        except BaseException:
            self.__exit__()
            raise
        return self

    def _prepare(self) -> None:
        if self.postgres:
            self.admin(f'CREATE DATABASE "{self.name}"')
        try:
            manage(self.env, "migrate", "--noinput", "--verbosity=0")
            manage(self.env, "collectstatic", "--noinput", "--verbosity=0")
            manage(self.env, "load_portal_data", "--verbosity=0")
        except BaseException:
            self.__exit__()
            raise

    def _editors_script(self) -> str:
        return (
            "from django.contrib.auth.models import Group, User\n"
            "publisher = Group.objects.get(name='Publisher')\n"
            f"for name in {self.editors!r}:\n"
            f"    user = User.objects.create_user(name, password={EDITOR_PASSWORD!r}, "
            "is_staff=True)\n"
            "    user.groups.add(publisher)\n"
        )

    def __exit__(self, *exc_info) -> None:
        if self.postgres:
            self.admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        shutil.rmtree(self.folder, ignore_errors=True)

    def run(self, *args: str) -> str:
        """A management command against the sandbox."""
        return manage(self.env, *args)


# What a sandbox holds (schema, content, index, static files) depends only on the engine and the
# search backend: each pair is built once per process and copied for every later sandbox, so a
# sandbox costs a file copy (PostgreSQL: CREATE DATABASE ... TEMPLATE) instead of a minute of
# migrate, collectstatic and import. Removed when the process ends, or by discard_prepared().
_PREPARED: dict[tuple[bool, str], Sandbox] = {}


def _prepared(postgres: bool, search_backend: str) -> Sandbox:
    key = (postgres, search_backend)
    if key not in _PREPARED:
        chosen = {"SEARCH_BACKEND": search_backend} if search_backend else {}
        prepared = Sandbox(editors=0, sqlite=not postgres, **chosen)
        prepared._prepare()
        _PREPARED[key] = prepared
    return _PREPARED[key]


@atexit.register
def discard_prepared() -> None:
    while _PREPARED:
        _PREPARED.popitem()[1].__exit__()


class Server:
    """One gunicorn on a free loopback port, serving a sandbox (the repository's gunicorn.conf.py;
    the environment may differ per server, e.g. its own cache)."""

    def __init__(self, sandbox: Sandbox, workers: int = 2, **environment: str):
        self.port = free_port()
        self.log = sandbox.folder / f"gunicorn-{self.port}.log"
        self.env = (
            sandbox.env
            | {
                "BIND": f"127.0.0.1:{self.port}",
                "WEB_CONCURRENCY": str(workers),
            }
            | environment
        )
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [str(Path(sys.executable).with_name("gunicorn"))],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped:\n{self.log.read_text()}")
            try:
                if Visitor(self.port).get("/healthz").status in (200, 503):
                    return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError(f"gunicorn did not answer within a minute:\n{self.log.read_text()}")

    def __exit__(self, *exc_info) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: str
    seconds: float


class _FormReader(HTMLParser):
    """The fields of the admin's change form, as a browser would submit them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fields: list[tuple[str, str]] = []
        self._in_form = False
        self._select: tuple[str, bool] | None = None
        self._options: list[tuple[str, bool]] = []
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if (
            tag == "form"
            and (a.get("method") or "").lower() == "post"
            and "_form" in a.get("id", "")
        ):
            self._in_form = True
        if not self._in_form or ("name" not in a and tag != "option"):
            return
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value") or ("on" if kind == "checkbox" else "")))
        elif tag == "select":
            self._select, self._options = (a["name"], "multiple" in a), []
        elif tag == "option" and self._select:
            self._options.append((a.get("value") or "", "selected" in a))
        elif tag == "textarea":
            self._textarea, self._text = a["name"], []

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "select" and self._select:
            name, multiple = self._select
            chosen = [value for value, selected in self._options if selected]
            if not chosen and not multiple and self._options:
                chosen = [self._options[0][0]]
            self.fields.extend((name, value) for value in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # Browsers drop the newline Django writes right after <textarea>.
            self.fields.append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None


class Visitor:
    """One browser: a keep-alive connection, its cookies, and the admin's forms."""

    def __init__(self, port: int, timeout: float = 30):
        self.port, self.timeout = port, timeout
        self.cookies: dict[str, str] = {}
        self._connection: HTTPConnection | None = None

    def request(self, method: str, path: str, data: list | dict | None = None) -> Answer:
        headers = {"Host": f"127.0.0.1:{self.port}", "Referer": f"http://127.0.0.1:{self.port}/"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        started = time.perf_counter()
        for attempt in (1, 2):  # a kept-alive connection the server closed is opened again
            if self._connection is None:
                self._connection = HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            try:
                self._connection.request(method, path, body=body, headers=headers)
                response = self._connection.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (OSError, HTTPException):
                self._connection.close()
                self._connection = None
                if attempt == 2:
                    raise
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        return Answer(
            response.status, dict(response.getheaders()), text, time.perf_counter() - started
        )

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def post(self, path: str, data) -> Answer:
        return self.request("POST", path, data)

    def log_in(self, username: str, password: str = EDITOR_PASSWORD) -> None:
        self.get("/admin/login/")
        answer = self.post(
            "/admin/login/?next=/admin/",
            {"username": username, "password": password, "next": "/admin/"},
        )
        if answer.status != 302:
            raise RuntimeError(f"{username} could not sign in: {answer.status}")

    def change_form(self, path: str) -> tuple[Answer, list[tuple[str, str]]]:
        """The change page, and the fields its form would submit."""
        answer = self.get(path)
        reader = _FormReader()
        reader.feed(answer.body)
        return answer, reader.fields


def replaced(fields: list[tuple[str, str]], name: str, value: str) -> list[tuple[str, str]]:
    return [(k, value if k == name else v) for k, v in fields]


# The load test -------------------------------------------------------------------------------

SEARCHES = ["foot patrol", "hot spots", "gun violence", "body worn cameras", "crime analysis"]
MARKER = re.compile(r"\s*\[load [^\]]*\]")
# Editors share a few records, so their saves collide and the stale-edit check is exercised.
SHARED_PROJECTS = 3


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    landed: list[tuple[int, str]] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)
    publishes: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, answer: Answer, what: str) -> Answer:
        with self.lock:
            self.latencies.append(answer.seconds)
            self.statuses[answer.status] += 1
            if answer.status >= 500:
                self.failures.append(f"{answer.status} on {what}")
        return answer

    def fail(self, what: str) -> None:
        with self.lock:
            self.failures.append(what)


@dataclass
class Report:
    clients: int
    editors: int
    seconds: float
    requests: int
    server_errors: int
    failures: list[str]
    median_ms: float
    p95_ms: float
    landed: int
    refused: int
    lost: list[str]
    publishes: int
    index_check: str

    @property
    def ok(self) -> bool:
        return not (self.server_errors or self.failures or self.lost) and "matches" in (
            self.index_check
        )

    def lines(self) -> list[str]:
        return [
            f"{self.clients} clients ({self.clients - self.editors} readers, {self.editors} "
            f"editors) for {self.seconds:.0f} s",
            f"requests served: {self.requests} ({self.requests / self.seconds:.1f}/s); "
            f"server errors (5xx): {self.server_errors}; other failures: {len(self.failures)}",
            f"latency: median {self.median_ms:.0f} ms, p95 {self.p95_ms:.0f} ms",
            f"editor saves: {self.landed} landed, {self.refused} refused as stale with the "
            f"message, {len(self.lost)} lost; publish and unpublish actions: {self.publishes}",
            f"check_index: {self.index_check}",
            *(f"failure: {failure}" for failure in self.failures[:10]),
            *(f"lost: {lost}" for lost in self.lost[:10]),
        ]


def _read(port: int, addresses: list[str], deadline: float, tally: Tally, rng) -> None:
    visitor = Visitor(port)
    while time.monotonic() < deadline:
        address = rng.choice(addresses)
        try:
            tally.count(visitor.get(address), address)
        except OSError as error:
            tally.fail(f"{address}: {error}")


def _edit(port, number, name, projects, lessons, deadline, tally: Tally, rng) -> None:
    visitor = Visitor(port)
    visitor.log_in(name)
    turn = 0
    while time.monotonic() < deadline:
        turn += 1
        try:
            # Every third turn publishes; editors start at different points of the cycle, so
            # even a short run has both saves and publications.
            if (turn + number) % 3 == 0:
                _toggle(visitor, rng.choice(lessons), tally)
            else:
                _save(visitor, name, turn, rng.choice(projects), tally, rng)
        except (OSError, RuntimeError) as error:
            tally.fail(f"{name}: {error}")


def _save(visitor: Visitor, name: str, turn: int, pk: int, tally: Tally, rng) -> None:
    path = f"/admin/projects/project/{pk}/change/"
    page, fields = visitor.change_form(path)
    if tally.count(page, path).status != 200:
        tally.fail(f"{path} answered {page.status}")
        return
    summary = dict(fields)["summary"]
    marker = f"[load {name} #{turn}]"
    time.sleep(rng.uniform(0, 0.3))  # an editor types
    data = [*replaced(fields, "summary", f"{MARKER.sub('', summary)} {marker}"), ("_save", "1")]
    answer = tally.count(visitor.post(path, data), f"save {path}")
    if answer.status == 302:
        with tally.lock:
            tally.landed.append((pk, marker))
    elif answer.status == 200 and CONFLICT in answer.body:
        with tally.lock:
            tally.refused.append((pk, marker))
    elif answer.status < 500:
        errors = re.findall(r'<ul class="errorlist[^>]*>(.*?)</ul>', answer.body, re.S)
        tally.fail(f"save of project {pk} answered {answer.status}: {errors[:2]}")


def _toggle(visitor: Visitor, pk: int, tally: Tally) -> None:
    """Unpublish a lesson and publish it again, through the admin's bulk actions."""
    for action in ("unpublish_selected", "publish_selected"):
        data = {"action": action, "_selected_action": pk, "index": 0, "select_across": 0}
        answer = tally.count(visitor.post("/admin/lessons/lesson/", data), action)
        if answer.status != 302:
            tally.fail(f"{action} of lesson {pk} answered {answer.status}")
            return
        with tally.lock:
            tally.publishes += 1


def _targets(sandbox: Sandbox) -> tuple[list[int], list[int]]:
    script = (
        "from projects.models import Project; from lessons.models import Lesson\n"
        f"print(list(Project.objects.published().order_by('pk').values_list('pk', flat=True)"
        f"[:{SHARED_PROJECTS}]))\n"
        "print(list(Lesson.objects.published().order_by('pk').values_list('pk', flat=True)[:2]))"
    )
    projects, lessons = sandbox.run("shell", "-c", script).strip().splitlines()[-2:]
    return _integers(projects), _integers(lessons)


def _integers(text: str) -> list[int]:
    """The numbers of a printed list."""
    return [int(n) for n in re.findall(r"\d+", text)]


def _addresses(port: int) -> list[str]:
    sitemap = Visitor(port).get("/sitemap.xml").body
    pages = [urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap)]
    searches = [f"/search/?{urlencode({'q': q})}" for q in SEARCHES]
    searches += [f"/search.json?{urlencode({'q': q})}" for q in SEARCHES]
    return [*pages, *searches, "/feed/", "/sitemap.xml", "/data/projects.csv", "/healthz"]


def _lost(sandbox: Sandbox, tally: Tally) -> list[str]:
    """Landed saves whose text no revision holds, and refused ones whose text one does."""
    script = (
        "import json\n"
        "from django.contrib.contenttypes.models import ContentType\n"
        "from editorial.models import Revision\n"
        "from projects.models import Project\n"
        "kind = ContentType.objects.get_for_model(Project)\n"
        "texts = {}\n"
        "for r in Revision.objects.filter(content_type=kind):\n"
        "    texts.setdefault(r.object_id, []).append(json.dumps(r.data))\n"
        "print(json.dumps({pk: ' '.join(t) for pk, t in texts.items()}))\n"
    )
    saved = json.loads(sandbox.run("shell", "-c", script).strip().splitlines()[-1])
    lost = [f"project {pk}: {m}" for pk, m in tally.landed if m not in saved.get(str(pk), "")]
    lost += [
        f"project {pk}: refused yet saved {m}"
        for pk, m in tally.refused
        if m in saved.get(str(pk), "")
    ]
    return lost


def run_load(sandbox: Sandbox, seconds: float, clients: int, editors: int, workers: int) -> Report:
    projects, lessons = _targets(sandbox)
    tally = Tally()
    with Server(sandbox, workers=workers) as server:
        addresses = _addresses(server.port)
        started = time.monotonic()
        deadline = started + seconds
        threads = [
            threading.Thread(
                target=_edit,
                args=(server.port, n, name, projects, lessons, deadline, tally, random.Random(n)),
            )
            for n, name in enumerate(sandbox.editors[:editors])
        ] + [
            threading.Thread(
                target=_read, args=(server.port, addresses, deadline, tally, random.Random(n))
            )
            for n in range(clients - editors)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=seconds + 120)
        elapsed = time.monotonic() - started
    try:
        index_check = sandbox.run("check_index").strip().splitlines()[-1]
    except RuntimeError as error:
        index_check = str(error)
    latencies = sorted(tally.latencies) or [0.0]
    return Report(
        clients=clients,
        editors=editors,
        seconds=elapsed,
        requests=sum(tally.statuses.values()),
        server_errors=sum(n for status, n in tally.statuses.items() if status >= 500),
        failures=tally.failures,
        median_ms=statistics.median(latencies) * 1000,
        p95_ms=latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))] * 1000,
        landed=len(tally.landed),
        refused=len(tally.refused),
        lost=_lost(sandbox, tally),
        publishes=tally.publishes,
        index_check=index_check,
    )
