"""Agencies like mine: projects that took on the reader's crime problem, ranked by closeness,
opening with the one sentence that answers the question."""

import re

import pytest
from django.urls import reverse

from editorial.models import PublicationStatus
from tests.factories import (
    make_agency,
    make_crime_problem,
    make_outcome,
    make_project,
    make_strategy,
)
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db

LIKE_MINE = reverse("projects:like-mine")
COMPLETED = {"stage": "completed"}


def _titles(html: str) -> list[str]:
    """The cards' source titles, from their names ("Agency, 2011: Title")."""
    return [name.split(": ", 1)[-1] for name in re.findall(r">([^<>]+)</a></h3>", html)]


def _answer(html: str) -> str:
    return re.search(r'<p class="like-answer">(.*?)</p>', html, re.S).group(1)


@pytest.fixture
def gun_violence():
    return make_crime_problem(name="Gun violence", slug="gun-violence")


def test_like_mine_with_a_problem_lists_only_projects_that_took_it_on(client, gun_violence):
    make_project(crime_problems=[gun_violence], title="Took it on")
    make_project(crime_problems=[make_crime_problem()], title="Another problem")
    make_project(title="No problem recorded")
    response = client.get(LIKE_MINE, {"problem": "gun-violence", "population": 150_000})
    assert response.status_code == 200
    assert _titles(response.text) == ["Took it on"]


def test_like_mine_with_a_strategy_lists_only_projects_that_used_it(client, gun_violence):
    strategy = make_strategy(name="Focused deterrence")
    make_project(crime_problems=[gun_violence], strategies=[strategy], title="Both")
    make_project(crime_problems=[gun_violence], title="Problem only")
    params = {"problem": "gun-violence", "strategy": strategy.slug, "population": 150_000}
    response = client.get(LIKE_MINE, params)
    assert _titles(response.text) == ["Both"]
    assert "took on gun violence with focused deterrence" in _answer(response.text)


def test_the_answer_keeps_an_acronym_strategy_in_capitals(client, gun_violence):
    cctv = make_strategy(name="CCTV", slug="cctv")
    make_project(crime_problems=[gun_violence], strategies=[cctv])
    params = {"problem": "gun-violence", "strategy": "cctv", "population": 150_000}
    response = client.get(LIKE_MINE, params)
    assert "took on gun violence with CCTV" in _answer(response.text)
    # The strategy's own page asks the question in the same words.
    page = client.get(cctv.get_absolute_url()).text
    assert "found with CCTV" in page and "with cctv" not in page


def test_the_answer_says_none_of_your_size_tested_with_a_comparison(client, gun_violence):
    """Near the reader's size: a before-and-after study, a planned trial, a time series with no
    comparison group, and a comparison study that measured another problem. None tested the
    strategy against gun violence with a comparison design; the big city that did is not the
    reader's size."""

    def near(**kwargs):
        agency = make_agency(population=140_000)
        return make_project(agency=agency, crime_problems=[gun_violence], **kwargs)

    before_after = near(design="pre_post", sms_level=2, **COMPLETED)
    make_outcome(before_after, crime_problem=gun_violence, significance="significant")
    near(design="rct", design_planned=True)
    time_series = near(design="time_series", sms_level=3, **COMPLETED)
    make_outcome(time_series, crime_problem=gun_violence)
    elsewhere = near(design="quasi_experimental", sms_level=3, **COMPLETED)
    make_outcome(elsewhere, measure="robbery", crime_problem=make_crime_problem())
    big = make_project(
        agency=make_agency(population=2_000_000),
        crime_problems=[gun_violence],
        design="rct",
        sms_level=5,
        **COMPLETED,
    )
    make_outcome(big, crime_problem=gun_violence)
    html = client.get(LIKE_MINE, {"problem": "gun-violence", "population": 150_000}).text
    assert _answer(html) == (
        "None of the 4 agencies your size that took on gun violence tested their strategy "
        "with a comparison design."
    )
    # Without a size, the big city's trial is the answer.
    html = client.get(LIKE_MINE, {"problem": "gun-violence"}).text
    assert _answer(html).startswith(
        "1 of the 5 SPI agencies that took on gun violence tested their strategy with a "
        f"comparison design ({big.agency.place}, 2011: "
    )


def test_the_answer_names_each_agency_that_tested_with_its_rating(client, gun_violence):
    agency = make_agency(population=160_000, city="Springfield", state="IL")
    trial = make_project(
        agency=agency, crime_problems=[gun_violence], design="rct", sms_level=5, **COMPLETED
    )
    make_outcome(trial, crime_problem=gun_violence, value=-20, significance="significant")
    make_project(agency=make_agency(population=120_000), crime_problems=[gun_violence])
    html = client.get(LIKE_MINE, {"problem": "gun-violence", "population": 150_000}).text
    assert _answer(html) == (
        "1 of the 2 agencies your size that took on gun violence tested their strategy with a "
        "comparison design (Springfield, IL, 2011: evidence of effect)."
    )


def test_an_agency_with_two_awards_counts_once(client, gun_violence):
    agency = make_agency(population=150_000)
    make_project(agency=agency, crime_problems=[gun_violence], cohort_year=2011)
    make_project(agency=agency, crime_problems=[gun_violence], cohort_year=2015)
    html = client.get(LIKE_MINE, {"problem": "gun-violence", "population": 150_000}).text
    assert _answer(html) == (
        "The one agency your size that took on gun violence did not test its strategy with a "
        "comparison design."
    )


