"""Turn editors' Markdown into HTML that is safe to put on a public page.

Editors write case-study sections and lesson bodies in Markdown. Python-Markdown passes raw HTML
through, so its output is cleaned with nh3 against an allow-list: only structural tags survive,
links keep only http(s), mailto and relative addresses, and no attribute can carry script.
"""

from urllib.parse import urlsplit

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "caption", "hr",
    "abbr", "sup", "sub",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}, "td": set()}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str) -> str:
    """Markdown to sanitized HTML. Headings start at h3 so they sit under the page's own h2s."""
    if not text:
        return ""
    html = markdown_lib.markdown(text, extensions=["sane_lists", "tables"], output_format="html")
    html = html.replace("<h1>", "<h3>").replace("</h1>", "</h3>")
    html = html.replace("<h2>", "<h3>").replace("</h2>", "</h3>")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an http, https or mailto address; otherwise None, so that an address
    such as ``javascript:...`` that reached the database outside the admin never goes out as a
    link."""
    if not url:
        return None
    scheme = urlsplit(url.strip()).scheme.lower()
    return url if scheme in ALLOWED_URL_SCHEMES else None
