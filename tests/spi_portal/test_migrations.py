"""The models and their migrations agree: no change is left without a migration."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_pending_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
