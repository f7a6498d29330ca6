"""A case study's public page: its profile, sections, outcomes and citation, drafts hidden,
old addresses redirected, related projects chosen, and queries that do not grow with outcomes."""

import json
import re

import pytest
from django.urls import reverse

from editorial.models import PublicationStatus
from projects.case_study import case_study_context, case_study_queryset, related_projects
from projects.models import Project, Resource
from tests.factories import (
    make_agency,
    make_complete_project,
    make_crime_problem,
    make_lesson,
    make_outcome,
    make_partner,
    make_project,
    make_staff,
    make_strategy,
)
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db


def test_case_study_shows_profile_and_sections(client):
    partner = make_partner(name="Temple University")
    project = make_project(title="Offender focus", findings="- **Violent crime** fell 22%")
    project.research_partners.set([partner])
    text = client.get(project.get_absolute_url()).text
    assert f"<h1>{project.agency.name}, 2011: Offender focus</h1>" in text
    assert "Temple University" in text
    assert "<strong>Violent crime</strong>" in text


def test_draft_case_study_is_a_404(client):
    project = make_project(status=PublicationStatus.DRAFT)
    assert client.get(project.get_absolute_url()).status_code == 404


def test_old_slug_redirects_permanently_to_the_new_address(client):
    project = make_project()
    old_url = project.get_absolute_url()
    project.slug = "renamed-az-2011"
    project.save()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == "/sites/renamed-az-2011/"


def test_old_slug_of_a_draft_does_not_redirect(client):
    project = make_project(status=PublicationStatus.DRAFT)
    old_url = project.get_absolute_url()
    project.slug = "renamed-draft"
    project.save()
    assert client.get(old_url).status_code == 404


def test_outcome_shows_unit_significance_comparison_and_source(client):
    project = make_project()
    make_outcome(project, measure="violent crime", value=-22, comparison="against controls")
    text = client.get(project.get_absolute_url()).text
    assert "\u221222%" in text and "Relative change (%)" in text
    assert "Statistically significant" in text
    assert "against controls" in text
    assert project.sources.first().url in text


def test_conflicting_figures_are_shown_together_with_the_headline_marked(client):
    project = make_project()
    make_outcome(project, measure="complaints", value=-22, result_key="complaints", order=1)
    make_outcome(project, measure="arrests", value=5, result_key="arrests", order=2)
    make_outcome(
        project, measure="complaints, other source", value=-44, result_key="complaints",
        is_headline=False, order=3,
    )  # fmt: skip
    text = client.get(project.get_absolute_url()).text
    conflict = re.search(r'<tbody class="result result-conflict">(.*?)</tbody>', text, re.S)
    assert conflict is not None
    assert "\u221222%" in conflict.group(1) and "\u221244%" in conflict.group(1)
    assert conflict.group(1).index("Headline figure") < conflict.group(1).index("\u221244%")


def test_non_significant_result_is_not_called_an_improvement(client):
    project = make_project()
    make_outcome(project, value=-30, significance="not_significant")
    text = client.get(project.get_absolute_url()).text
    assert "No significant change" in text
    assert "effect-improvement" not in text


def test_draft_lessons_and_resources_are_hidden(client):
    project = make_project()
    make_lesson(title="Public lesson", projects=[project])
    make_lesson(title="Draft lesson", projects=[project], status=PublicationStatus.DRAFT)
    draft = Resource.objects.create(
        title="Draft report", url="https://example.org/r", status=PublicationStatus.DRAFT
    )
    draft.projects.set([project])
    text = client.get(project.get_absolute_url()).text
    assert "Public lesson" in text
    assert "Draft lesson" not in text and "Draft report" not in text


def test_related_projects_share_a_strategy_and_exclude_drafts(client):
    strategy = make_strategy()
    project = make_project(strategies=[strategy])
    make_project(title="Sibling study", strategies=[strategy])
    make_project(title="Draft sibling", strategies=[strategy], status=PublicationStatus.DRAFT)
    text = client.get(project.get_absolute_url()).text
    assert "Sibling study" in text
    assert "Draft sibling" not in text


def test_json_ld_escapes_closing_script_tags(client):
    project = make_project(summary="Tricky </script><script>alert(1)</script>")
    text = client.get(project.get_absolute_url()).text
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    data = json.loads(block.group(1))
    assert data["@type"] == "Article"
    assert data["description"].startswith("Tricky </script>")
    assert "<script>alert" not in text


def test_open_graph_and_canonical_links_name_the_address_the_page_was_asked_at(client, settings):
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "192.0.2.7"]
    project = make_project(title="Shared study")
    path = project.get_absolute_url()
    text = client.get(path, HTTP_HOST="192.0.2.7:8000", SERVER_PORT="8000").text
    assert f'<link rel="canonical" href="http://192.0.2.7:8000{path}">' in text
    assert f'<meta property="og:url" content="http://192.0.2.7:8000{path}">' in text
    assert f"http://192.0.2.7:8000{path}" in text.split('class="citation"')[1]
    assert "127.0.0.1" not in text
    assert '<meta property="og:type" content="article">' in text


def test_site_url_when_set_wins_over_the_request(client, settings):
    settings.SITE_URL = "https://spi.example.org"
    project = make_project(title="Shared study")
    text = client.get(project.get_absolute_url()).text
    assert (
        f'<link rel="canonical" href="https://spi.example.org{project.get_absolute_url()}">' in text
    )


def test_cite_block_and_downloads(client):
    project = make_project(title="Cited study")
    text = client.get(project.get_absolute_url()).text
    assert "Cite this case study" in text
    bib = client.get(reverse("projects:cite", args=[project.slug, "bib"]))
    assert bib.status_code == 200
    assert bib.text.startswith(f"@misc{{spi-{project.slug},")
    assert "attachment" in bib["Content-Disposition"]
    ris = client.get(reverse("projects:cite", args=[project.slug, "ris"]))
    assert "TY  - ELEC" in ris.text and "Cited study" in ris.text


