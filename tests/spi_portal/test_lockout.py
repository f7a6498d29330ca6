"""Repeated wrong admin passwords lock that account from that address (django-axes), with a
page that says so and how to lift it; a sign-in that works lasts one working day."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.factories import make_staff

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")


def sign_in(client, username, password, address="203.0.113.7"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def fail_five_times(client, username, address="203.0.113.7"):
    for _ in range(4):
        response = sign_in(client, username, "wrong", address)
        assert response.status_code == 200  # the form again, with its error
        assert "Please enter the correct username and password" in response.text
    # The fifth failure reaches the limit: the answer is already the lockout page.
    assert sign_in(client, username, "wrong", address).status_code == 429


@pytest.fixture
def editor():
    return make_staff("Editor", username="editor")


def test_five_wrong_passwords_lock_out_even_the_right_one(client, editor):
    fail_five_times(client, "editor")
    response = sign_in(client, "editor", "pw")
    assert response.status_code == 429
    assert "<h1>Sign-in locked</h1>" in response.text
    assert "after 5 failed sign-ins for <strong>editor</strong>" in response.text
    assert "axes_reset_username editor" in response.text
    assert "_auth_user_id" not in client.session


def test_four_wrong_passwords_still_let_the_right_one_in(client, editor):
    for _ in range(4):
        sign_in(client, "editor", "wrong")
    response = sign_in(client, "editor", "pw")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_the_lock_holds_one_account_from_one_address(client, editor):
    make_staff("Editor", username="colleague")
    fail_five_times(client, "editor")
    assert sign_in(client, "colleague", "pw").status_code == 302
    client.logout()
    assert sign_in(client, "editor", "pw", address="198.51.100.20").status_code == 302


def test_reset_command_lifts_the_lock(client, editor):
    fail_five_times(client, "editor")
    assert sign_in(client, "editor", "pw").status_code == 429
    call_command("axes_reset_username", "editor", verbosity=0)
    response = sign_in(client, "editor", "pw")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_a_staff_sign_in_lasts_one_working_day(client, editor):
    assert sign_in(client, "editor", "pw").status_code == 302
    assert client.cookies["sessionid"]["max-age"] == 8 * 3600
    assert client.session.get_expiry_age() == 8 * 3600
