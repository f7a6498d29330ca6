"""The read-only JSON API: the pages' filters, pagination, published data only, bad input as a
JSON 400, conditional GET and a constant number of queries per list."""

import re

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from editorial.models import PublicationStatus
from projects.models import Resource
from tests.factories import (
    make_agency,
    make_crime_problem,
    make_lesson,
    make_outcome,
    make_partner,
    make_project,
    make_source,
    make_strategy,
)
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db

LISTS = ["projects", "outcomes", "lessons", "strategies", "crime_problems", "agencies", "partners"]


def _resource(project, url: str) -> Resource:
    resource = Resource.objects.create(title="Report", url=url, status=PublicationStatus.PUBLISHED)
    resource.projects.add(project)
    return resource


def get(client, name: str, **params):
    return client.get(reverse(f"api:{name}"), params)


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [record["slug"] for record in response.json()["results"]]


def test_projects_take_the_case_study_list_filters(client):
    strategy = make_strategy()
    wanted = make_project(strategies=[strategy], agency=make_agency(state="PA"))
    make_project(strategies=[strategy], agency=make_agency(state="AZ"))
    make_project(agency=make_agency(state="PA"))
    response = get(client, "projects", strategy=strategy.slug, state="PA")
    assert slugs(response) == [wanted.slug]
    page = client.get(reverse("projects:list"), {"strategy": strategy.slug, "state": "PA"})
    assert [p.slug for p in page.context["page"]] == [wanted.slug]


def test_projects_keep_the_exchange_format_less_the_editors_notes(client):
    project = make_project(notes="Editors only: checked against the PDF")
    make_outcome(project, measure="robbery", value=-19)
    (record,) = get(client, "projects").json()["results"]
    assert record["agency"] == project.agency.name
    assert record["award_year"] == project.cohort_year
    assert record["outcomes"][0]["measure"] == "robbery"
    assert record["outcomes"][0]["change_percent"] == -19
    assert "notes" not in record
    assert "Editors only" not in get(client, "projects").text


def test_unsafe_addresses_are_left_out(client):
    bad = make_source(url="javascript:alert(1)")
    project = make_project(sources=[bad, make_source(url="https://example.org/report")])
    make_outcome(project, source=bad)
    _resource(project, "javascript:alert(2)")
    text = get(client, "projects").text
    assert "javascript:" not in text
    assert "https://example.org/report" in text


def test_pages_are_stable_and_linked(client):
    made = {make_project(cohort_year=2012).slug for _ in range(5)}
    first = get(client, "projects", page_size=2).json()
    assert (first["count"], first["pages"], first["previous"]) == (5, 3, None)
    seen = []
    url = reverse("api:projects") + "?page_size=2"
    while url:
        data = client.get(url).json()
        seen += [record["slug"] for record in data["results"]]
        url = data["next"]
    assert sorted(seen) == sorted(made) and len(seen) == 5


@pytest.mark.parametrize("name", LISTS)
def test_every_list_breaks_ties_by_primary_key(client, name):
    """Records that sort alike (two lessons of one title) keep one order from page to page."""
    _grow_projects(1)
    _grow_projects(1)
    with CaptureQueriesContext(connection) as captured:
        get(client, name, page_size=1, page=2)
    (page_query,) = [q["sql"] for q in captured.captured_queries if "OFFSET 1" in q["sql"]]
    # The last LIMIT is the page's: an EXISTS in the select list has its own.
    assert re.search(r'ORDER BY .*"id" ASC$', page_query.rsplit(" LIMIT ", 1)[0])


@pytest.mark.parametrize("name", LISTS)
def test_drafts_are_on_no_list(client, name):
    strategy, problem, partner = make_strategy(), make_crime_problem(), make_partner()
    draft = make_project(
        title="Draft only",
        status=PublicationStatus.DRAFT,
        strategies=[strategy],
        crime_problems=[problem],
    )
    draft.research_partners.add(partner)
    make_outcome(draft, measure="draft measure")
    make_lesson(title="Draft lesson", status=PublicationStatus.DRAFT, projects=[draft])
    make_lesson(title="Public lesson", projects=[draft])
    response = get(client, name)
    assert response.status_code == 200
    text = response.text
    assert draft.slug not in text and "Draft only" not in text
    assert "draft measure" not in text and "Draft lesson" not in text
    assert draft.agency.name not in text and partner.name not in text


def test_a_draft_project_has_no_record(client):
    draft = make_project(status=PublicationStatus.DRAFT)
    response = client.get(reverse("api:project", args=[draft.slug]))
    assert response.status_code == 404
    assert response.json()["errors"][0]["message"]


