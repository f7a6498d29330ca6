"""The forest plot on the shipped content: on the findings table and on every strategy and
crime-problem page, each marker leads to a published case study, no label is cut, and no
non-crime outcome sits on a crime axis."""

import pytest
from django.urls import reverse

from projects.models import CrimeProblem, Outcome, Project, Strategy
from projects.ratings import OutcomeKind, outcome_kind
from tests.projects.test_forest_plot import marks_of, panels_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def plotted_pages(real_data, client):
    urls = [reverse("projects:findings")]
    urls += [term.get_absolute_url() for term in Strategy.objects.all()]
    urls += [term.get_absolute_url() for term in CrimeProblem.objects.all()]
    return {url: client.get(url).text for url in urls}


def test_every_marker_links_to_a_published_project(plotted_pages):
    published = {p.get_absolute_url() for p in Project.objects.published()}
    seen = 0
    for url, html in plotted_pages.items():
        for pk, mark in marks_of(html).items():
            outcome = Outcome.objects.get(pk=pk)
            assert mark["href"] == outcome.project.get_absolute_url(), (url, pk)
            assert mark["href"] in published, (url, mark["href"])
            seen += 1
    assert seen > 30


def test_no_label_is_cut_and_no_non_crime_outcome_is_on_a_crime_axis(plotted_pages):
    for url, html in plotted_pages.items():
        if '<figure class="forest"' in html:
            assert "…" not in html.split('<figure class="forest"')[1].split("</figure>")[0], url
        for key, body in panels_of(html).items():
            kinds = {outcome_kind(o) for o in Outcome.objects.filter(pk__in=marks_of(body))}
            crime = key.startswith(f"{OutcomeKind.CRIME}-")
            assert kinds == ({OutcomeKind.CRIME} if crime else kinds - {OutcomeKind.CRIME}), (
                url,
                key,
                kinds,
            )
