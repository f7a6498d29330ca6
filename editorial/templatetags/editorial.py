from django import template

from editorial.queue import review_queue

register = template.Library()


@register.inclusion_tag("admin/editorial/includes/review_queue.html", takes_context=True)
def review_panel(context):
    """The admin home's "Awaiting review" panel and the work returned to this editor."""
    return review_queue(context["request"].user)
