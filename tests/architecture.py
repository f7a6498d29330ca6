"""What `lint-imports` cannot see: the ways an app can lean on an app above it without importing it.

The order of the apps is the layers contract in pyproject.toml, read here so there is one
statement of it. A lower app must not, in its Python code or its templates:

- follow a relation that a higher app's model declares (``project.lessons``, ``"lessons__in"``,
  ``Prefetch("lessons")``);
- name a higher app by its label (``apps.get_model("lessons", ...)``, ``"search"``,
  ``"lessons.Lesson"``);
- name a URL that a higher app's URLconf defines (``{% url 'api:api-root' %}``,
  ``reverse("strategy-detail")``);
- render, include or extend a template that a higher app's templates directory holds, or load a
  higher app's template tags.

And no app unregisters a model's admin to register its own in its place.

The site's own templates directory (``templates/``: ``base.html``, the error pages, the widgets
any page may host) sits under every app: each app's pages extend it, so it includes no app's
template.
"""

import ast
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.template.backends.django import get_installed_libraries
from django.urls import URLPattern, URLResolver, get_resolver

ROOT = Path(__file__).resolve().parent.parent
# The calls whose first argument is a URL name (a namespaced name is caught wherever it is).
URL_NAMING_CALLS = {"reverse", "reverse_lazy", "redirect", "resolve_url"}
TEMPLATE_SUFFIXES = (".html", ".txt", ".xml")


@dataclass(frozen=True, order=True)
class Violation:
    path: str
    line: int
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.rule}: {self.message}"


@cache
def layers() -> dict[str, int]:
    """Each app package's rank in the apps' layers contract: 0 for the top (the site shell). Apps
    listed together (``"a | b"``) share a rank."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    contract = next(
        c for c in config["contracts"] if c["type"] == "layers" and "containers" not in c
    )
    return {
        name.strip(): rank
        for rank, layer in enumerate(contract["layers"])
        for name in re.split(r"[|:]", layer)
    }


def app_configs() -> dict[str, object]:
    """The layered apps' AppConfigs, by package name."""
    return {c.name: c for c in apps.get_app_configs() if c.name in layers()}


def higher(package: str) -> set[str]:
    """The layered packages above ``package``."""
    rank = layers()[package]
    return {name for name, other in layers().items() if other < rank}


def _package_of(module: str) -> str | None:
    top = module.split(".")[0]
    return top if top in layers() else None


# What each app owns: URL names, templates, tag libraries, reverse relations.


@cache
def url_owners() -> dict[str, str]:
    """Every URL name (with its namespace) and the app whose URLconf defines it. A namespace
    Django or a third-party app names (``admin``) belongs to no layer."""
    owners = {}
    labels = {c.label for c in apps.get_app_configs()}

    def walk(patterns, namespace: str, owner: str | None):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                module = entry.urlconf_name
                inner_owner = (
                    _package_of(module if isinstance(module, str) else module.__name__)
                    if not isinstance(module, list)
                    else owner
                )
                if entry.app_name in labels and _package_of(entry.app_name) is None:
                    inner_owner = None
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, inner, inner_owner)
            elif isinstance(entry, URLPattern) and entry.name and owner:
                owners[namespace + entry.name] = owner

    walk(get_resolver().url_patterns, "", _package_of(settings.ROOT_URLCONF))
    return owners


@cache
def template_dirs() -> list[tuple[Path, str | None]]:
    """The template directories in the order Django searches them, each with its app (None for
    the site's own directory and for apps outside the layers)."""
    dirs = [(Path(d), None) for d in settings.TEMPLATES[0]["DIRS"]]
    for config in apps.get_app_configs():
        path = Path(config.path) / "templates"
        if path.is_dir():
            dirs.append((path, config.name if config.name in layers() else None))
    return dirs


@cache
def template_owner(name: str) -> str | None:
    """The app whose template Django renders for ``name``."""
    for directory, owner in template_dirs():
        if (directory / name).is_file():
            return owner
    return None


@cache
def library_owners() -> dict[str, str]:
    return {
        name: package
        for name, module in get_installed_libraries().items()
        if (package := _package_of(module))
    }


@cache
def reverse_accessors() -> dict[str, tuple[str, str | None]]:
    """The names by which a relation declared on a layered app's model is followed from the
    other end (``lessons`` on a project), each with the app that declares it and the app of the
    model it is followed from."""
    accessors = {}
    for package, config in app_configs().items():
        for model in config.get_models():
            for field in model._meta.get_fields():
                if not (field.is_relation and field.concrete and field.remote_field):
                    continue
                if field.remote_field.hidden:
                    continue
                target = _package_of(field.related_model.__module__)
                accessors[field.remote_field.get_accessor_name()] = (package, target)
                accessors[field.related_query_name()] = (package, target)
    return accessors


def _accessors_from_above(package: str) -> set[str]:
    """The relations a higher app declares that ``package``'s models (or lower ones) could
    follow."""
    above = higher(package)
    return {
        name
        for name, (owner, target) in reverse_accessors().items()
        if owner in above and target not in above
    }


def _model_labels(package: str) -> set[str]:
    config = app_configs()[package]
    return {f"{config.label}.{model._meta.object_name}".lower() for model in config.get_models()}


def _names_app(text: str, package: str) -> bool:
    """Whether ``text`` is ``package``'s label, one of its model labels or one of its modules."""
    label = app_configs()[package].label
    if text == label or text.lower() in _model_labels(package):
        return True
    if not text.startswith(f"{package}."):
        return False
    module = ROOT.joinpath(*text.split("."))
    return module.with_suffix(".py").is_file() or (module / "__init__.py").is_file()


