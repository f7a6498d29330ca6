"""Editors' Markdown rendered safely: formatting kept, scripts, event handlers and javascript:
links removed, headings kept below the page's own."""

from django.template import Context, Template

from editorial.text import render_markdown


def render(text: str) -> str:
    return Template("{% load portal %}{{ text|markdown }}").render(Context({"text": text}))


def test_markdown_renders_lists_and_emphasis():
    html = render("- **Foot patrol:** officers on foot\n- Problem-solving")
    assert "<ul>" in html
    assert "<strong>Foot patrol:</strong>" in html


def test_script_elements_are_removed_with_their_content():
    html = render("Before <script>alert('x')</script> after")
    assert "<script" not in html
    assert "alert" not in html


def test_event_handler_attributes_are_removed():
    html = render('<a href="https://example.org" onclick="steal()">link</a>')
    assert "onclick" not in html
    assert 'href="https://example.org"' in html


def test_javascript_links_lose_their_address():
    html = render("[click](javascript:alert(1))")
    assert "javascript:" not in html


def test_images_with_error_handlers_are_dropped():
    assert "<img" not in render('<img src="x" onerror="alert(1)">')


def test_top_level_headings_are_demoted_below_the_page_sections():
    html = render_markdown("# Title\n\n## Part")
    assert "<h1>" not in html and "<h2>" not in html
    assert html.count("<h3>") == 2


def test_empty_text_renders_nothing():
    assert render_markdown("") == ""
