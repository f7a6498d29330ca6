"""Readers keep what they chose: ticks for comparison travel in the list's address from page to
page; the findings filters keep the parameters they show no control for (``outcomes=any``,
the sort) and an address never keeps empty parameters."""

import pytest
from django.urls import reverse

from projects.views.browse import PROJECTS_PER_PAGE
from tests.factories import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_pages():
    return [make_project(cohort_year=2009 + n % 10) for n in range(PROJECTS_PER_PAGE + 2)]


def test_ticks_in_the_address_are_kept_on_every_page(client, two_pages):
    first, second = client.get(reverse("projects:list")).context["page"].object_list[:2]
    on_page_two = client.get(reverse("projects:list"), {"page": 2}).context["page"].object_list
    picked = [first.slug, on_page_two[0].slug]
    page_one = client.get(reverse("projects:list"), {"p": picked}).text
    assert f'value="{first.slug}" id="cmp-{first.slug}" form="compare-form" checked' in page_one
    assert f'value="{second.slug}" id="cmp-{second.slug}" form="compare-form">' in page_one
    # The tick on another page is in the tray, ticked, under its name.
    assert f'id="cmp-kept-{picked[1]}" checked' in page_one and on_page_two[0].name in page_one
    # The page links and the tray's page buttons carry the ticks.
    assert f"p={first.slug}" in page_one.split('class="pagination"')[1]
    assert 'formaction="/sites/" name="page" value="2"' in page_one
    page_two = client.get(reverse("projects:list"), {"p": picked, "page": 2}).text
    assert f'id="cmp-kept-{first.slug}" checked' in page_two


def test_the_findings_form_keeps_outcomes_any_and_the_sort(client, two_pages):
    page = client.get(reverse("projects:findings"), {"outcomes": "any", "sort": "newest"}).text
    form = page.split('<form class="facets"')[1].split("</form>")[0]
    assert '<input type="hidden" name="outcomes" value="any">' in form
    assert '<input type="hidden" name="sort" value="newest">' in form


@pytest.mark.parametrize("name", ["projects:findings", "projects:list"])
def test_empty_parameters_leave_the_address(client, name):
    response = client.get(reverse(name), {"state": "", "year": "", "outcomes": "any", "sms": ""})
    assert response.status_code == 301
    assert response["Location"] == reverse(name) + "?outcomes=any"
    assert client.get(reverse(name), {"state": ""})["Location"] == reverse(name)