def test_citation_of_a_draft_is_a_404(client):
    project = make_project(status=PublicationStatus.DRAFT)
    assert client.get(reverse("projects:cite", args=[project.slug, "bib"])).status_code == 404


def test_context_builder_serves_a_preview_of_a_draft(rf):
    """The editorial preview renders drafts through the same context builder."""
    project = make_project(title="Preview me", status=PublicationStatus.DRAFT)
    make_outcome(project)
    loaded = case_study_queryset(Project.objects.filter(pk=project.pk)).get()
    context = case_study_context(loaded, rf.get("/"))
    assert context["project"].title == "Preview me"
    assert len(context["outcome_groups"]) == 1


def test_query_count_does_not_grow_with_outcomes(client):
    project = make_project()

    def grow(n):
        for i in range(n):
            make_outcome(project, measure=f"measure {project.outcomes.count()} {i}")

    assert_constant_queries(client, project.get_absolute_url(), grow)


def test_editor_preview_renders_outcomes_and_citation_like_the_public_page(client):
    client.force_login(make_staff("Editor"))
    project = make_complete_project(status=PublicationStatus.DRAFT)
    make_outcome(project, measure="burglary", value=-12)
    response = client.get(reverse("admin:projects_project_preview", args=[project.pk]))
    assert "\u221212%" in response.text
    assert "Cite this case study" in response.text
    assert "Preview for editors" in response.text


def test_related_projects_put_the_same_agency_first_then_most_shared(client):
    cameras, complaints = make_strategy(name="Body-worn cameras"), make_crime_problem(name="Use")
    phoenix = make_agency(name="Phoenix PD", settlement_type="large_urban")
    project = make_project(
        agency=phoenix, cohort_year=2011, strategies=[cameras], crime_problems=[complaints]
    )
    make_project(title="Unrelated newest", cohort_year=2023)
    city = {"agency": make_agency(settlement_type="large_urban")}
    one_shared = make_project(title="Shares one", cohort_year=2022, strategies=[cameras], **city)
    both_shared = make_project(
        title="Shares both", cohort_year=2015, strategies=[cameras], crime_problems=[complaints],
        **city,
    )  # fmt: skip
    same_agency = make_project(title="Phoenix again", agency=phoenix, cohort_year=2021)
    related = related_projects(Project.objects.get(pk=project.pk))
    assert [p.pk for p in related] == [same_agency.pk, both_shared.pk, one_shared.pk]
    assert related[0].related_reason == "Same agency"
    assert related[1].related_reason == "also body-worn cameras, use"
    text = client.get(project.get_absolute_url()).text
    assert '<p class="card-reason">also body-worn cameras, use</p>' in text


def test_related_projects_sit_inside_the_main_container(client):
    strategy = make_strategy()
    project = make_project(strategies=[strategy])
    make_project(title="Sibling study", strategies=[strategy])
    text = client.get(project.get_absolute_url()).text
    main = text[text.index('<div class="wrap main-inner">') :]
    # The related section closes before the container does: no stray closing tag before it.
    before = main[: main.index('<section class="related"')]
    assert before.count("<div") == before.count("</div>") + 1


def test_result_strip_shows_headline_figures_and_the_portals_rating(client):
    violence = make_crime_problem(name="Violent crime", slug="violent-crime")
    robbery = make_crime_problem(name="Robbery", slug="robbery")
    project = make_project(design="rct", sms_level=5)
    make_outcome(
        project, measure="violent crime", value=-22, significance="significant",
        crime_problem=violence,
    )  # fmt: skip
    make_outcome(
        project, measure="robbery", value=-5, significance="not_significant", crime_problem=robbery
    )
    make_outcome(
        project, measure="cameras switched on", category="implementation", value=80,
        unit="count", significance="not_tested",
    )  # fmt: skip
    text = client.get(project.get_absolute_url()).text
    strip = text[
        text.index('class="result-strip"') : text.index(
            "</section>", text.index('class="result-strip"')
        )
    ]
    assert strip.index("violent crime".capitalize()) < strip.index("Robbery")
    assert "Portal\u2019s rating" in strip
    assert "Evidence of effect" in strip
    assert (
        "A comparison design (randomized controlled trial, Maryland level 5) found: violent "
        "crime (\u221222%, significant improvement)." in strip
    )
    assert reverse("projects:rating-rule") in strip
    assert text.index('class="result-strip"') < text.index('id="outcomes-title"')


def test_rating_without_outcomes_says_none_was_reported(client):
    text = client.get(make_project().get_absolute_url()).text
    assert "Not rated" in text
    assert "No outcome reported in the sources." in text


def test_a_project_without_strategies_or_crime_problems_still_lists_its_agencys_others():
    project = make_project(title="No terms yet")
    other = make_project(title="Same agency, other year", agency=project.agency, cohort_year=2015)
    assert [p.pk for p in related_projects(project)] == [other.pk]


def test_related_projects_alike_in_every_rule_come_in_one_order():
    # A restored site must show the same page: ties fall back to the award's id, not to where
    # the database happens to keep the rows (on PostgreSQL, the order they were written in).
    phoenix = make_agency(name="Phoenix PD")
    project = make_project(agency=phoenix, cohort_year=2011)
    twins = [make_project(pk=9000 - n, agency=phoenix, cohort_year=2012 + n) for n in range(6)]
    related = related_projects(Project.objects.get(pk=project.pk))
    assert [p.pk for p in related] == sorted(t.pk for t in twins)[:3]
