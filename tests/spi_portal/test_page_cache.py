"""Whole public pages come from the cache until public content changes, and never after."""

import hashlib
from datetime import timedelta
from unittest import mock

import pytest
from django.core.cache import caches
from django.db import transaction
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from editorial.models import PageVersion, PublicationStatus
from search import indexing
from spi_portal import addresses, freshness, middleware
from tests.factories import make_lesson, make_project, make_staff, make_strategy
from tests.querycount import queries_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]

LIST = reverse("projects:list")


def test_a_second_visitor_gets_the_page_for_one_query(client, committed):
    committed(lambda: make_project(title="Cached walk"))
    first = queries_for(client, LIST)
    assert queries_for(client, LIST) == 1 < first
    assert "Cached walk" in client.get(LIST).text


def test_a_published_change_is_on_the_next_request(client, committed):
    project = committed(lambda: make_project(title="Before the edit"))
    assert "Before the edit" in client.get(LIST).text
    project.title = "After the edit"
    committed(project.save)
    text = client.get(LIST).text
    assert "After the edit" in text
    assert "Before the edit" not in text


def test_unpublishing_removes_the_page_at_once(client, committed):
    project = committed(lambda: make_project(title="Soon withdrawn"))
    assert client.get(project.get_absolute_url()).status_code == 200
    project.status = PublicationStatus.UNPUBLISHED
    committed(project.save)
    assert client.get(project.get_absolute_url()).status_code == 404
    assert "Soon withdrawn" not in client.get(LIST).text


def test_a_scheduled_record_appears_when_its_time_comes_without_a_save(client, committed):
    later = timezone.now() + timedelta(hours=1)
    committed(lambda: make_project(title="Scheduled study", go_live_at=later))
    assert "Scheduled study" not in client.get(LIST).text
    with mock.patch("django.utils.timezone.now", return_value=later + timedelta(seconds=1)):
        assert "Scheduled study" in client.get(LIST).text


def _lists_version() -> int:
    return PageVersion.objects.filter(family=freshness.LISTS).values_list("number").first()


def test_only_a_committed_write_moves_the_version(committed):
    committed(make_project)
    before = _lists_version()

    def write_then_fail():
        with pytest.raises(RuntimeError), transaction.atomic():
            make_project()
            raise RuntimeError("the save fails after the write")

    committed(write_then_fail)
    assert _lists_version() == before
    committed(make_project)
    assert _lists_version() == (before[0] + 1,)


def test_a_client_holding_the_current_page_gets_304(client, committed):
    committed(lambda: make_project())
    etag = client.get(LIST)["ETag"]
    assert client.get(LIST, headers={"if-none-match": etag}).status_code == 304
    committed(lambda: make_project())
    assert client.get(LIST, headers={"if-none-match": etag}).status_code == 200


def test_editors_with_a_session_never_get_a_cached_page(client, committed):
    committed(lambda: make_project())
    client.get(LIST)
    client.force_login(make_staff("Editor"))
    assert queries_for(client, LIST) > 1


def test_a_search_page_is_cached_until_the_index_changes(client, committed):
    first = committed(lambda: make_project(title="Findable one"))
    url = reverse("search") + "?q=findable"
    assert first.get_absolute_url() in client.get(url).text
    assert queries_for(client, url) == 1
    second = committed(lambda: make_project(title="Findable two"))
    assert second.get_absolute_url() in client.get(url).text


def test_a_search_page_changes_when_only_the_index_does(client, committed):
    """The index is applied after the commit that moved the content version: a page rendered
    in between must not outlive the index update."""
    project = committed(lambda: make_project(title="Findable three"))
    url = reverse("search") + "?q=findable"
    with mock.patch("search.signals.enqueue"):
        project.title = "Renamed entirely"
        committed(project.save)  # the content version moves; the index does not
    assert project.get_absolute_url() in client.get(url).text
    indexing.enqueue([f"project:{project.pk}"])
    committed(indexing.apply_pending)
    assert project.get_absolute_url() not in client.get(url).text


def test_a_deploy_never_meets_pages_cached_by_the_code_before_it(client, committed, monkeypatch):
    committed(make_project)
    monkeypatch.setattr(middleware, "release", lambda: "before")
    client.get(LIST)
    assert queries_for(client, LIST) == 1
    monkeypatch.setattr(middleware, "release", lambda: "after")
    assert queries_for(client, LIST) > 1


def test_the_release_fingerprint_follows_the_templates(settings, tmp_path):
    template = tmp_path / "templates" / "page.html"
    template.parent.mkdir()
    template.write_text("one")
    settings.BASE_DIR, settings.STATIC_ROOT = tmp_path, tmp_path / "static"
    middleware.release.cache_clear()
    first = middleware.release()
    template.write_text("two")
    middleware.release.cache_clear()
    assert middleware.release() != first
    middleware.release.cache_clear()