def test_a_published_project_has_a_record(client):
    project = make_project()
    response = client.get(reverse("api:project", args=[project.slug]))
    assert response.status_code == 200
    assert response.json()["slug"] == project.slug


def test_outcomes_follow_their_projects_filters(client):
    strategy = make_strategy()
    make_outcome(make_project(strategies=[strategy]), measure="wanted")
    make_outcome(make_project(), measure="other")
    rows = get(client, "outcomes", strategy=strategy.slug).json()["results"]
    assert [row["measure"] for row in rows] == ["wanted"]


def test_lessons_take_the_lesson_list_filters(client):
    wanted = make_lesson(audiences=["analysts"])
    make_lesson(audiences=["executives"])
    assert slugs(get(client, "lessons", audience="analysts")) == [wanted.slug]


def test_terms_count_published_projects_only(client):
    strategy = make_strategy()
    make_project(strategies=[strategy])
    make_project(strategies=[strategy], status=PublicationStatus.DRAFT)
    (record,) = get(client, "strategies").json()["results"]
    assert record["project_count"] == 1


HOSTILE = [
    ("page", "0"),
    ("page", "-1"),
    ("page", "99999999999999999999999999"),
    ("page", "abc"),
    ("page", "\uff12"),  # a full-width digit
    ("page_size", "1000"),
    ("state", "ZZ"),
    ("state", "é"),
    ("year", "twenty"),
    ("strategy", "javascript:alert(1)"),
    ("strategy", "no-such-strategy"),
    ("significant", "on"),
    ("sort", "'; DROP TABLE projects_project; --"),
    ("fields", "summary"),
    ("crime_problem", "violent-crime"),
]


@pytest.mark.parametrize(("parameter", "value"), HOSTILE)
def test_bad_input_is_a_400_naming_the_parameter(client, parameter, value):
    make_project()
    response = get(client, "projects", **{parameter: value})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json; charset=utf-8"
    (error,) = response.json()["errors"][:1]
    assert error["parameter"] == parameter
    assert error["message"]


@pytest.mark.parametrize("name", ["strategies", "agencies", "lessons"])
def test_every_list_refuses_unknown_parameters_and_missing_pages(client, name):
    assert get(client, name, colour="red").status_code == 400
    assert get(client, name, page=5).status_code == 400


def test_an_empty_list_has_one_empty_page(client):
    data = get(client, "projects").json()
    assert (data["count"], data["pages"], data["results"]) == (0, 1, [])


def test_conditional_get_answers_304_until_the_data_changes(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # what a publish commits
        make_project()
    first = get(client, "projects")
    etag = first["ETag"]
    assert etag
    again = client.get(reverse("api:projects"), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    with django_capture_on_commit_callbacks(execute=True):
        make_project()
    changed = client.get(reverse("api:projects"), HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200


def _grow_projects(n):
    strategy, problem = make_strategy(), make_crime_problem()
    for _ in range(n):
        project = make_project(strategies=[strategy], crime_problems=[problem])
        project.research_partners.add(make_partner())
        make_outcome(project)
        make_lesson(projects=[project]).strategies.add(strategy)
        _resource(project, "https://example.org/r")


@pytest.mark.parametrize("name", LISTS)
def test_list_query_count_does_not_grow(client, name):
    assert_constant_queries(client, reverse(f"api:{name}") + "?page_size=100", _grow_projects)


def test_the_index_names_every_list_and_the_description(client):
    links = client.get(reverse("api:api-root")).json()
    assert links["openapi"].endswith(reverse("api:openapi-json"))
    assert set(LISTS) <= set(links)


ODD_VALUES = ["99999999999999999999999", "-5", "1e400", "NaN", "\x00", "🚓", "\u202e", "2009.5"]


@pytest.mark.parametrize("value", ODD_VALUES)
@pytest.mark.parametrize("parameter", ["year", "state", "project", "strategy", "sms", "page"])
def test_odd_values_are_answered_never_a_server_error(client, parameter, value):
    make_outcome(make_project())
    for url in (reverse("api:projects"), reverse("api:outcomes"),
                reverse("projects:download", args=["projects", "csv"])):  # fmt: skip
        response = client.get(url, {parameter: value})
        assert response.status_code in (200, 400), (url, response.status_code)
        if response.status_code == 200 and response.streaming:
            response.getvalue()


def test_a_database_outage_is_a_json_503(db):
    visitor = Client(raise_request_exception=False)

    def refuse(execute, sql, params, many, context):
        raise OperationalError("connection refused")

    with connection.execute_wrapper(refuse):
        response = visitor.get(reverse("api:projects"))
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "temporarily unavailable" in response.json()["error"]
