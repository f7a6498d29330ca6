"""Turn editors' Markdown into HTML that is safe to put on a public page.

Editors write case-study sections and lesson bodies in Markdown. Python-Markdown passes raw HTML
through, so its output is cleaned with nh3 against an allow-list: only structural tags survive,
links keep only http(s), mailto and relative addresses, and no attribute can carry script.
"""

import re

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "caption", "hr",
    "abbr", "sup", "sub",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}, "td": set()}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
_URL_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):", re.IGNORECASE)
# Browsers drop tabs and line breaks anywhere in an address and control characters and spaces
# at its ends, so "java\tscript:" is still javascript: to them.
_URL_DROPPED = re.compile(r"[\t\n\r]")
_URL_ENDS = "".join(chr(c) for c in range(0x21))


def safe_url(url: str | None) -> str | None:
    """``url`` as a browser would follow it, when that can only open a page or write an email:
    an http, https or mailto address, or one on this site. Anything else (``javascript:``,
    ``data:``...) gives None, so an address saved past the forms never becomes a live link.
    Every address a page, a download or the API prints from data goes through here."""
    cleaned = _URL_DROPPED.sub("", url or "").strip(_URL_ENDS)
    scheme = _URL_SCHEME.match(cleaned)
    if not cleaned or (scheme and scheme[1].lower() not in ALLOWED_URL_SCHEMES):
        return None
    return cleaned


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


# What browsers and word processors put into pasted or submitted text that a reader cannot
# see: a textarea submits CRLF line ends, pasted text carries no-break and thin spaces, and
# a minus sign copied from a report is U+2212. Saved as they come, an unchanged section would
# differ from its import and every compare would flag it.
_LINE_ENDS = re.compile(r"\r\n?")
_ODD_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
# A minus sign (U+2212) before a number, or a figure or en dash standing for one before
# "0.4", but not the en dash of a range between two numbers.
_MINUS_BEFORE_DIGIT = re.compile("(?:[\u2212\ufe63\uff0d]|(?<!\\w)[\u2012\u2013])(?=[0-9.])")
# Digits grouped by thousands, with commas or spaces: "12,345", "1 000 000".
_GROUPED_NUMBER = re.compile(r"[-+]?\d{1,3}(?:([, ])\d{3})(?:\1\d{3})*(?:\.\d+)?")


def normalise_text(text: str) -> str:
    """``text`` as an editor meant it: LF line ends, plain spaces, no invisible characters,
    and an ASCII hyphen-minus before a number. Applied to every text field a form saves and to
    both sides of every compare, so text that looks the same is the same."""
    if not text:
        return text
    text = _LINE_ENDS.sub("\n", text)
    text = _ODD_SPACES.sub(" ", text)
    text = _INVISIBLE.sub("", text)
    return _MINUS_BEFORE_DIGIT.sub("-", text)


def normalise_number(text: str) -> str:
    """A typed number as Python reads it: U+2212 before "23" is "-23"; "12,345" and "1 000"
    lose their thousands separators; anything else is left for the field to refuse in words."""
    text = normalise_text(text.strip())
    if _GROUPED_NUMBER.fullmatch(text):
        text = text.replace(",", "").replace(" ", "")
    return text
