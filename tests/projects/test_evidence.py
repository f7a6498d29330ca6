"""The evidence summary of a strategy or crime problem, against counts made by hand."""

import pytest

from editorial.models import PublicationStatus
from projects import evidence
from projects.evidence import summarise, summarise_by_term
from projects.models import CrimeProblem, Project, Strategy
from projects.ratings import Rating
from tests.factories import make_crime_problem, make_outcome, make_project, make_strategy
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def hot_spots():
    """Seven projects, rated by hand:
    - RCT, violent crime down, significant: evidence of effect, comparison design
    - quasi-experiment, robbery down, not significant: no evidence of effect, comparison design
    - before and after, robbery up, not significant: no evidence of effect
    - before and after, complaints up, significant: no evidence of effect (on complaints)
    - descriptive, burglary down, not tested: promising
    - no outcome at all: not rated
    - a draft with a significant improvement: not counted at all
    """
    strategy = make_strategy(name="Hot spots policing")
    guns = make_crime_problem(name="Gun violence")
    problem = {
        name: make_crime_problem(name=name.capitalize(), slug=slug)
        for name, slug in (("violent crime", "violent-crime"), ("robbery", "robbery"),
                           ("burglary", "burglary"))
    }  # fmt: skip
    rct = make_project(strategies=[strategy], crime_problems=[guns], sms_level=5)
    make_outcome(rct, value=-20, significance="significant", crime_problem=problem["violent crime"])
    quasi = make_project(strategies=[strategy], sms_level=4)
    make_outcome(
        quasi, measure="robbery", value=-8, significance="not_significant",
        crime_problem=problem["robbery"],
    )  # fmt: skip
    level_two = make_project(strategies=[strategy], sms_level=2)
    make_outcome(
        level_two, measure="robbery", value=3, significance="not_significant",
        crime_problem=problem["robbery"],
    )  # fmt: skip
    worse = make_project(strategies=[strategy], crime_problems=[guns], sms_level=2)
    make_outcome(
        worse, measure="complaints", category="complaints_force", value=12,
        significance="significant",
    )  # fmt: skip
    untested = make_project(strategies=[strategy], sms_level=1)
    make_outcome(
        untested, measure="burglary", value=-30, significance="not_tested",
        crime_problem=problem["burglary"],
    )  # fmt: skip
    make_project(strategies=[strategy])
    draft = make_project(strategies=[strategy], status=PublicationStatus.DRAFT, sms_level=5)
    make_outcome(draft, value=-50, significance="significant")
    return strategy, guns


def _counts(summary):
    return {rating.value: summary.count(rating) for rating in Rating if summary.count(rating)}


def test_counts_match_the_hand_count(hot_spots):
    strategy, _ = hot_spots
    summary = summarise(Project.objects.published().for_strategy(strategy))
    assert (summary.tried, summary.comparison) == (6, 2)
    assert _counts(summary) == {"effect": 1, "no-effect": 3, "promising": 1, "not-rated": 1}
    assert summary.verdict == (
        "2 of the 6 SPI projects were evaluated with a comparison design: 1 found evidence of "
        "effect; 1 tested and found no significant improvement."
    )


def test_an_alternate_figure_does_not_count(hot_spots):
    strategy, _ = hot_spots
    quasi = Project.objects.get(sms_level=4)
    make_outcome(
        quasi, measure="robbery (other source)", result_key="robbery", is_headline=False,
        value=-9, significance="significant",
        crime_problem=CrimeProblem.objects.get(slug="robbery"),
    )  # fmt: skip
    summary = summarise(Project.objects.published().for_strategy(strategy))
    assert summary.count(Rating.EFFECT) == 1 and summary.count(Rating.NO_EFFECT) == 3


def test_a_crime_problem_page_rates_each_project_on_that_problem(hot_spots):
    _, guns = hot_spots
    summary = summarise(Project.objects.published().for_crime_problem(guns), guns)
    # The trial measured violent crime and the other project complaints: neither measured gun
    # violence, so neither is rated on it; the complaints figure is listed apart.
    assert summary.tried == 2 and _counts(summary) == {"not-rated": 2}
    assert [item.outcome.measure for item in summary.non_crime] == ["complaints"]
    assert summary.non_crime_total == 1
    assert "found evidence of effect" not in summary.verdict


def test_a_crime_problem_page_lists_its_first_non_crime_results_and_counts_them_all(
    hot_spots, monkeypatch, client
):
    _, guns = hot_spots
    monkeypatch.setattr(evidence, "NON_CRIME_SHOWN", 1)
    other = make_project(crime_problems=[guns])
    make_outcome(other, measure="cost per arrest", category="cost_efficiency", result_key="cost")
    summary = summarise(Project.objects.published().for_crime_problem(guns), guns)
    assert [item.outcome.measure for item in summary.non_crime] == ["complaints"]
    assert summary.non_crime_total == 2
    page = client.get(guns.get_absolute_url()).content.decode()
    assert "The first 1 of 2" in page and "outcomes.csv?problem=" in page


def test_breakdown_by_crime_problem_rates_on_each_problem(hot_spots):
    strategy, guns = hot_spots
    rows = summarise_by_term(
        Project.objects.published().for_strategy(strategy), CrimeProblem.objects.all(),
        "crime_problems",
    )  # fmt: skip
    found = {term.slug: (s.tried, _counts(s)) for term, s in rows}
    assert found["violent-crime"] == (1, {"effect": 1})
    assert found["robbery"] == (2, {"no-effect": 2})
    assert found[guns.slug] == (2, {"not-rated": 2})
    assert found["burglary"] == (1, {"promising": 1})


def test_every_count_links_to_the_projects_it_counts(client, hot_spots):
    strategy, _ = hot_spots
    text = client.get(strategy.get_absolute_url()).text
    assert "Portal\u2019s summary" in text and "not a systematic review" in text
    base = f"/sites/?strategy={strategy.slug}"
    for query, expected in [
        ("&amp;comparison=yes", 2), ("&amp;rating=effect", 1),
        ("&amp;rating=no-effect", 3), ("&amp;rating=promising", 1), ("&amp;rating=not-rated", 1),
    ]:  # fmt: skip
        assert f'href="{base}{query}"><span class="evidence-count">{expected}</span>' in text
        listed = client.get(f"{base}{query.replace('&amp;', '&')}").context["page"]
        assert listed.paginator.count == expected


def test_the_rating_facet_counts_what_each_rating_filter_lists(client, hot_spots):
    strategy, guns = hot_spots
    for base in (f"/sites/?strategy={strategy.slug}", f"/sites/?problem={guns.slug}"):
        (group,) = [g for g in client.get(base).context["facets"] if g.name == "rating"]
        counted = {option.value: option.count for option in group.options}
        assert sum(counted.values()) == client.get(base).context["page"].paginator.count
        for value, count in counted.items():
            assert client.get(f"{base}&rating={value}").context["page"].paginator.count == count


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
