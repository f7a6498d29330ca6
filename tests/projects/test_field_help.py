"""Every research field a reader meets has a one-line explanation where it appears: each filter
of the lists and the matrix, the matrix's axes and a case study's profile; and no page shows a
stored value (``micro_places``) in place of its label."""

import re

import pytest
from django.urls import reverse

from projects.filters import ProjectFilter
from projects.glossary import FIELD_HELP
from tests.factories import make_outcome, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def placed():
    project = make_project(
        design="rct", sms_level=5, design_rationale="Random.", target="places",
        matrix_target="micro_places", specificity="focused", proactivity="highly_proactive",
    )  # fmt: skip
    make_outcome(project)
    return project


def _visible(html: str) -> str:
    html = re.sub(r"<(script|style)[\s\S]*?</\1>", " ", html)
    return re.sub(r"<[^>]+>", " ", html)


def test_every_filter_has_an_explanation():
    shown = set(ProjectFilter.facets) | set(ProjectFilter.flag_facets)
    assert shown <= set(FIELD_HELP), shown - set(FIELD_HELP)


@pytest.mark.parametrize(
    ("name", "facets"),
    [
        ("projects:list", ["specificity", "proactivity", "sms", "year"]),
        ("projects:findings", ["specificity", "proactivity", "sms", "year"]),
        ("projects:matrix", ["strategy", "problem"]),
    ],
)
def test_each_filter_shows_its_explanation(client, placed, name, facets):
    page = client.get(reverse(name)).text
    for facet in facets:
        assert f'<span class="field-help" id="h-{facet}">' in page, facet
        assert f'aria-describedby="h-{facet}"' in page, facet


def test_the_matrix_explains_its_axes(client, placed):
    page = client.get(reverse("projects:matrix")).text
    for name in ("matrix_target", "specificity", "proactivity"):
        assert FIELD_HELP[name].replace("'", "&#x27;") in page, name


def test_the_case_study_explains_its_research_fields(client, placed):
    page = client.get(placed.get_absolute_url()).text
    for name in ("cohort", "matrix_target", "specificity", "proactivity", "sms", "design"):
        assert FIELD_HELP[name].replace("'", "&#x27;") in page, name


@pytest.mark.parametrize(
    "href",
    [
        reverse("projects:matrix"),
        reverse("projects:list") + "?matrix_target=micro_places&proactivity=highly_proactive",
        reverse("projects:findings") + "?outcomes=any",
    ],
)
def test_no_stored_value_is_shown_for_its_label(client, placed, href):
    text = _visible(client.get(href).text)
    assert "micro_places" not in text and "highly_proactive" not in text
    assert "Micro places" in text or "micro places" in text
