"""The shipped content, once loaded, names every institution and person once."""

import pytest
from django.core.management import call_command

from projects.models import Researcher, ResearchPartner

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    call_command("load_portal_data", "--no-index", verbosity=0)


@pytest.mark.parametrize("model", [ResearchPartner, Researcher])
def test_no_two_records_share_a_normalised_name(loaded, model):
    keys = [record.match_key for record in model.objects.all()]
    assert len(keys) == len(set(keys)), sorted(keys)


def test_no_partner_is_a_fragment_cut_from_a_parenthesis(loaded):
    for partner in ResearchPartner.objects.all():
        text = str(partner)
        assert text.count("(") == text.count(")"), text


def test_the_shipped_duplicates_are_one_record_each(loaded):
    assert ResearchPartner.objects.filter(name="Arizona State University").count() == 1
    assert ResearchPartner.objects.filter(name="Temple University").count() == 1
    assert ResearchPartner.objects.filter(name__startswith="Justice").count() == 1
    assert Researcher.objects.filter(name__contains="Choate").count() == 1
