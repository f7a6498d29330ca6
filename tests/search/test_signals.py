"""Edits reach the index only after their transaction commits. Each test checks that the index
received the document (or held it before losing it): a test that only finds something absent
would pass just as well if nothing ever reached the index."""

import pytest
from django.db import transaction

from editorial.models import PublicationStatus
from projects.curation import find_unmapped, map_term
from search.models import PendingUpdate
from search.query import SearchRequest
from tests.factories import make_crime_problem, make_outcome, make_project, make_strategy

pytestmark = pytest.mark.django_db


def keys(engine, text):
    return {hit.key for hit in engine.search(SearchRequest(text, per_page=50)).hits}


def project_titles(engine, text):
    """The source titles of the projects found, from their names ("Agency, 2011: Title")."""
    request = SearchRequest(text, filters={"kind": ("project",)}, per_page=50)
    names = (str(hit.title).replace("<mark>", "").replace("</mark>", "")
             for hit in engine.search(request).hits)  # fmt: skip
    return sorted(name.split(": ", 1)[-1] for name in names)


def test_publishing_indexes_after_commit(engine, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        project = make_project(title="Wombat Patrol")
    assert keys(engine, "wombat") == set()
    for callback in callbacks:
        callback()
    assert f"project:{project.pk}" in keys(engine, "wombat")
    assert not PendingUpdate.objects.exists()


def test_rolled_back_change_never_reaches_the_index(engine, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            make_project(title="Phantom Cancelled")
            raise RuntimeError("editor cancelled")
        make_project(title="Phantom Saved")
    assert project_titles(engine, "phantom") == ["Phantom Saved"]
    assert not PendingUpdate.objects.exists()


def test_drafts_are_never_indexed(engine, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        draft = make_project(title="Draft Narwhal", status=PublicationStatus.DRAFT)
        make_project(title="Published Narwhal")
    assert project_titles(engine, "narwhal") == ["Published Narwhal"]
    assert f"project:{draft.pk}" not in engine.fingerprints()


def test_unpublishing_removes_the_document(engine, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        project = make_project(title="Okapi Study")
    assert f"project:{project.pk}" in keys(engine, "okapi")
    with django_capture_on_commit_callbacks(execute=True):
        project.status = PublicationStatus.UNPUBLISHED
        project.save()
    assert keys(engine, "okapi") == set()


def test_deleting_removes_the_document(engine, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        project = make_project(title="Tapir Study")
    assert f"project:{project.pk}" in keys(engine, "tapir")
    with django_capture_on_commit_callbacks(execute=True):
        project.delete()
    assert keys(engine, "tapir") == set()


def test_editing_updates_the_document(engine, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        project = make_project(title="Ibex Study")
    with django_capture_on_commit_callbacks(execute=True):
        project.title = "Markhor Study"
        project.save()
    assert keys(engine, "ibex") == set()
    assert f"project:{project.pk}" in keys(engine, "markhor")


def test_linking_a_strategy_makes_it_public(engine, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        strategy = make_strategy(name="Gazelle deterrence")
        project = make_project(title="Plain project")
    assert keys(engine, "gazelle") == set()
    with django_capture_on_commit_callbacks(execute=True):
        project.strategies.add(strategy)
    assert keys(engine, "gazelle") == {f"strategy:{strategy.pk}", f"project:{project.pk}"}


def test_clearing_strategies_makes_them_private_again(engine, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        strategy = make_strategy(name="Gazelle deterrence")
        project = make_project(title="Plain project", strategies=[strategy])
    assert f"strategy:{strategy.pk}" in keys(engine, "gazelle")
    with django_capture_on_commit_callbacks(execute=True):
        project.strategies.clear()
    assert keys(engine, "gazelle") == set()


def test_a_new_significant_outcome_updates_the_facet(engine, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        project = make_project(title="Heron Study")
    request = SearchRequest("heron", filters={"significant": ("yes",)})
    assert engine.search(request).total == 0
    with django_capture_on_commit_callbacks(execute=True):
        make_outcome(project)
    assert engine.search(request).total == 1


def test_renaming_a_strategy_refreshes_its_projects(engine, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        strategy = make_strategy(name="Old name")
        project = make_project(title="Egret Study", strategies=[strategy])
    with django_capture_on_commit_callbacks(execute=True):
        strategy.name = "Cormorant policing"
        strategy.save()
    assert f"project:{project.pk}" in keys(engine, "cormorant")


def test_an_unmapped_term_is_found_and_moves_to_its_term_when_mapped(
    engine, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        project = make_project(unmapped_terms={"crime_types": ["Behavioural crises"]})
        problem = make_crime_problem(name="Mental health crises")
    assert keys(engine, "behavioural") == {f"project:{project.pk}"}
    with django_capture_on_commit_callbacks(execute=True):
        map_term(find_unmapped("crime_types", "Behavioural crises"), problem)
    # The project holds the term now, and the term's synonyms are searched with it.
    assert keys(engine, "behavioural") == {f"crime_problem:{problem.pk}"}
    assert f"project:{project.pk}" in keys(engine, "mental health crises")


def test_an_unpublish_by_queryset_update_leaves_the_index(engine, committed):
    project = committed(lambda: make_project(title="Quietly withdrawn"))
    assert project_titles(engine, "withdrawn") == ["Quietly withdrawn"]
    committed(
        lambda: (
            type(project).objects.filter(pk=project.pk).update(status=PublicationStatus.UNPUBLISHED)
        )
    )
    assert project_titles(engine, "withdrawn") == []