def test_projects_that_measured_the_problem_come_first(client, gun_violence):
    listed = make_project(
        agency=make_agency(population=150_000), crime_problems=[gun_violence], title="Listed"
    )
    make_outcome(listed, measure="robbery", crime_problem=make_crime_problem())
    measured = make_project(
        agency=make_agency(population=900_000), crime_problems=[gun_violence], title="Measured"
    )
    make_outcome(measured, measure="shootings", crime_problem=gun_violence)
    html = client.get(LIKE_MINE, {"problem": "gun-violence", "population": 150_000}).text
    assert _titles(html) == ["Measured", "Listed"]
    assert "measured gun violence" in html
    assert "took on gun violence, no outcome measures it" in html


def test_size_is_the_population_at_the_award(client):
    """The agency has grown to 1.5 million; at its award it served 140,000."""
    agency = make_agency(population=1_500_000)
    make_project(agency=agency, population=140_000, title="Then small")
    make_project(agency=make_agency(population=600_000), title="Middling")
    html = client.get(LIKE_MINE, {"population": 150_000}).text
    assert _titles(html) == ["Then small", "Middling"]
    assert "similar size (within 2x: 140,000 residents, at the award)" in html
    assert "600,000 residents, the agency&#x27;s current figure" in html


def test_like_mine_ranks_by_size_settlement_and_region_and_explains(client):
    def project_in(population, state, settlement, title):
        agency = make_agency(population=population, state=state, settlement_type=settlement)
        return make_project(agency=agency, title=title)

    # The far twin is nearer in size, but another region outweighs that.
    project_in(330_000, "AZ", "large_urban", "Twin")
    project_in(300_000, "NY", "large_urban", "Far twin")
    project_in(5_000_000, "CA", "metropolitan", "Giant")
    params = {"population": 300_000, "settlement": "large_urban", "region": "West"}
    response = client.get(LIKE_MINE, params)
    assert response.status_code == 200
    assert _titles(response.text) == ["Twin", "Far twin", "Giant"]
    assert (
        "similar size (within 2x: 330,000 residents, the agency&#x27;s current figure), "
        "same settlement type (large urban), same region (West)"
    ) in response.text
    assert "other region (Northeast)" in response.text


def test_like_mine_from_an_agency_leaves_that_agency_out(client):
    mine = make_agency(population=100_000, state="OH", slug="my-pd")
    make_project(agency=mine, title="My own project")
    make_project(agency=make_agency(population=90_000, state="IN"), title="Neighbour")
    response = client.get(LIKE_MINE, {"agency": "my-pd"})
    assert "Neighbour" in response.text and "My own project" not in response.text
    assert "same region (Midwest)" in response.text


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"population": "lots"}, "Enter a whole number."),
        ({"population": "-5"}, "greater than or equal to 1"),
        ({"settlement": "large_urban"}, "Choose a crime problem, or enter a population"),
        ({"agency": "nowhere-pd"}, "There is no SPI agency at “nowhere-pd”."),
        ({"population": "1000", "region": "Atlantis"}, "Select a valid choice."),
        ({"problem": "werewolves"}, "There is no crime problem “werewolves”."),
        ({"problem": "gun-violence", "strategy": "magic"}, "There is no strategy “magic”."),
    ],
)
def test_like_mine_bad_input_is_a_400_that_says_why(client, gun_violence, params, message):
    response = client.get(LIKE_MINE, params)
    assert response.status_code == 400
    assert message in response.text
    assert 'class="like-answer"' not in response.text


def test_like_mine_leaves_out_drafts(client, gun_violence):
    make_project(
        status=PublicationStatus.DRAFT, title="Secret draft", crime_problems=[gun_violence]
    )
    make_project(title="Public one", crime_problems=[gun_violence])
    text = client.get(LIKE_MINE, {"population": 250_000, "problem": "gun-violence"}).text
    assert "Public one" in text and "Secret draft" not in text
    assert "of the 1 " not in text and "The one agency your size" in text


def test_like_mine_query_count_does_not_grow(client, gun_violence):
    def grow(n):
        for _ in range(n):
            project = make_project(
                strategies=[make_strategy()], crime_problems=[gun_violence], design="rct",
                sms_level=5, stage="completed",
            )  # fmt: skip
            make_outcome(project, crime_problem=gun_violence)

    url = f"{LIKE_MINE}?problem=gun-violence&population=250000&region=West"
    assert_constant_queries(client, url, grow)


@pytest.mark.parametrize("kind", ["problem", "strategy"])
def test_term_pages_link_to_like_mine_with_the_term_filled_in(client, kind):
    term = make_crime_problem() if kind == "problem" else make_strategy()
    make_project(**{"crime_problems" if kind == "problem" else "strategies": [term]})
    html = client.get(term.get_absolute_url()).text
    assert f'href="{LIKE_MINE}?{kind}={term.slug}"' in html


def test_home_page_asks_the_question_by_crime_problem(client, gun_violence):
    make_project(crime_problems=[gun_violence])
    html = client.get(reverse("home")).text
    form = re.search(rf'<form[^>]*action="{LIKE_MINE}"(.*?)</form>', html, re.S).group(1)
    assert 'name="problem"' in form and 'value="gun-violence"' in form
    assert 'name="population"' in form
