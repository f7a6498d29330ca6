"""On the real content, public pages state facts, not how a record was put together, and every
strategy and crime problem a project is filed under is one its facts support.

The editors' notes say which page gave which field, what was inferred and what could not be
read; the case study and its API record say what is known. A date only the notes give (a
council's acceptance date) stays in the admin, and a "Context:" paragraph quotes only figures
the facts give. A term on a project comes from
one of its imported free-text terms through the editors' mapping (the taxonomy's names and
synonyms), or is named by its facts."""

import json
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import strip_tags

from projects.models import Project
from projects.wording import provenance_remarks

pytestmark = pytest.mark.django_db

FACTS = json.loads((settings.BASE_DIR / "fixtures" / "spi_projects.json").read_text())
_DATE = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December) \d{1,2}, \d{4}\b"
)
_PERCENT = re.compile(r"\d+(?:\.\d+)?%")
# The API keys that hold the portal's own words (the facts' keys keep the facts' wording).
PORTAL_KEYS = ("case_study", "headline", "caveats", "design_rationale", "sms_rationale")


@pytest.fixture(scope="module")
def published(real_data, django_db_blocker):
    with django_db_blocker.unblock():
        projects = Project.objects.published().prefetch_related(
            "strategies", "crime_problems", "outcomes"
        )
        return {p.identity: p for p in projects}


def _facts_of(project):
    return next(
        r for r in FACTS if Project.identity_for(r["agency"], r["award_year"]) == project.identity
    )


def _facts_text(record) -> str:
    return json.dumps({k: v for k, v in record.items() if k != "notes"}, ensure_ascii=False)


def _notes_only_dates(record) -> set[str]:
    """Dates the editors' notes give and no other field of the record (a council's vote)."""
    facts = _facts_text(record)
    return {date for date in _DATE.findall(record.get("notes") or "") if date not in facts}


def _quotes(text: str, figure: str) -> bool:
    """Whether ``text`` gives ``figure`` itself ("$700" is not in "$700,000")."""
    return re.search(re.escape(figure) + r"(?![\d,])", text) is not None


def _text(response) -> str:
    assert response.status_code == 200
    return " ".join(strip_tags(response.content.decode()).split())


def test_all_sixty_records_are_published(published):
    assert len(published) == len(FACTS) == 60


def test_no_case_study_page_says_how_its_record_was_put_together(client, published):
    remarks = {}
    for project in published.values():
        found = provenance_remarks(_text(client.get(project.get_absolute_url())))
        if found:
            remarks[project.slug] = found
    assert remarks == {}


def test_no_api_record_says_how_its_record_was_put_together(client, published):
    remarks = {}
    for project in published.values():
        record = client.get(f"{reverse('api:projects')}{project.slug}/").json()
        portal = json.dumps({key: record.get(key) for key in PORTAL_KEYS}, ensure_ascii=False)
        if found := provenance_remarks(portal):
            remarks[project.slug] = found
    assert remarks == {}


def test_no_page_or_api_record_quotes_a_date_only_the_notes_give(client, published):
    quoted = {}
    for project in published.values():
        private = _notes_only_dates(_facts_of(project))
        if not private:
            continue
        page = _text(client.get(project.get_absolute_url()))
        api = client.get(f"{reverse('api:projects')}{project.slug}/").content.decode()
        if leaked := sorted(f for f in private if _quotes(page, f) or _quotes(api, f)):
            quoted[project.slug] = leaked
    assert quoted == {}


def test_context_paragraphs_quote_only_figures_the_facts_give(published):
    """A "Context:" paragraph may quote a figure no outcome row carries, but only one the facts
    themselves give (with their source), never one only the notes hold."""
    quoted = {}
    for project in published.values():
        facts = _facts_text(_facts_of(project))
        for paragraph in project.findings.split("\n"):
            if "Context:" not in paragraph:
                continue
            figures = [f for f in _PERCENT.findall(paragraph) if f.rstrip("%") not in facts]
            if figures:
                quoted.setdefault(project.slug, []).extend(figures)
    assert quoted == {}


def test_the_council_dates_only_the_notes_gave_are_gone(client, published):
    for slug, date in [
        ("dallas-tx-2021", "January 26, 2022"),
        ("providence-ri", "March 27, 2018"),
        ("madison-wi-2016", "November 1, 2016"),
    ]:
        assert date not in _text(client.get(reverse("case-study", args=[slug])))


def test_every_term_on_a_project_traces_to_its_facts_or_an_editors_mapping(published):
    unsupported = {
        project.slug: [term.name for term in project.unsupported_terms()]
        for project in published.values()
    }
    assert {slug: terms for slug, terms in unsupported.items() if terms} == {}


def test_each_project_holds_exactly_the_terms_its_free_text_maps_onto(published):
    """A term from anywhere else (a stale synonym, a hand-added label) is caught here even when
    its name happens to appear in the prose."""
    from projects.models import CrimeProblem, Strategy

    tables = {
        "strategies": Strategy.objects.lookup_table(),
        "crime_types": CrimeProblem.objects.lookup_table(),
    }
    mismatched = {}
    for project in published.values():
        record = _facts_of(project)
        for key, linked in (("strategies", "strategies"), ("crime_types", "crime_problems")):
            expected = {
                term.slug
                for wording in record[key]
                for term in [_lookup(tables[key], wording)]
                if term is not None
            }
            actual = {term.slug for term in getattr(project, linked).all()}
            if expected != actual:
                mismatched[(project.slug, key)] = (sorted(expected), sorted(actual))
    assert mismatched == {}


def _lookup(table, wording):
    from projects.models import normalize_term
    from projects.models.taxonomy import PARENTHETICAL

    return table.get(normalize_term(wording)) or table.get(
        normalize_term(PARENTHETICAL.sub("", wording))
    )


@pytest.mark.parametrize(
    ("slug", "kind", "term"),
    [
        ("madison-wi-2016", "crime_problems", "prescription-drug-abuse"),
        ("providence-ri", "strategies", "compstat-and-organizational-change"),
        ("dallas-tx-2021", "strategies", "problem-oriented-policing-sara"),
        ("dallas-tx-2021", "strategies", "cpted"),
        ("tacoma-wa-2023", "strategies", "community-policing-and-collective-efficacy"),
        ("winston-salem-nc-2009", "strategies", "hot-spots-policing"),
        ("winston-salem-nc-2009", "crime_problems", "drug-markets"),
    ],
)
def test_the_reported_mislabels_are_gone(published, slug, kind, term):
    project = next(p for p in published.values() if p.slug == slug)
    assert term not in {t.slug for t in getattr(project, kind).all()}


def test_no_researcher_is_placed_at_a_partner_the_facts_do_not_pair_them_with(published):
    from projects.models import Researcher

    assert Researcher.objects.get(name="Aili Malm").partner is None


@pytest.mark.parametrize(
    "slug", ["glendale-az-2011", "philadelphia-pa-2012", "philadelphia-pa-2014"]
)
def test_no_page_shows_a_department_its_facts_do_not_give(client, published, slug):
    page = _text(client.get(reverse("case-study", args=[slug])))
    assert "Arizona State University" in page or "Temple University" in page
    for department in ("Center for Violence Prevention", "Department of Criminal Justice"):
        assert department not in page
