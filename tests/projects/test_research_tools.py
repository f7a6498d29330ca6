"""The evidence matrix and compare."""

import re

import pytest
from django.urls import reverse

from editorial.models import PublicationStatus
from projects.strength import SHAPES, StrengthClass
from tests.factories import (
    make_crime_problem,
    make_lesson,
    make_outcome,
    make_project,
    make_strategy,
)
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db

MATRIX = reverse("projects:matrix")
COMPARE = reverse("compare")


def _cell(html: str, project) -> str:
    """The cell link of the matrix cell holding ``project``'s dot."""
    for cell in re.findall(r'<td class="matrix-cell has-projects">(.*?)</td>', html, re.S):
        if project.get_absolute_url() in cell:
            return re.search(r'class="cell-link" href="([^"]*)"', cell).group(1)
    return ""


def test_matrix_places_each_project_in_its_cell(client):
    hot_spots = make_project(
        matrix_target="micro_places", specificity="focused", proactivity="proactive"
    )
    make_outcome(hot_spots, value=-20, significance="significant")
    reform = make_project(
        matrix_target="jurisdictions", specificity="general", proactivity="reactive"
    )
    html = client.get(MATRIX).text
    assert "matrix_target=micro_places&amp;specificity=focused&amp;proactivity=proactive" in (
        _cell(html, hot_spots)
    )
    assert "matrix_target=jurisdictions&amp;specificity=general&amp;proactivity=reactive" in (
        _cell(html, reform)
    )


def test_matrix_dot_shows_the_result_in_shape_and_words(client):
    def placed(**kwargs):
        return make_project(
            matrix_target="groups", specificity="focused", proactivity="proactive", **kwargs
        )

    violence = make_crime_problem(name="Violent crime", slug="violent-crime")
    better, worse, flat, untested = (placed(sms_level=5) for _ in range(4))
    make_outcome(better, value=-20, significance="significant", crime_problem=violence)
    make_outcome(worse, value=15, significance="significant", crime_problem=violence)
    make_outcome(flat, value=3, significance="not_tested", crime_problem=violence)
    make_outcome(untested, value=-3, significance="not_tested", crime_problem=violence)
    html = client.get(MATRIX).text
    for project, result, words in (
        (better, "effect", "evidence of effect"),
        (worse, "no-effect", "no evidence of effect"),
        (flat, "not-rated", "not rated"),
        (untested, "promising", "promising but not tested with a comparison"),
    ):
        item = re.search(rf'<a href="{project.get_absolute_url()}"(.*?)</li>', html, re.S).group(1)
        assert f"result-{result}" in item and f": {words}; randomized (Maryland 5)<" in item


def test_matrix_marker_shape_is_the_design_strength(client):
    def placed(**kwargs):
        return make_project(
            matrix_target="groups", specificity="focused", proactivity="proactive", **kwargs
        )

    trial = placed(design="rct", sms_level=5, stage="completed")
    before_after = placed(design="pre_post", sms_level=2, stage="completed")
    time_series = placed(design="time_series", sms_level=3, stage="completed")
    planned = placed(design="rct", design_planned=True)
    for project in (trial, before_after, time_series, planned):
        make_outcome(project, value=-20, significance="significant")
    html = client.get(MATRIX).text
    for project, kind, words in (
        (trial, StrengthClass.RANDOMIZED, "randomized (Maryland 5)"),
        (before_after, StrengthClass.NO_COMPARISON, "no comparison group (Maryland 2)"),
        (time_series, StrengthClass.NO_COMPARISON, "no comparison group (Maryland 2)"),
        (planned, StrengthClass.PLANNED, "planned, not yet done"),
    ):
        item = re.search(rf'<a href="{project.get_absolute_url()}"(.*?)</li>', html, re.S).group(1)
        assert f'<path d="{SHAPES[kind]}"/>' in item
        assert f"; {words}<" in item
    legend = html.split("Shape: design strength")[1].split("Fill: result")[0]
    assert re.findall(r"</svg>([^<]+)</li>", legend) == [
        "Randomized (Maryland 5)",
        "No comparison group (Maryland 1 or 2)",
        "Planned, not yet done",
    ]


def test_matrix_names_the_target_in_words_not_its_code(client):
    make_project(matrix_target="micro_places", specificity="focused", proactivity="proactive")
    html = client.get(MATRIX).text
    assert "aimed at micro places, focused" in html
    assert "aimed at micro_places" not in html


def test_matrix_lists_projects_it_cannot_place_with_what_is_missing(client):
    project = make_project(specificity="focused", proactivity="proactive")
    html = client.get(MATRIX).text
    unplaced = html.split("Not enough information to place")[1]
    assert project.get_absolute_url() in unplaced and "target not recorded" in unplaced
    assert _cell(html, project) == ""


