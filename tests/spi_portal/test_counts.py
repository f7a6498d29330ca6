"""One count: the home page, the case-study list, the agencies and their map, the feed and the
API count case studies, agencies and outcomes by one definition
(``ProjectQuerySet.case_studies``), an incomplete profile included and labelled, drafts never."""

import re

import pytest
from django.urls import reverse

from editorial.models import PublicationStatus
from projects.models import Project
from tests.factories import make_agency, make_outcome, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal():
    shared = make_agency()
    make_outcome(make_project(agency=shared))
    make_outcome(make_project(agency=shared, cohort_year=2014))
    make_outcome(make_project(), is_headline=False)
    make_project(response="")  # an award whose profile is incomplete
    make_outcome(make_project(status=PublicationStatus.DRAFT))
    return {"case_studies": 4, "agencies": 3, "outcomes": 3, "incomplete": 1}


def test_the_definition_lives_on_the_queryset(portal):
    assert Project.objects.case_studies().counts() == portal


def test_every_page_feed_and_api_list_gives_the_same_counts(client, portal):
    home = client.get(reverse("home"))
    assert home.context["figures"] | {"lessons": 0} == portal | {"lessons": 0}
    assert "(1 of them with an incomplete profile)" in home.text
    listing = client.get(reverse("projects:list"))
    assert listing.context["page"].paginator.count == portal["case_studies"]
    agencies = client.get(reverse("projects:agency-list"))
    assert agencies.context["page"].paginator.count == portal["agencies"]
    assert len(agencies.context["agency_map"].markers) == portal["agencies"]
    assert len(home.context["agency_map"].markers) == portal["agencies"]
    feed = client.get(reverse("feed")).content.decode()
    assert len(re.findall(r"<entry>", feed)) == portal["case_studies"]
    for name, key in (("projects", "case_studies"), ("agencies", "agencies")):
        assert client.get(reverse(f"api:{name}")).json()["count"] == portal[key]
    assert client.get(reverse("api:outcomes")).json()["count"] == portal["outcomes"]


def test_an_incomplete_profile_says_it_is_counted(client, portal):
    thin = Project.objects.get(response="")
    page = client.get(thin.get_absolute_url()).text
    assert "Profile incomplete" in page and "not counted" not in page
