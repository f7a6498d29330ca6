"""safe_url: the one gate every address printed from data passes (editorial/text.py)."""

import pytest

from editorial.text import safe_url


@pytest.mark.parametrize(
    "url",
    [
        "https://www.example.org/report.pdf",
        "http://example.org/",
        "mailto:spi@example.org",
        "/media/resources/report.pdf",
        "//cdn.example.org/x",
        "report.pdf",
    ],
)
def test_addresses_that_only_open_a_page_or_an_email_pass(url):
    assert safe_url(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "  javascript:alert(1)",
        "\x01javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
    ],
)
def test_anything_else_gives_nothing(url):
    assert safe_url(url) is None


def test_empty_gives_nothing():
    assert safe_url(None) is None
    assert safe_url("") is None
    assert safe_url(" \t") is None


def test_what_browsers_ignore_is_removed():
    assert safe_url(" https://exa\tmple.org/\n") == "https://example.org/"
