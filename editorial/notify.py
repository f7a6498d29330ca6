"""E-mail to the people a review step concerns: Publishers when work is submitted, the author
when it comes back with a comment or goes live. Sent through Django's mail settings once the
step has committed (a rolled-back step tells nobody); a mail server that is down is logged and
never undoes the editors' work."""

import logging

from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db import transaction

from .roles import PUBLISHER

logger = logging.getLogger(__name__)


def _send(messages: list[tuple]) -> None:
    def send():
        try:
            send_mass_mail(messages, fail_silently=False)
        except OSError:
            logger.exception("could not send the editors' notification")

    if messages:
        transaction.on_commit(send)


def _addresses(users) -> list[str]:
    return sorted({user.email for user in users if user.email})


def submitted(obj, user, admin_url: str) -> None:
    publishers = get_user_model().objects.filter(
        groups__name=PUBLISHER, is_active=True, is_staff=True
    )
    who = user.get_username() if user else "Someone"
    subject = f"Awaiting review: {obj}"
    body = f"{who} submitted “{obj}” for review.\n\nReview it: {admin_url}\n"
    _send([(subject, body, None, [address]) for address in _addresses(publishers)])


def changes_requested(obj, author, reviewer, comment: str, admin_url: str) -> None:
    if author is None or not author.email:
        return
    who = reviewer.get_username() if reviewer else "A Publisher"
    subject = f"Changes requested: {obj}"
    body = f"{who} asks for changes to “{obj}”:\n\n{comment}\n\nEdit it: {admin_url}\n"
    _send([(subject, body, None, [author.email])])
