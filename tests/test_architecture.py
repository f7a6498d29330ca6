"""Protects the direction of the apps where `lint-imports` cannot look: no lower app follows a
higher app's relation, names its label or its URLs, or renders its templates (the rules and the
order, read from pyproject.toml, are in tests/architecture.py). Each rule is also run on a
snippet holding the back door it exists for, so a checker that stopped looking would fail here."""

import pytest

from tests import architecture
from tests.architecture import check_python, check_skeleton, check_template, layers, violations


def test_the_order_is_the_import_contracts():
    assert list(layers()) == ["spi_portal", "search", "lessons", "projects", "editorial"]


def test_no_app_leans_on_an_app_above_it():
    found = violations()
    listing = "\n".join(map(str, found))
    assert not found, f"Against the apps' order, unseen by lint-imports:\n{listing}"


BACK_DOORS_IN_PYTHON = [
    ("reverse relation", "project.lessons.published()"),
    ("reverse relation", 'Prefetch("lessons", queryset=None)'),
    ("reverse relation", "Project.objects.filter(lessons__status='published')"),
    ("app label", 'apps.get_model("lessons", "Lesson")'),
    ("app label", 'NOT_PUBLIC = {"admin", "search"}'),
    ("app label", 'models.ForeignKey("lessons.Lesson", on_delete=models.CASCADE)'),
    ("URL name", 'reverse("strategy-detail", args=[slug])'),
    ("URL name", 'redirect("case-study", slug=slug)'),
    ("URL name", 'reverse("lessons:list")'),
    ("template", 'render(request, "spi_portal/case_study.html", {})'),
    ("template", 'inclusion_tag = register.inclusion_tag("lessons/includes/lesson_card.html")'),
    ("admin", "admin.site.unregister(Project)"),
]


@pytest.mark.parametrize(("rule", "source"), BACK_DOORS_IN_PYTHON)
def test_a_back_door_in_projects_code_is_found(rule, source):
    assert rule in {v.rule for v in check_python(source, "projects")}


BACK_DOORS_IN_TEMPLATES = [
    ("reverse relation", "{% for lesson in project.lessons.all %}{% endfor %}"),
    ("URL name", "<a href=\"{% url 'api:api-root' %}\">API</a>"),
    ("URL name", "<a href=\"{% url 'strategy-list' %}\">Strategies</a>"),
    ("URL name", '{% export_links "search:download" %}'),
    ("template", '{% include "lessons/includes/lesson_card.html" %}'),
    ("template", '{% extends "spi_portal/case_study.html" %}'),
]


@pytest.mark.parametrize(("rule", "source"), BACK_DOORS_IN_TEMPLATES)
def test_a_back_door_in_a_projects_template_is_found(rule, source):
    assert rule in {v.rule for v in check_template(source, "projects")}


def test_loading_a_higher_apps_template_tags_is_found(monkeypatch):
    # No app above projects has tags of its own yet; this one stands in for them.
    monkeypatch.setattr(architecture, "library_owners", lambda: {"lesson_tags": "lessons"})
    assert [v.rule for v in check_template("{% load lesson_tags %}", "projects")] == ["template"]


def test_the_sites_own_templates_include_no_apps_template():
    source = (
        '{% include "includes/compare_tray.html" %}{% include "projects/includes/us_map.html" %}'
    )
    assert [v.message for v in check_skeleton(source)] == [
        "renders 'projects/includes/us_map.html', a template of projects"
    ]


ALLOWED = [
    ("projects", "python", 'reverse("projects:list")'),
    ("projects", "python", 'context = {"lessons": []}'),
    ("projects", "python", 'apps.get_model("projects", "Project")'),
    ("projects", "template", '{% extends "base.html" %}{% include "includes/pagination.html" %}'),
    ("projects", "template", "{% url opts|admin_urlname:'compare' original.pk %}"),
    ("spi_portal", "python", "project.lessons.published()"),
    (
        "spi_portal",
        "template",
        "{% url 'api:api-root' %}{% include 'lessons/includes/lesson_card.html' %}",
    ),
    ("lessons", "python", 'reverse("projects:list")'),
]


@pytest.mark.parametrize(("package", "kind", "source"), ALLOWED)
def test_what_runs_downwards_is_allowed(package, kind, source):
    check = check_python if kind == "python" else check_template
    assert check(source, package) == []
