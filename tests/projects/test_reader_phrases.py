"""Reader phrases, the editors' part of the question box's lexicon: Editors keep them in the
admin, a phrase is one wording however it is typed, and it must mean a term."""

import pytest
from django.urls import reverse

from projects.models import ReaderPhrase
from tests.factories import make_crime_problem, make_staff

pytestmark = pytest.mark.django_db


def add(client, **data):
    return client.post(reverse("admin:projects_readerphrase_add"), data)


def test_an_editor_adds_a_phrase(client):
    client.force_login(make_staff("Editor"))
    problem = make_crime_problem(name="Robbery")
    response = add(client, phrase="Carjackings", crime_problem=problem.pk)
    assert response.status_code == 302
    assert ReaderPhrase.objects.get().key == "carjacking"


def test_the_same_wording_twice_is_a_form_error(client):
    client.force_login(make_staff("Editor"))
    problem = make_crime_problem(name="Robbery")
    ReaderPhrase.objects.create(phrase="carjacking", crime_problem=problem)
    response = add(client, phrase="Carjackings!", crime_problem=problem.pk)
    assert response.status_code == 200
    assert "There is already a reader phrase" in response.content.decode()


def test_a_phrase_that_means_no_term_is_a_form_error(client):
    client.force_login(make_staff("Editor"))
    response = add(client, phrase="stickups")
    assert response.status_code == 200 and not ReaderPhrase.objects.exists()
