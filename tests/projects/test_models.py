"""The domain rules the models keep: an outcome's direction and source, headline figures, what
is public when, slugs and their redirects, and the population bands."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from projects.models import Direction, Outcome, Project, SlugRedirect, normalize_term
from projects.models.agencies import PopulationBand
from tests.factories import make_agency, make_outcome, make_project

pytestmark = pytest.mark.django_db


def test_direction_follows_a_negative_value():
    outcome = make_outcome(make_project(), value=-17, direction="")
    assert outcome.direction == Direction.DECREASE


def test_direction_follows_a_positive_value_whatever_was_typed():
    outcome = make_outcome(make_project(), value=9.8, direction=Direction.DECREASE)
    outcome.refresh_from_db()
    assert outcome.direction == Direction.INCREASE


def test_database_refuses_a_direction_against_the_value():
    outcome = make_outcome(make_project(), value=-17)
    with pytest.raises(IntegrityError), transaction.atomic():
        Outcome.objects.filter(pk=outcome.pk).update(direction=Direction.INCREASE)


def test_clean_explains_a_direction_against_the_value():
    outcome = Outcome(project=make_project(), measure="robbery", value=-5, direction="increase")
    with pytest.raises(ValidationError) as error:
        outcome.clean()
    assert "direction" in error.value.message_dict


def test_direction_without_a_value_is_kept_as_reported():
    outcome = make_outcome(make_project(), value=None, direction=Direction.DECREASE)
    assert outcome.direction == Direction.DECREASE


def test_published_outcome_needs_a_source():
    outcome = Outcome(project=make_project(status="published"), measure="robbery", value=-5)
    with pytest.raises(ValidationError) as error:
        outcome.clean()
    assert "source" in error.value.message_dict


def test_draft_outcome_may_wait_for_its_source():
    Outcome(project=make_project(status="draft"), measure="robbery", value=-5).clean()


def test_relative_change_below_minus_100_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_outcome(make_project(), value=-140, unit="percent")


def test_only_one_headline_per_result():
    project = make_project()
    make_outcome(project, result_key="complaints", is_headline=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_outcome(project, result_key="complaints", is_headline=True, value=-44.4)


def test_non_significant_decrease_is_never_a_success():
    outcome = make_outcome(make_project(), value=-20, significance="not_tested")
    assert outcome.effect == "not tested"
    outcome.significance = "not_significant"
    assert outcome.effect == "no significant change"


def test_significant_rise_in_clearance_is_an_improvement():
    outcome = make_outcome(
        make_project(), value=9.8, category="clearance", unit="percentage_points"
    )
    assert outcome.effect == "improvement"
    assert outcome.display_value == "+9.8 points"


@pytest.mark.parametrize("status", ["draft", "in_review", "unpublished"])
def test_unpublished_states_are_not_public(status):
    make_project(status=status)
    assert not Project.objects.published().exists()


def test_future_publish_time_is_not_public_yet():
    project = make_project(go_live_at=timezone.now() + timedelta(days=1))
    assert not project.is_public
    assert not Project.objects.published().exists()


def test_past_publish_time_is_public():
    make_project(go_live_at=timezone.now() - timedelta(minutes=1))
    assert Project.objects.published().count() == 1


def test_slug_is_city_state_and_cohort_year():
    agency = make_agency(city="Glendale", state="AZ")
    assert make_project(agency=agency, cohort_year=2009).slug == "glendale-az-2009"


def test_second_project_with_the_same_slug_gets_a_suffix():
    agency = make_agency(city="Glendale", state="AZ")
    make_project(agency=agency, cohort_year=2009)
    other = make_project(agency=make_agency(city="Glendale", state="AZ"), cohort_year=2009)
    assert other.slug == "glendale-az-2009-2"


def test_renamed_slug_leaves_a_redirect():
    project = make_project()
    old = project.slug
    project.slug = "renamed-slug"
    project.save()
    assert SlugRedirect.objects.get(old_slug=old).project == project


def test_save_increments_the_version():
    project = make_project()
    version = project.version
    project.save()
    assert project.version == version + 1


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Body-Worn Cameras", "body worn camera"),
        ("hot  spots", "hot spot"),
        ("SARA", "sara"),
        ("business", "business"),
    ],
)
def test_terms_fold_case_punctuation_and_plural(raw, key):
    assert normalize_term(raw) == key


@pytest.mark.parametrize(
    ("population", "band"),
    [(10_000, "under-50k"), (255_080, "250k-1m"), (1_500_000, "over-1m"), (None, None)],
)
def test_population_band(population, band):
    assert PopulationBand.for_population(population) == band