def test_the_release_fingerprint_reads_static_files_collected_outside_the_repository(
    settings, tmp_path
):
    from spi_portal.middleware import release

    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    (settings.STATIC_ROOT / "staticfiles.json").write_text('{"paths": {}}')
    release.cache_clear()
    try:
        first = release()
        (settings.STATIC_ROOT / "staticfiles.json").write_text('{"paths": {"a": "b"}}')
        release.cache_clear()
        assert release() != first
    finally:
        release.cache_clear()


def test_a_foreign_port_is_refused_and_never_reaches_the_cache(client, committed):
    committed(make_project)
    sitemap = reverse("sitemap")
    assert client.get(sitemap, HTTP_HOST="localhost:6666").status_code == 400
    assert "6666" not in client.get(sitemap, HTTP_HOST="localhost").text


def test_the_port_the_server_listens_on_is_accepted(client, committed):
    committed(make_project)
    response = client.get(reverse("sitemap"), HTTP_HOST="localhost:8000", SERVER_PORT="8000")
    assert response.status_code == 200
    assert "http://localhost:8000/sitemap-pages.xml" in response.text


def test_each_host_gets_its_own_cached_page(client, committed):
    committed(make_project)
    sitemap = reverse("sitemap")
    assert "http://localhost/" in client.get(sitemap, HTTP_HOST="localhost").text
    text = client.get(sitemap, HTTP_HOST="127.0.0.1").text
    assert "http://127.0.0.1/" in text
    assert "localhost" not in text


@pytest.mark.parametrize(
    "address",
    [
        reverse("sitemap"),
        reverse("feed"),
        reverse("api:index"),
        reverse("api:projects") + "?page_size=1",
        reverse("search:search-json") + "?q=walk",
    ],
)
def test_with_site_url_set_every_absolute_address_names_it(client, committed, settings, address):
    settings.SITE_URL = "https://spi.example.org"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "spi.example.org"]
    committed(lambda: make_project(title="Cached walk"))
    committed(lambda: make_project(title="Second walk"))
    committed(indexing.apply_pending)
    response = client.get(address, HTTP_HOST="localhost")
    assert response.status_code == 200
    assert "https://spi.example.org/" in response.text
    assert "//localhost" not in response.text


def test_unknown_query_parameters_make_no_new_pages(client, committed):
    committed(make_project)
    about = reverse("about")
    answers = {client.get(f"{about}?utm_{n}={n}&page={n}").status_code for n in range(30)}
    assert answers == {200}
    assert len(caches["pages"]._cache) == 1
    assert queries_for(client, about) == 1


def test_a_page_is_filed_under_the_parameters_it_reads(client, committed):
    strategy = committed(lambda: make_strategy(name="Foot patrol"))
    committed(lambda: make_project(title="Patrol study", strategies=[strategy]))
    committed(lambda: make_project(title="Other study"))
    text = client.get(f"{LIST}?utm_source=x&strategy={strategy.slug}&q=walk").text
    assert "Patrol study" in text and "Other study" not in text
    assert "utm_source" not in text and "q=walk" not in text
    assert queries_for(client, f"{LIST}?strategy={strategy.slug}") == 1
    assert "Other study" in client.get(LIST).text


def test_a_forged_etag_gets_no_304_for_another_address(client, committed):
    """The attack: release and version copied from any page's ETag, with the hash of another
    address (even one that does not exist) computed by the attacker."""
    committed(make_project)
    etag = client.get(LIST)["ETag"]
    for address in ("/no-such-page/", reverse("about")):
        digest = hashlib.sha256(address.encode()).hexdigest()[:16]
        forged = f'{etag.rsplit("-", 1)[0]}-{digest}"'
        response = client.get(address, headers={"if-none-match": forged})
        assert response.status_code != 304, address


def test_a_page_larger_than_the_cap_is_not_cached(client, committed, settings):
    committed(make_project)
    settings.PAGE_CACHE_MAX_BYTES = 1000
    client.get(LIST)
    assert queries_for(client, LIST) > 1
    settings.PAGE_CACHE_MAX_BYTES = 10_000_000
    client.get(LIST)
    assert queries_for(client, LIST) == 1


def test_an_api_list_is_cached_with_its_whole_query(client, committed):
    """The API refuses any parameter it does not read (a 400, never cached), so each query it
    answers is a page of its own."""
    committed(make_project)
    committed(make_project)
    address = reverse("api:projects") + "?page_size=1&page=2"
    assert client.get(address).json()["page"] == 2
    assert queries_for(client, address) == 1
    assert client.get(reverse("api:projects") + "?page_size=1&colour=red").status_code == 400
    assert len(caches["pages"]._cache) == 1


