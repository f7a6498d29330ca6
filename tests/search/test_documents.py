"""Documents carry the plain words a reader sees, not the Markdown editors write."""

import pytest

from projects.models import Resource, SourceKind
from search.documents import documents_for, plain_text
from tests.factories import make_project, make_source

MARKDOWN = """## Findings

- **Foot patrol:** officers walked _beats_ in [violent corners](https://example.org/map).
  * a nested *item* keeps snake_case_names and 2*3*4
1. Apply the SARA model.

---

> A quote with \\*stars\\* and `code`."""


def test_bold_and_emphasis_lose_their_markers():
    assert "Foot patrol: officers walked beats" in plain_text(MARKDOWN)


def test_list_dashes_headings_and_rules_go():
    lines = plain_text(MARKDOWN).splitlines()
    assert "Findings" in lines
    assert not any(line.lstrip().startswith(("-", "*", "#", ">")) for line in lines)


def test_links_keep_their_text_only():
    text = plain_text(MARKDOWN)
    assert "in violent corners." in text and "example.org" not in text


def test_words_with_underscores_and_arithmetic_stay():
    assert "a nested item keeps snake_case_names and 2*3*4" in plain_text(MARKDOWN)


def test_ordered_list_numbers_and_escaped_characters_read_as_text():
    text = plain_text(MARKDOWN)
    assert "1. Apply the SARA model." in text
    assert "A quote with *stars* and code." in text


@pytest.mark.django_db
def test_a_case_study_document_has_no_markdown():
    project = make_project(summary="**Officers** walked.", findings="- **Crime** fell.")
    document = documents_for([f"project:{project.pk}"])[f"project:{project.pk}"]
    assert document.summary == "Officers walked."
    assert "Crime fell." in document.body and "**" not in document.body


@pytest.mark.django_db
def test_a_report_found_in_search_says_when_its_link_is_only_a_copy():
    make_source(url="https://docslib.org/la", title="Operation LASER", kind=SourceKind.MIRROR)
    report = Resource.objects.create(
        title="Same report (copy)", url="https://docslib.org/la", status="published"
    )
    report.projects.add(make_project())
    document = documents_for([f"resource:{report.pk}"])[f"resource:{report.pk}"]
    assert (document.title, document.subtitle) == ("Operation LASER", "Copy on docslib.org")
