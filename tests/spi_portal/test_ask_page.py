"""The question box's page (/ask/) and API (/api/ask/): the reading shown as chips that can be
removed, the answer first, the fallback to search, and clear answers to hostile or very long
questions, never a 500."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def ask(client, **params):
    return client.get(reverse("ask"), params)


def test_home_and_search_offer_the_question_box(client, asked):
    for name in ("home", "search"):
        assert b"Ask a question about what worked" in client.get(reverse(name)).content


def test_the_page_shows_what_it_read_then_the_evidence(client, asked):
    response = ask(client, q="what cuts carjackings in a mid-sized city")
    page = response.content.decode()
    assert response.status_code == 200
    assert page.index("We read your question as") < page.index("Portal\u2019s summary")
    assert "Robbery" in page and "carjackings" in page and "Mid-sized urban" in page
    assert "Agencies like yours" in page


def test_removing_a_chip_answers_without_it(client, asked):
    response = ask(client, q="drug dealers near the High Point model", read="1",
                   strategy="drug-market-intervention")  # fmt: skip
    page = response.content.decode()
    assert "Drug market intervention" in page
    assert "Crime problem:</span> <strong>Drug markets" not in page


def test_a_question_it_cannot_read_says_so_and_shows_search(client, asked):
    page = ask(client, q="tell me about Boston").content.decode()
    assert "could not tell" in page and "Search results" in page


@pytest.mark.parametrize(
    "question",
    [
        "<script>alert(1)</script> robbery",
        "robbery' OR 1=1 --",
        "\x00\x1b[31m shootings \u202e",
        "title:robbery AND (guns OR",
        "🚓🚓🚓",
        "robbery " * 120,
    ],
)
def test_hostile_questions_get_an_answer(client, asked, question):
    response = ask(client, q=question)
    assert response.status_code == 200
    assert b"<script>alert" not in response.content


def test_a_question_too_long_is_explained(client, asked):
    response = ask(client, q="x" * 1001)
    assert response.status_code == 400
    assert b"Please shorten your question" in response.content


def test_unknown_changes_are_named_not_failed(client, asked):
    response = ask(client, q="robbery", read="1", problem="nope", state="ZZ", population="lots")
    assert response.status_code == 200
    assert "Ignored what this portal does not know" in response.content.decode()


def test_the_api_returns_the_reading_and_the_ranked_answer(client, asked):
    data = client.get(reverse("api:ask"), {"q": "bodycams and complaints"}).json()
    assert [p["slug"] for p in data["reading"]["strategies"]] == ["body-worn-cameras"]
    assert data["reading"]["strategies"][0]["how"] == "an editors' reader phrase"
    assert data["projects"][0]["slug"].startswith("phoenix-az")
    assert data["projects"][0]["rating"]["label"] and data["summary"]["verdict"]


def test_the_api_falls_back_with_a_message(client, asked):
    data = client.get(reverse("api:ask"), {"q": "flurble wibbet"}).json()
    assert data["reading"]["understood"] is False and "could not tell" in data["message"]


def test_the_api_without_a_question_says_what_to_ask(client, asked):
    data = client.get(reverse("api:ask")).json()
    assert data["message"].startswith("Ask a question") and data["projects"] == []


@pytest.mark.parametrize("params", [{"q": "x" * 1001}, {"q": "robbery", "nope": "1"}])
def test_the_api_refuses_bad_questions_with_a_400(client, asked, params):
    response = client.get(reverse("api:ask"), params)
    assert response.status_code == 400 and response.json()["errors"]


def test_the_openapi_documents_ask(client):
    paths = client.get(reverse("api:openapi-json")).json()["paths"]
    assert "q" in {p["name"] for p in paths["/api/ask/"]["get"]["parameters"]}