def _url_names(resolver, namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_names(pattern, inner)
        elif pattern.name:
            yield f"{namespace}{pattern.name}"
        else:
            yield pattern.lookup_str


def test_every_page_the_parameter_list_names_exists():
    # A renamed URL would silently lose its page's parameters (they are dropped as unread).
    assert set(addresses.QUERY_PARAMETERS) <= set(_url_names(get_resolver()))


def test_the_research_tools_keep_the_parameters_they_read(client):
    response = client.get(reverse("projects:like-mine") + "?problem=nonexistent-problem")
    assert response.status_code == 400


def test_an_unpublish_by_queryset_update_is_seen_by_the_cache(client, committed):
    project = committed(make_project)
    assert client.get(project.get_absolute_url()).status_code == 200
    committed(
        lambda: (
            type(project).objects.filter(pk=project.pk).update(status=PublicationStatus.UNPUBLISHED)
        )
    )
    assert client.get(project.get_absolute_url()).status_code == 404


# Narrow invalidation: a change renews the pages that show what it changed, and no other.


def _cached(client, url: str) -> bool:
    """Whether the page at ``url`` comes from the cache: one query (its versions), no render."""
    return queries_for(client, url) == 1


def test_a_save_leaves_unrelated_pages_cached_and_renews_its_own(client, committed):
    edited = committed(lambda: make_project(title="Edited study", strategies=[make_strategy()]))
    other = committed(lambda: make_project(title="Unrelated study", strategies=[make_strategy()]))
    lesson = committed(lambda: make_lesson(title="A lesson of another study", projects=[other]))
    unrelated = [other.get_absolute_url(), reverse("about"), lesson.get_absolute_url()]
    for url in [edited.get_absolute_url(), LIST, reverse("home"), *unrelated]:
        client.get(url)
    edited.title = "Edited study, renamed"
    committed(edited.save)
    for url in unrelated:
        assert _cached(client, url), url
    for url in [edited.get_absolute_url(), LIST, reverse("home"), reverse("feed")]:
        assert not _cached(client, url), url
        assert "Edited study, renamed" in client.get(url).text, url


def test_a_project_change_renews_every_page_that_shows_it(client, committed):
    strategy = committed(make_strategy)
    edited = committed(lambda: make_project(title="Shown elsewhere", strategies=[strategy]))
    related = committed(lambda: make_project(strategies=[strategy]))
    lesson = committed(lambda: make_lesson(projects=[edited]))
    pages = [related.get_absolute_url(), strategy.get_absolute_url(), lesson.get_absolute_url()]
    for url in pages:
        assert "Shown elsewhere" in client.get(url).text, url
    edited.title = "Shown elsewhere, renamed"
    committed(edited.save)
    for url in pages:
        assert "Shown elsewhere, renamed" in client.get(url).text, url


def test_a_lesson_change_renews_its_projects_pages_and_no_other_case_study(client, committed):
    linked = committed(make_project)
    other = committed(make_project)
    lesson = committed(lambda: make_lesson(title="Before", projects=[linked]))
    client.get(linked.get_absolute_url())
    client.get(other.get_absolute_url())
    lesson.title = "After"
    committed(lesson.save)
    assert "After" in client.get(linked.get_absolute_url()).text
    assert _cached(client, other.get_absolute_url())


def test_an_unlinked_strategy_renews_the_page_it_left(client, committed):
    strategy = committed(make_strategy)
    project = committed(lambda: make_project(title="Leaves the strategy", strategies=[strategy]))
    assert "Leaves the strategy" in client.get(strategy.get_absolute_url()).text
    committed(lambda: project.strategies.remove(strategy))
    assert "Leaves the strategy" not in client.get(strategy.get_absolute_url()).text


def test_a_new_address_leaves_nothing_at_the_old_one(client, committed):
    project = committed(make_project)
    old = project.get_absolute_url()
    assert client.get(old).status_code == 200
    project.slug = "a-new-address"
    committed(project.save)
    assert client.get(old).status_code == 301


def test_a_deletion_renews_every_page(client, committed):
    gone = committed(make_project)
    other = committed(make_project)
    client.get(other.get_absolute_url())
    committed(gone.delete)
    assert not _cached(client, other.get_absolute_url())


def test_a_scheduled_expiry_by_queryset_update_is_seen_on_every_page_of_it(client, committed):
    strategy = committed(make_strategy)
    project = committed(lambda: make_project(title="Expires", strategies=[strategy]))
    pages = [LIST, strategy.get_absolute_url(), reverse("feed")]
    for url in pages:
        assert "Expires" in client.get(url).text
    committed(
        lambda: (
            type(project).objects.filter(pk=project.pk).update(status=PublicationStatus.UNPUBLISHED)
        )
    )
    for url in pages:
        assert "Expires" not in client.get(url).text, url


def test_the_about_page_is_renewed_when_the_newest_change_is_on_another_day(client, committed):
    project = committed(make_project)
    client.get(reverse("about"))
    later = timezone.now() + timedelta(days=2)
    committed(lambda: type(project).objects.filter(pk=project.pk).update(updated_at=later))
    text = client.get(reverse("about")).text
    assert timezone.localdate(later).isoformat() in text


def test_a_change_it_cannot_work_out_renews_every_page(client, committed, monkeypatch):
    other = committed(make_project)
    client.get(other.get_absolute_url())
    monkeypatch.setattr(freshness, "touched", mock.Mock(side_effect=RuntimeError("no")))
    committed(make_project)
    assert not _cached(client, other.get_absolute_url())