def test_matrix_filters_by_strategy_and_crime_problem(client):
    strategy, problem = make_strategy(), make_crime_problem()
    axes = {"matrix_target": "individuals", "specificity": "focused", "proactivity": "proactive"}
    inside = make_project(strategies=[strategy], crime_problems=[problem], **axes)
    outside = make_project(strategies=[strategy], **axes)
    html = client.get(MATRIX, {"strategy": strategy.slug, "problem": problem.slug}).text
    assert inside.get_absolute_url() in html and outside.get_absolute_url() not in html
    assert f"&amp;strategy={strategy.slug}" in _cell(html, inside)


def test_matrix_cell_link_lists_exactly_its_projects(client):
    axes = {"matrix_target": "neighborhoods", "specificity": "general", "proactivity": "proactive"}
    inside = make_project(title="In the cell", **axes)
    make_project(title="Next door", **(axes | {"proactivity": "reactive"}))
    link = _cell(client.get(MATRIX).text, inside).replace("&amp;", "&")
    html = client.get(link).text
    assert "In the cell" in html and "Next door" not in html


def test_matrix_unknown_filter_is_a_400_that_says_so(client):
    response = client.get(MATRIX, {"strategy": "no-such-strategy"})
    assert response.status_code == 400
    assert "no-such-strategy" in response.text


def test_matrix_leaves_out_drafts(client):
    axes = {"matrix_target": "groups", "specificity": "focused", "proactivity": "proactive"}
    draft = make_project(status=PublicationStatus.DRAFT, **axes)
    make_project(**axes)
    assert draft.get_absolute_url() not in client.get(MATRIX).text


def test_matrix_query_count_does_not_grow(client):
    def grow(n):
        for _ in range(n):
            project = make_project(
                matrix_target="groups", specificity="focused", proactivity="proactive",
                strategies=[make_strategy()],
            )  # fmt: skip
            make_outcome(project)

    assert_constant_queries(client, MATRIX, grow)


def _compare(*projects):
    return reverse("compare") + "?" + "&".join(f"p={p.slug}" for p in projects)


def test_compare_shows_four_projects_side_by_side_in_the_chosen_order(client):
    projects = [make_project(title=f"Project {n}") for n in "DCBA"]
    make_outcome(projects[0], measure="gun assaults", value=-12)
    lesson = make_lesson(title="Start small", projects=[projects[1]])
    response = client.get(_compare(*projects))
    assert response.status_code == 200
    header = response.text.split("<thead>")[1].split("</thead>")[0]
    assert re.findall(r"Project [A-D]", header) == [
        "Project D",
        "Project C",
        "Project B",
        "Project A",
    ]
    body = response.text.split("<tbody>")[1]
    assert "Gun assaults" in body and lesson.title in body
    for heading in ("Agency", "The problem", "What was done", "Design and rigor", "Outcomes",
                    "Lessons", "Sources"):  # fmt: skip
        assert f'<th scope="row">{heading}</th>' in body


def test_compare_gives_each_awards_own_size_and_says_when_it_is_the_agencys(client):
    older = make_project(title="Project Old", cohort_year=2010)
    agency = older.agency
    agency.population = 109729  # the agency's current figure
    agency.save()
    older.population = 103065
    older.save()
    newer = make_project(title="Project New", cohort_year=2015, agency=agency)
    body = client.get(_compare(older, newer)).text.split("<tbody>")[1]
    assert "103,065 residents (at the award)" in body
    assert "109,729 residents (the agency&#x27;s current figure)" in body
    assert body.count("109,729") == 1


@pytest.mark.parametrize("count", [1, 5])
def test_compare_refuses_one_or_five(client, count):
    projects = [make_project() for _ in range(count)]
    response = client.get(_compare(*projects))
    assert response.status_code == 400
    assert f"Choose 2 to 4 different case studies to compare; you chose {count}." in response.text
    assert "<tbody>" not in response.text


def test_compare_names_an_unknown_or_draft_project(client):
    draft = make_project(status=PublicationStatus.DRAFT, title="Secret draft")
    response = client.get(_compare(make_project(), draft))
    assert response.status_code == 400
    assert f"There is no published case study at “{draft.slug}”." in response.text
    assert "Secret draft" not in response.text


def test_compare_without_a_choice_offers_the_picker(client):
    project = make_project()
    make_project(status=PublicationStatus.DRAFT, title="Secret draft")
    response = client.get(COMPARE)
    assert response.status_code == 200
    assert f'value="{project.slug}"' in response.text and "Secret draft" not in response.text


def test_compare_query_count_does_not_grow_with_outcomes_and_sources(client):
    projects = [make_project() for _ in range(4)]
    made = []

    def grow(n):
        for _ in range(n):
            made.append(make_outcome(projects[len(made) % 4], measure=f"measure {len(made)}"))
            make_lesson(projects=[projects[len(made) % 4]])

    assert_constant_queries(client, _compare(*projects), grow)


def test_list_cards_tick_into_the_compare_form(client):
    project = make_project()
    html = client.get(reverse("projects:list")).text
    assert f'name="p" value="{project.slug}"' in html
    assert '<form id="compare-form" method="get" action="/sites/compare/"' in html