# Checking one file.


def check_python(source: str, package: str, path: str = "<source>") -> list[Violation]:
    above = higher(package)
    accessors = _accessors_from_above(package)
    dict_keys = set()
    found = []

    def report(node, rule, message):
        found.append(Violation(path, getattr(node, "lineno", 0), rule, message))

    def check_string(node, text: str):
        lookup = text.split("__")[0] in accessors
        if lookup and ("__" in text or node not in dict_keys):
            report(node, "reverse relation", f"looks up {text!r}, a relation of a higher app")
        # A dictionary key (a template context's "lessons") names no app.
        for other in () if node in dict_keys else above:
            if _names_app(text, other):
                report(node, "app label", f"names the app {other} ({text!r})")
        if ":" in text and url_owners().get(text) in above:
            report(node, "URL name", f"names the URL {text!r} of {url_owners()[text]}")
        if text.endswith(TEMPLATE_SUFFIXES) and template_owner(text) in above:
            report(node, "template", f"renders {text!r}, a template of {template_owner(text)}")

    tree = ast.parse(source)
    dict_keys.update(k for node in ast.walk(tree) if isinstance(node, ast.Dict) for k in node.keys)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in accessors:
            report(node, "reverse relation", f"follows .{node.attr}, a relation of a higher app")
        elif isinstance(node, ast.keyword) and node.arg and node.arg.split("__")[0] in accessors:
            report(node, "reverse relation", f"looks up {node.arg}=, a relation of a higher app")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            check_string(node, node.value)
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "unregister":
            # Replacing a lower app's ModelAdmin from above hides who registered what; the app
            # that knows everything the form shows registers it, once.
            report(node, "admin", "unregisters a model's admin to register another")
        elif isinstance(node, ast.Call) and node.args:
            function = node.func
            called = (
                function.attr
                if isinstance(function, ast.Attribute)
                else getattr(function, "id", None)
            )
            first = node.args[0]
            if (
                called in URL_NAMING_CALLS
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
                and ":" not in first.value
                and url_owners().get(first.value) in above
            ):
                owner = url_owners()[first.value]
                report(node, "URL name", f"names the URL {first.value!r} of {owner}")
    return found


_TAG = re.compile(r"{%.*?%}|{{.*?}}", re.S)
_QUOTED = re.compile(r"""(["'])(.*?)\1""")


def check_template(source: str, package: str, path: str = "<template>") -> list[Violation]:
    above = higher(package)
    accessors = _accessors_from_above(package)
    found = []
    for match in _TAG.finditer(source):
        tag = match.group()
        line = source.count("\n", 0, match.start()) + 1

        def report(rule, message, line=line):
            found.append(Violation(path, line, rule, message))

        words = tag.strip("{%} ").split()
        keyword = words[0] if words else ""
        for attribute in re.findall(r"\.(\w+)", _QUOTED.sub("", tag)):
            if attribute in accessors:
                report("reverse relation", f"follows .{attribute}, a relation of a higher app")
        if keyword == "load":
            for library in words[1:]:
                if library_owners().get(library) in above:
                    report("template", f"loads the tags {library!r} of {library_owners()[library]}")
        quoted = [text for _, text in _QUOTED.findall(tag)]
        named = _QUOTED.fullmatch(words[1]) if keyword == "url" and len(words) > 1 else None
        if named and url_owners().get(named.group(2)) in above:
            report("URL name", f"names the URL {named.group(2)!r} of {url_owners()[named[2]]}")
        for text in quoted:
            if ":" in text and keyword != "url" and url_owners().get(text) in above:
                report("URL name", f"names the URL {text!r} of {url_owners()[text]}")
            if text.endswith(TEMPLATE_SUFFIXES) and template_owner(text) in above:
                report("template", f"renders {text!r}, a template of {template_owner(text)}")
    return found


def check_skeleton(source: str, path: str = "<template>") -> list[Violation]:
    """The site's own templates are open to every app, so they render no app's template: an
    app including one would otherwise render whatever it renders."""
    found = []
    for match in _TAG.finditer(source):
        words = match.group().strip("{%} ").split()
        if not words or words[0] not in ("include", "extends"):
            continue
        for _, name in _QUOTED.findall(match.group()):
            if template_owner(name):
                line = source.count("\n", 0, match.start()) + 1
                message = f"renders {name!r}, a template of {template_owner(name)}"
                found.append(Violation(path, line, "template", message))
    return found


def violations() -> list[Violation]:
    """Every back door in the layered apps' code and templates, and in the site's own
    templates."""
    found = []
    for directory, owner in template_dirs():
        if owner is None and directory.is_relative_to(ROOT):
            for file in sorted(f for f in directory.rglob("*") if f.is_file()):
                found += check_skeleton(file.read_text(), str(file.relative_to(ROOT)))
    for package, config in app_configs().items():
        base = Path(config.path)
        for file in sorted(base.rglob("*.py")):
            # A migration records history, including the models that moved down into an app
            # from the one above it (editorial's came from projects): it names their old home.
            if "migrations" in file.relative_to(base).parts:
                continue
            found += check_python(file.read_text(), package, str(file.relative_to(ROOT)))
        for file in sorted((base / "templates").rglob("*")):
            if file.is_file():
                found += check_template(file.read_text(), package, str(file.relative_to(ROOT)))
    return sorted(found)
