"""The evidence summary of a strategy or crime problem, against counts made by hand."""

import pytest

from editorial.models import PublicationStatus
from projects.evidence import summarise, summarise_by_term
from projects.models import CrimeProblem, Project, Strategy
from tests.factories import make_crime_problem, make_outcome, make_project, make_strategy
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def hot_spots():
    """Seven projects, counted by hand:
    - RCT, violent crime down, significant: improvement, comparison design
    - quasi-experiment, robbery down, not significant: no change, comparison design
    - before and after, robbery up, not significant: no change
    - before and after, complaints up, significant: worsening
    - descriptive, burglary down, not tested: untested
    - no outcome at all: untested
    - a draft with a significant improvement: not counted at all
    """
    strategy = make_strategy(name="Hot spots policing")
    guns = make_crime_problem(name="Gun violence")
    rct = make_project(strategies=[strategy], crime_problems=[guns], sms_level=5)
    make_outcome(rct, value=-20, significance="significant")
    quasi = make_project(strategies=[strategy], sms_level=4)
    make_outcome(quasi, measure="robbery", value=-8, significance="not_significant")
    level_two = make_project(strategies=[strategy], sms_level=2)
    make_outcome(level_two, measure="robbery", value=3, significance="not_significant")
    worse = make_project(strategies=[strategy], crime_problems=[guns], sms_level=2)
    make_outcome(
        worse, measure="complaints", category="complaints_force", value=12,
        significance="significant",
    )  # fmt: skip
    untested = make_project(strategies=[strategy], sms_level=1)
    make_outcome(untested, measure="burglary", value=-30, significance="not_tested")
    make_project(strategies=[strategy])
    draft = make_project(strategies=[strategy], status=PublicationStatus.DRAFT, sms_level=5)
    make_outcome(draft, value=-50, significance="significant")
    return strategy, guns


def test_counts_match_the_hand_count(hot_spots):
    strategy, _ = hot_spots
    summary = summarise(Project.objects.published().for_strategy(strategy))
    assert (summary.tried, summary.comparison) == (6, 2)
    assert (summary.improvement, summary.no_change, summary.worsening, summary.untested) == (
        1, 2, 1, 2,
    )  # fmt: skip
    assert summary.comparison_improvement == 1
    assert summary.verdict == (
        "Evaluated with a comparison design in 2 of 6 SPI projects; 1 of these found a "
        "significant improvement."
    )


def test_a_significant_improvement_outranks_a_significant_worsening(client):
    # The Result rule: a project counts under the first that applies, improvement first.
    mixed = make_project()
    make_outcome(mixed, measure="violent crime", value=-20, significance="significant")
    make_outcome(
        mixed, measure="complaints", category="complaints_force", value=12,
        significance="significant",
    )  # fmt: skip
    summary = summarise(Project.objects.published())
    assert (summary.improvement, summary.worsening) == (1, 0)
    for result, count in [("improvement", 1), ("worsening", 0)]:
        listed = client.get(f"/sites/?result={result}").context["page"]
        assert listed.paginator.count == count


def test_an_alternate_figure_does_not_count(hot_spots):
    strategy, _ = hot_spots
    quasi = Project.objects.get(sms_level=4)
    make_outcome(
        quasi, measure="robbery (other source)", result_key="robbery", is_headline=False,
        value=-9, significance="significant",
    )  # fmt: skip
    summary = summarise(Project.objects.published().for_strategy(strategy))
    assert summary.improvement == 1 and summary.no_change == 2


def test_breakdown_by_crime_problem_counts_each_problem(hot_spots):
    strategy, _ = hot_spots
    rows = summarise_by_term(
        Project.objects.published().for_strategy(strategy), CrimeProblem.objects.all(), "projects"
    )
    assert [(term.name, s.tried, s.improvement, s.worsening) for term, s in rows] == [
        ("Gun violence", 2, 1, 1)
    ]


def test_every_count_links_to_the_projects_it_counts(client, hot_spots):
    strategy, _ = hot_spots
    text = client.get(strategy.get_absolute_url()).text
    assert "Portal\u2019s summary" in text and "not a systematic review" in text
    base = f"/sites/?strategy={strategy.slug}"
    for query, expected in [
        ("&amp;comparison=yes", 2), ("&amp;result=improvement", 1),
        ("&amp;result=no-change", 2), ("&amp;result=untested", 2),
    ]:  # fmt: skip
        assert f'href="{base}{query}"><span class="evidence-count">{expected}</span>' in text
        listed = client.get(f"{base}{query.replace('&amp;', '&')}").context["page"]
        assert listed.paginator.count == expected


def test_the_result_facet_counts_what_each_result_filter_lists(client, hot_spots):
    # The facet counts each project's result in one expression; the filter selects by condition.
    strategy, _ = hot_spots
    base = f"/sites/?strategy={strategy.slug}"
    (group,) = [g for g in client.get(base).context["facets"] if g.name == "result"]
    counted = {option.value: option.count for option in group.options}
    assert counted == {"improvement": 1, "worsening": 1, "no-change": 2, "untested": 2}
    for value, count in counted.items():
        assert client.get(f"{base}&result={value}").context["page"].paginator.count == count


def test_case_clearance_gathers_projects_that_measured_clearance(client):
    clearance = make_crime_problem(name="Case clearance", slug="case-clearance")
    homicide = make_crime_problem(name="Homicide")
    boston = make_project(title="Solving homicides", crime_problems=[homicide])
    make_outcome(boston, measure="homicide clearance rate", category="clearance", value=9.8)
    text = client.get(clearance.get_absolute_url()).text
    assert "Solving homicides" in text and "No published project" not in text


def test_strategy_pages_stay_bounded_and_link_to_the_full_list(client):
    strategy = make_strategy()
    for level in range(1, 6):
        for _ in range(3):
            make_outcome(make_project(strategies=[strategy], sms_level=level))
    page = client.get(strategy.get_absolute_url())
    assert len(page.context["rows"]) == 8
    assert [p.sms_level for p, _ in page.context["rows"]][:3] == [5, 5, 5]
    assert f"All 15 projects under {strategy.name.lower()}" in page.text


def test_taxonomy_lists_sort_without_regard_to_case(client):
    for name in ("CCTV", "Case management", "CPTED", "body-worn cameras"):
        make_strategy(name=name)
    names = [s.name for s in Strategy.objects.all()]
    assert names == ["body-worn cameras", "Case management", "CCTV", "CPTED"]
    text = client.get("/strategies/").text
    assert text.index("Case management") < text.index("CCTV") < text.index("CPTED")


@pytest.mark.parametrize("kind", ["strategy", "crime problem"])
def test_term_pages_run_as_many_queries_with_30_projects_as_with_3(client, kind):
    strategy, problem = make_strategy(), make_crime_problem()

    def grow(n):
        for _ in range(n):
            project = make_project(strategies=[strategy], crime_problems=[problem], sms_level=4)
            make_outcome(project)
            # Each project brings a new row to the breakdown table as well.
            project.strategies.add(make_strategy())
            project.crime_problems.add(make_crime_problem())

    term = strategy if kind == "strategy" else problem
    assert_constant_queries(client, term.get_absolute_url(), grow)
