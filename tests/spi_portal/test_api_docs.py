"""The API's documentation is a page of the portal's own: readable HTML at /api/docs/, built from
the OpenAPI description so every address, parameter and field is explained, served under the
site's Content-Security-Policy with no outside script or style."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def docs(client):
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    return response


def test_every_address_and_record_field_is_explained(client, docs):
    description = client.get(reverse("api:openapi-json")).json()
    for path in description["paths"]:
        assert f"<code>GET {path}</code>" in docs.text
    for field in description["components"]["schemas"]["Project"]["properties"]:
        assert f"<code>{field}</code>" in docs.text
    assert "The facts&#x27; own summary" in docs.text
    assert "One of: <code>AL</code>" in docs.text  # a filter's values are listed


def test_it_loads_nothing_from_elsewhere(docs):
    policy = docs["Content-Security-Policy"]
    assert "default-src 'none'" in policy or "default-src 'self'" in policy
    assert not re.search(r'<script[^>]+src="(https?:)?//', docs.text)
    assert not re.search(r'<link rel="stylesheet"[^>]+href="(https?:)?//', docs.text)
    assert "cdn" not in docs.text.lower()


def test_the_open_data_page_links_it(client):
    assert reverse("api-docs") in client.get(reverse("open-data")).text
