"""The API's OpenAPI description is valid and tells the truth: every answer the API gives to
good and bad input (a page past the end, a wrong number, an unknown parameter, a missing
record) has its status declared for that operation, with a body of the declared shape."""

import pytest
from django.urls import reverse
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from tests.factories import make_lesson, make_project, make_strategy

pytestmark = pytest.mark.django_db

ODD_QUERIES = [
    {},
    {"page": "2"},
    {"page": "99"},
    {"page": "0"},
    {"page": "abc"},
    {"page": "99999999999999999999999"},
    {"page_size": "0"},
    {"page_size": "100000"},
    {"colour": "red"},
    {"year": "abc"},
    {"sort": "nonsense"},
]


@pytest.fixture
def description(client):
    response = client.get(reverse("api:openapi-json"))
    assert response.status_code == 200
    return response.json()


def test_the_description_is_valid_openapi(description):
    validate(description)


def _declared(description, path: str) -> dict:
    """The declared answers of the GET at ``path`` (without its query), by status."""
    operation = description["paths"][path]["get"]
    return {int(code): answer for code, answer in operation["responses"].items()}


def _body_schema(description, answer: dict) -> dict:
    schema = answer["content"]["application/json"]["schema"]
    return {**schema, "components": description["components"]} if "$ref" in schema else schema


def test_every_answer_has_a_declared_status_and_shape(client, description):
    strategy = make_strategy()
    project = make_project(strategies=[strategy])
    make_lesson(projects=[project])
    checked = 0
    for path in description["paths"]:
        address = path.replace("{slug}", project.slug)
        declared = _declared(description, path)
        for query in ODD_QUERIES:
            response = client.get(address, query)
            assert response.status_code in declared, (address, query, response.status_code)
            answer = declared[response.status_code]
            if "content" in answer:
                schema = _body_schema(description, answer)
                Draft202012Validator(schema).validate(response.json())
            checked += 1
        if "{slug}" in path:
            missing = client.get(path.replace("{slug}", "no-such-record"))
            assert missing.status_code in declared, (path, missing.status_code)
    assert checked > 50
