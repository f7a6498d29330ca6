"""The lessons list, a core practice's page and a lesson's page: drafts stay hidden, filters
explain bad input, and queries do not grow with the lessons."""

import pytest
from django.urls import reverse

from editorial.models import PublicationStatus
from tests.factories import make_core_practice, make_lesson, make_project, make_strategy
from tests.querycount import assert_constant_queries

URL = reverse("lessons:list")
pytestmark = pytest.mark.django_db


def test_lessons_are_grouped_by_core_practice(client):
    targeting = make_core_practice(name="Strategic targeting", order=1)
    outreach = make_core_practice(name="Outreach and collaboration", order=2)
    make_lesson(title="Pick the places", core_practice=targeting)
    make_lesson(title="Talk to the block", core_practice=outreach)
    text = client.get(URL).text
    assert text.index("Strategic targeting <span") < text.index("Pick the places")
    assert text.index("Outreach and collaboration <span") < text.index("Talk to the block")


def test_draft_lesson_is_not_listed(client):
    make_lesson(title="Unreviewed lesson", status=PublicationStatus.DRAFT)
    assert "Unreviewed lesson" not in client.get(URL).text


def test_filter_by_audience(client):
    make_lesson(title="For analysts", audiences=["analysts"])
    make_lesson(title="For chiefs", audiences=["executives"])
    text = client.get(URL, {"audience": "analysts"}).text
    assert "For analysts" in text and "For chiefs" not in text
    assert "Crime analysts (1)</option>" in text


def test_filter_by_strategy(client):
    strategy = make_strategy(slug="foot-patrol")
    make_lesson(title="Walk it").strategies.set([strategy])
    make_lesson(title="Drive it")
    text = client.get(URL, {"strategy": "foot-patrol"}).text
    assert "Walk it" in text and "Drive it" not in text


def test_unknown_audience_gets_a_clear_message(client):
    response = client.get(URL, {"audience": "astronauts"})
    assert response.status_code == 400
    assert "Audience “astronauts” was ignored" in response.text


def test_practice_page_shows_only_that_practice(client):
    targeting = make_core_practice(name="Strategic targeting")
    make_lesson(title="Targeted", core_practice=targeting)
    make_lesson(title="Elsewhere")
    response = client.get(targeting.get_absolute_url())
    assert "<h1>Strategic targeting</h1>" in response.text
    assert "Targeted" in response.text and "Elsewhere" not in response.text


def test_unknown_practice_is_a_404(client):
    assert client.get(reverse("lessons:practice", args=["nope"])).status_code == 404


def test_lesson_detail_renders_markdown_and_links_published_projects(client):
    lesson = make_lesson(body="Use **data** first.")
    lesson.projects.set(
        [make_project(title="Public one"), make_project(title="Draft one", status="draft")]
    )
    text = client.get(lesson.get_absolute_url()).text
    assert "<strong>data</strong>" in text
    assert "Public one" in text and "Draft one" not in text


def test_draft_lesson_detail_is_a_404(client):
    lesson = make_lesson(status=PublicationStatus.DRAFT)
    assert client.get(lesson.get_absolute_url()).status_code == 404


def test_lesson_list_query_count_does_not_grow(client):
    practice = make_core_practice()
    strategy = make_strategy()

    def grow(n):
        for _ in range(n):
            make_lesson(core_practice=practice, audiences=["analysts"]).strategies.set([strategy])

    assert_constant_queries(client, URL, grow)


def test_practice_page_query_count_does_not_grow(client):
    practice = make_core_practice()

    def grow(n):
        for _ in range(n):
            make_lesson(core_practice=practice)

    assert_constant_queries(client, practice.get_absolute_url(), grow)
