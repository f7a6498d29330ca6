"""Template helpers shared by the public pages: safe Markdown, JSON-LD, image renditions and
the small widgets (project card, effect badge) that appear on many pages."""

import json

from django import template
from django.db.models.functions import Lower
from django.forms.utils import flatatt
from django.http import QueryDict
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from editorial.renditions import get_rendition
from editorial.text import render_markdown, safe_url
from projects.exports import LINKS as EXPORT_LINKS
from projects.glossary import explain
from projects.models import CrimeProblem, Project
from projects.ratings import OutcomeKind, outcome_kind, rate

register = template.Library()

# Inside <script>, "</script>" or "<!--" in a string would end or confuse the element; escaping
# these characters keeps any text an editor typed inert.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter(name="markdown")
def markdown_filter(text: str) -> str:
    return mark_safe(render_markdown(text))


register.filter("safe_url", safe_url)
register.filter("explain", explain)


@register.simple_tag
def link(url: str, text: str, **attributes) -> str:
    """``text`` as a link to ``url`` when safe_url lets the address through; otherwise the
    text alone, so the reader still sees what was cited."""
    href = safe_url(url)
    if not href:
        return conditional_escape(text)
    return format_html('<a href="{}"{}>{}</a>', href, flatatt(attributes), text)


@register.filter
def jsonld(data: dict) -> str:
    """A schema.org JSON-LD script element for ``data``."""
    payload = json.dumps(data, ensure_ascii=False, default=str).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


@register.simple_tag
def image(field, width: int, height: int | None = None, alt: str = "", css_class: str = ""):
    """An <img> of a rendition at the size the page shows it, with its real width and height
    (so the layout does not jump) and lazy loading; nothing when there is no usable image."""
    rendition = get_rendition(field, int(width), int(height) if height else None)
    if rendition is None:
        return ""
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="{}" loading="lazy" decoding="async"{}>',
        rendition.url,
        rendition.width,
        rendition.height,
        alt,
        format_html(' class="{}"', css_class) if css_class else "",
    )


@register.inclusion_tag("projects/includes/project_card.html")
def project_card(
    project, heading_level: int = 3, reason: str = "", compare: bool = False, picked=()
):
    """A project card; ``reason`` says why it is shown (on related projects); with ``compare``,
    a checkbox that ticks it for the page's compare form (``includes/compare_form.html``),
    ticked when its slug is among ``picked``."""
    return {"project": project, "heading_level": heading_level, "reason": reason,
            "compare": compare, "ticked": project.slug in picked}  # fmt: skip


@register.inclusion_tag("projects/includes/evidence_rating.html")
def evidence_rating(project, full: bool = True, heading: str = ""):
    """The portal's rating of ``project`` (``projects.ratings.rate``) with the reason it rests
    on, labelled as the portal's judgement and linked to the rule. Reads the card's prefetched
    ``headline_outcomes``."""
    return {"rating": rate(project), "full": full, "heading": heading}


@register.filter
def measures(outcome) -> str:
    """What an outcome measures, in words: a crime problem, or the non-crime kind it is."""
    kind = outcome_kind(outcome)
    if kind == OutcomeKind.CRIME:
        if outcome.crime_problem_id:
            return (
                f"Measures {outcome.crime_problem.name[0].lower()}{outcome.crime_problem.name[1:]}"
            )
        return "Measures no crime problem of the taxonomy"
    return f"Not a crime measure: {kind.label.lower()}"


@register.inclusion_tag("projects/includes/like_mine_question.html")
def like_mine_question():
    """The chief's question as a form: what worked against a crime problem in agencies of a
    given size, answered by agencies like mine. It offers the crime problems SPI projects took
    on."""
    problems = CrimeProblem.objects.filter(projects__in=Project.objects.published())
    return {"problems": problems.distinct().order_by(Lower("name"))}


@register.inclusion_tag("projects/includes/effect_badge.html")
def effect_badge(outcome):
    return {"outcome": outcome}


@register.filter
def active(facet_groups):
    """The facets the reader has chosen a value for."""
    return [group for group in facet_groups if group.selected]


@register.inclusion_tag("projects/includes/export_links.html", takes_context=True)
def export_links(context, url_name: str, query=None):
    """Links to this page's own rows in every take-away format. ``url_name`` is the page's
    download view; ``query`` holds the filters the page applied (a QueryDict or a query string),
    by default the request's. The page number is dropped: a download holds every page."""
    if query is None:
        query = context["request"].GET
    params = QueryDict(query, mutable=True) if isinstance(query, str) else query.copy()
    params.pop("page", None)
    return {
        "links": [
            (label, reverse(url_name, kwargs={"dataset": dataset, "fmt": fmt}))
            for dataset, fmt, label in EXPORT_LINKS
        ],
        "query": params,
    }


@register.filter
def add_alternates(headline, alternates):
    """The headline figure followed by the figures other sources gave for the same result."""
    return [headline, *alternates]
