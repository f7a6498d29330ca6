"""The portal's rating of the evidence (``projects.ratings``): a table of hand-made projects, each
rated as the published rule says, and the rule's promises held on the shipped content."""

import pytest

from projects.filters import ProjectFilter
from projects.models import Project
from projects.ratings import Rating, design_strength, rate, rate_many
from tests.factories import make_crime_problem, make_outcome, make_project

pytestmark = pytest.mark.django_db

# Each row: the project's design, Maryland level, whether only planned, its study design as
# described; its outcomes as (category, measures, value, significance); the rating the rule
# gives and the Maryland level it reads.
TABLE = {
    "before and after, significant": (
        ("pre_post", 2, False, "pre/post"),
        [("crime", "violent", -20, "significant")],
        Rating.PROMISING, 2,
    ),
    "time series recorded as level 3 with no comparison named": (
        ("time_series", 3, False, "interrupted time series"),
        [("crime", "violent", -20, "significant")],
        Rating.PROMISING, 2,
    ),
    "time series against comparison areas": (
        ("time_series", 3, False, "interrupted time series against matched comparison areas"),
        [("crime", "violent", -20, "significant")],
        Rating.EFFECT, 3,
    ),
    "randomized, significant": (
        ("rct", 5, False, "randomized controlled trial"),
        [("crime", "violent", -20, "significant")],
        Rating.EFFECT, 5,
    ),
    "planned trial with a figure anyway": (
        ("rct", 5, True, "randomized controlled trial (planned)"),
        [("crime", "violent", -20, "significant")],
        Rating.PROMISING, None,
    ),
    "planned trial, no results": (
        ("rct", None, True, "randomized controlled trial (planned)"), [], Rating.NOT_RATED, None,
    ),
    "comparison, not significant": (
        ("quasi_experimental", 4, False, "matched comparison areas"),
        [("crime", "violent", -5, "not_significant")],
        Rating.NO_EFFECT, 4,
    ),
    "comparison, untested fall": (
        ("quasi_experimental", 3, False, "comparison neighborhoods"),
        [("crime", "violent", -30, "not_tested")],
        Rating.PROMISING, 3,
    ),
    "comparison, untested, no direction": (
        ("quasi_experimental", 3, False, "comparison neighborhoods"),
        [("crime", "violent", None, "not_tested")],
        Rating.NOT_RATED, 3,
    ),
    "one arm worked, another did not, same problem": (
        ("rct", 5, False, "three arms"),
        [("crime", "violent", -22, "significant"), ("crime", "violent", None, "not_significant")],
        Rating.MIXED, 5,
    ),
    "violent crime fell, homicide not significant": (
        ("rct", 5, False, "randomized"),
        [("crime", "violent", -22, "significant"), ("crime", "homicide", -3, "not_significant")],
        Rating.EFFECT, 5,
    ),
    "correlation, significant": (
        ("descriptive", 1, False, "dosage analysis"),
        [("crime", "violent", -10, "significant")],
        Rating.PROMISING, 1,
    ),
    "complaints fell against a comparison": (
        ("quasi_experimental", 3, False, "comparison precincts"),
        [("complaints_force", None, -22.5, "significant")],
        Rating.EFFECT, 3,
    ),
    "only a cost figure": (
        ("quasi_experimental", 4, False, "comparison areas"),
        [("cost_efficiency", None, -18, "significant")],
        Rating.NOT_RATED, 4,
    ),
    "a crime figure that names no crime problem": (
        ("rct", 5, False, "randomized"),
        [("crime", None, -20, "significant")],
        Rating.NOT_RATED, 5,
    ),
    "crime rose significantly against a comparison": (
        ("rct", 5, False, "randomized"),
        [("crime", "violent", 15, "significant")],
        Rating.NO_EFFECT, 5,
    ),
}  # fmt: skip


@pytest.fixture
def problems():
    return {
        "violent": make_crime_problem(name="Violent crime", slug="violent-crime"),
        "homicide": make_crime_problem(name="Homicide", slug="homicide"),
    }


def _make(problems, design, outcomes) -> Project:
    kind, level, planned, described = design
    project = make_project(
        design=kind, sms_level=level, design_planned=planned, study_design=described
    )
    for n, (category, measures, value, significance) in enumerate(outcomes):
        make_outcome(
            project, measure=f"figure {n}", category=category, value=value,
            significance=significance, crime_problem=problems.get(measures),
        )  # fmt: skip
    return project


@pytest.mark.parametrize("case", TABLE)
def test_each_hand_made_project_is_rated_by_the_rule(problems, case):
    design, outcomes, expected, level = TABLE[case]
    rating = rate(_make(problems, design, outcomes))
    assert (rating.rating, rating.strength.level) == (expected, level), rating.why


@pytest.mark.parametrize("case", TABLE)
def test_no_rating_is_stronger_than_its_study(problems, case):
    design, outcomes, _expected, _level = TABLE[case]
    project = _make(problems, design, outcomes)
    rating = rate(project)
    if rating.rating in (Rating.EFFECT, Rating.MIXED):
        assert rating.strength.comparison and not rating.strength.planned
        assert any(a.tested and a.improved for a in rating.rests_on)
    if rating.rating == Rating.NO_EFFECT or "found no" in rating.why:
        assert rating.rests_on and all(a.tested for a in rating.rests_on)
    if project.design in ("pre_post", "time_series") and "comparison" not in project.study_design:
        assert design_strength(project).level <= 2


def test_a_planned_design_is_no_design(problems):
    planned = _make(problems, ("rct", 5, True, "planned trial"), [])
    done = _make(problems, ("rct", 5, False, "trial"), [])
    published = Project.objects.published()
    assert list(ProjectFilter({"design": "rct"}, queryset=published).qs) == [done]
    assert list(ProjectFilter({"comparison": "yes"}, queryset=published).qs) == [done]
    assert planned.design_label == "Randomized controlled trial (planned, not carried out)"


def test_on_a_crime_problem_only_the_outcomes_measuring_it_count(problems):
    violence = make_crime_problem(name="Domestic violence", slug="domestic-violence")
    project = _make(
        problems,
        ("quasi_experimental", 3, False, "comparison precincts"),
        [("complaints_force", None, -22.5, "significant")],
    )
    project.crime_problems.add(violence)
    assert rate(project).rating == Rating.EFFECT
    assert rate(project, problem="domestic-violence").rating == Rating.NOT_RATED
    assert rate(project, problem="complaints-and-use-of-force").rating == Rating.EFFECT


def test_rating_a_list_takes_the_same_queries_however_long(problems, django_assert_num_queries):
    for _ in range(3):
        _make(problems, ("rct", 5, False, "trial"), [("crime", "violent", -20, "significant")])
    with django_assert_num_queries(2):
        assert len(rate_many(Project.objects.all())) == 3
    for _ in range(10):
        _make(problems, ("rct", 5, False, "trial"), [("crime", "violent", -20, "significant")])
    with django_assert_num_queries(2):
        assert len(rate_many(Project.objects.all())) == 13
