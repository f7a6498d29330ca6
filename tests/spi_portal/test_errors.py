"""The error pages: a styled 404 with one heading that says why, and a 500 page that renders
without a request."""

from django.template.loader import render_to_string
from django.test import override_settings


@override_settings(DEBUG=False)
def test_404_page_is_styled_and_has_one_heading(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response.text.count("<h1") == 1
    assert "We could not find that page" in response.text
    assert 'class="skip-link"' in response.text


def test_404_for_a_missing_page_number_says_why(client, db):
    response = client.get("/sites/", {"page": "99999"})
    assert response.status_code == 404
    assert "There is no page “99999”" in response.text


def test_500_template_renders_without_a_request():
    html = render_to_string("500.html")
    assert "Something went wrong" in html
    assert html.count("<h1") == 1
