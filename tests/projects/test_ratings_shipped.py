"""The rating rule's promises on the shipped content: every published project's verdict no
stronger than its study, summaries that count only what they may, planned studies shown as
planned, and every count linked to exactly the projects it counts."""

import re

import pytest
from django.http import QueryDict
from django.urls import reverse

from projects.evidence import summarise
from projects.filters import ProjectFilter
from projects.models import CrimeProblem, Project
from projects.ratings import Rating, rate, rate_many

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def shipped(real_data):
    return real_data


def _published():
    return Project.objects.published().with_cards()


def test_every_shipped_rating_holds_the_rule(shipped):
    projects = list(_published())
    assert projects
    for project in projects:
        rating = rate(project)
        assert rating.why, project.slug
        if rating.rating in (Rating.EFFECT, Rating.MIXED):
            assert rating.strength.comparison, project.slug
            assert any(a.tested and a.improved for a in rating.rests_on), project.slug
        if "found no" in rating.why:
            assert all(a.tested for a in rating.rests_on), project.slug


def test_the_studies_that_cannot_show_an_effect_are_promising_at_most(shipped):
    ratings = {p.slug: rate(p) for p in _published()}
    for slug in ("memphis-tn-2019", "los-angeles-ca-2014", "los-angeles-ca-2009", "lowell-ma-2014"):
        assert ratings[slug].rating not in (Rating.EFFECT, Rating.MIXED), slug
    assert ratings["los-angeles-ca-2009"].strength.level == 2
    assert ratings["lowell-ma-2014"].strength.level == 2


def test_the_shipped_planned_studies_are_shown_as_planned(shipped, client):
    planned = {
        "milwaukee-wi-2015",
        "las-vegas-nv-2023",
        "pasco-county-fl-2018",
        "newark-nj-2017",
        "reno-nv-2018",
    }
    assert set(Project.objects.filter(design_planned=True).values_list("slug", flat=True)) == (
        planned
    )
    for design in ("rct", "process"):
        listed = ProjectFilter({"design": design}, queryset=Project.objects.published()).qs
        assert not planned & set(listed.values_list("slug", flat=True)), design
    page = client.get(reverse("case-study", args=["milwaukee-wi-2015"])).content.decode()
    assert "Randomized controlled trial (planned, not carried out)" in page


def test_no_crime_problem_summary_counts_an_outcome_that_measures_another_thing(shipped, client):
    for problem in CrimeProblem.objects.all():
        selected = Project.objects.published().for_crime_problem(problem)
        summary = summarise(selected, problem)
        for project in selected.with_cards():
            rating = rate(project, problem=problem.slug)
            for assessment in rating.rests_on:
                assert problem.slug in assessment.problems, (problem.slug, project.slug)
        assert summary.tried == selected.count()
    page = client.get(reverse("crime-problem-detail", args=["domestic-violence"])).content
    assert b"found evidence of effect" not in page
    assert b"officially recorded complaints" in page  # listed apart, as a non-crime result


def test_technology_implementation_is_not_credited_to_compstat(shipped):
    compstat = Project.objects.published().filter(
        strategies__slug="compstat-and-organizational-change"
    )
    assert not {"phoenix-az-2011", "memphis-tn-2019"} & set(compstat.values_list("slug", flat=True))


_COUNT_LINK = re.compile(r'<a href="/sites/\?([^"]+)"><span class="evidence-count">(\d+)</span>')


@pytest.mark.parametrize(
    "url_name, slug",
    [
        ("crime-problem-detail", "gun-violence"),
        ("crime-problem-detail", "domestic-violence"),
        ("crime-problem-detail", "homicide"),
        ("strategy-detail", "hot-spots-policing"),
        ("strategy-detail", "compstat-and-organizational-change"),
    ],
)
def test_every_count_links_to_exactly_the_projects_it_counts(shipped, client, url_name, slug):
    page = client.get(reverse(url_name, args=[slug])).content.decode()
    links = _COUNT_LINK.findall(page)
    breakdown = re.findall(r'<a href="/sites/\?([^"]+)">(\d+)</a>', page)
    assert len(links) == 2 + len(Rating)
    for query, count in links + breakdown:
        params = QueryDict(query.replace("&amp;", "&"))
        listed = ProjectFilter(params, queryset=Project.objects.published()).qs
        assert listed.count() == int(count), (query, count)


def test_no_term_page_says_a_study_did_not_find_what_it_never_tested(shipped, client):
    for url_name, slug in (
        ("strategy-detail", "predictive-analytics"),
        ("strategy-detail", "social-network-analysis"),
        ("crime-problem-detail", "burglary"),
        ("crime-problem-detail", "theft-from-vehicles"),
        ("crime-problem-detail", "disorder"),
    ):
        page = client.get(reverse(url_name, args=[slug])).content.decode()
        assert "did not find" not in page, slug
        for sentence in re.findall(r"[^.]*found no significant improvement[^.]*", page):
            assert "tested and found no" in sentence, (slug, sentence)


def test_the_rating_is_on_the_case_study_with_its_reason_and_rule(shipped, client):
    page = client.get(reverse("case-study", args=["philadelphia-pa-2009"])).content.decode()
    assert "Mixed evidence" in page
    assert "offender-focused arm" in page
    assert reverse("projects:rating-rule") in page


def test_the_rule_page_counts_link_to_exactly_those_projects(shipped, client):
    page = client.get(reverse("projects:rating-rule")).content.decode()
    ratings = rate_many(Project.objects.published())
    for value, count in re.findall(r'\?rating=([a-z-]+)">[^:]+: (\d+) project', page):
        assert sum(r.rating == value for r in ratings.values()) == int(count), value
        listed = ProjectFilter({"rating": value}, queryset=Project.objects.published()).qs
        assert listed.count() == int(count)


def test_other_clearinghouses_ratings_sit_beside_the_portals_and_say_where_they_differ(
    shipped, client
):
    page = client.get(reverse("case-study", args=["philadelphia-pa-2009"])).content.decode()
    strip = page[page.index('class="result-strip"') : page.index('id="outcomes-title"')]
    assert "Police Foot Patrol - Philadelphia 2010" in strip and "No Effects" in strip
    assert (
        "Disagrees: CrimeSolutions says \u201cNo Effects\u201d, where the portal rates the "
        "project mixed evidence. Their rating covers the foot-patrol arm." in strip
    )
    boston = client.get(reverse("case-study", args=["boston-ma-2009"])).content.decode()
    assert "Disagrees: CrimeSolutions says \u201cPromising\u201d" in boston


def test_the_findings_table_filters_by_other_clearinghouses_ratings(shipped, client):
    response = client.get(reverse("projects:findings"), {"external": "crimesolutions-no-effects"})
    assert [p.slug for p in response.context["page"]] == ["philadelphia-pa-2009"]
    assert "CrimeSolutions: No Effects" in response.content.decode()
    wrong = client.get(reverse("projects:findings"), {"external": "crimesolutions-superb"})
    assert wrong.status_code == 400
