"""Strategy and crime-problem pages: their projects, outcomes and lessons, drafts hidden, unknown
terms a 404, and queries that do not grow with the projects."""

import pytest
from django.urls import reverse

from editorial.models import PublicationStatus
from tests.factories import (
    make_crime_problem,
    make_lesson,
    make_outcome,
    make_project,
    make_strategy,
)
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db


def test_strategy_index_counts_published_projects_only(client):
    strategy = make_strategy(name="Foot patrol")
    make_project(strategies=[strategy])
    make_project(strategies=[strategy], status=PublicationStatus.DRAFT)
    text = client.get(reverse("strategy-list")).text
    assert "Foot patrol" in text
    assert "1 project<" in text


def test_strategy_page_gathers_projects_and_their_outcomes(client):
    strategy = make_strategy(name="Foot patrol")
    project = make_project(title="Walking the beat", strategies=[strategy])
    make_outcome(project, measure="violent crime", value=-23)
    text = client.get(strategy.get_absolute_url()).text
    assert "<h1>Foot patrol</h1>" in text
    assert "Walking the beat" in text and "\u221223%" in text


def test_strategy_page_hides_draft_projects(client):
    strategy = make_strategy()
    make_project(title="Draft use", strategies=[strategy], status=PublicationStatus.DRAFT)
    assert "Draft use" not in client.get(strategy.get_absolute_url()).text


def test_unknown_strategy_is_a_404(client):
    assert client.get(reverse("strategy-detail", args=["nope"])).status_code == 404


def test_crime_problem_page_lists_projects_and_lessons(client):
    problem = make_crime_problem(name="Gun violence")
    make_project(title="Shots fired", crime_problems=[problem])
    lesson = make_lesson(title="Trace every gun")
    lesson.crime_problems.set([problem])
    text = client.get(problem.get_absolute_url()).text
    assert "Shots fired" in text and "Trace every gun" in text


def test_strategy_page_query_count_does_not_grow(client):
    strategy = make_strategy()

    def grow(n):
        for _ in range(n):
            make_outcome(make_project(strategies=[strategy]))

    assert_constant_queries(client, strategy.get_absolute_url(), grow)


def test_crime_problem_index_query_count_does_not_grow(client):
    def grow(n):
        for _ in range(n):
            make_project(crime_problems=[make_crime_problem()])

    assert_constant_queries(client, reverse("crime-problem-list"), grow)


@pytest.mark.parametrize("comparison", ["against control hot spots", "before vs. after"])
def test_an_outcomes_comparison_reads_as_written(client, comparison):
    """The facts write comparisons as "against ..." or "before vs. after": the page labels
    them, never "Compared with against"."""
    strategy = make_strategy()
    make_outcome(make_project(strategies=[strategy]), comparison=comparison)
    text = client.get(strategy.get_absolute_url()).text
    assert f"Comparison: {comparison}" in text and "Compared with" not in text
