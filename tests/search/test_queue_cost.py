"""What an edit costs the index: its own documents and those that show it, never more."""

import pytest

from search import indexing
from tests.factories import make_project, make_strategy

pytestmark = pytest.mark.django_db


@pytest.fixture
def refreshed(engine, monkeypatch):
    """The keys the queue refreshes when applied after ``write``'s action, as it is after the
    commit (tests never commit)."""
    seen: set[str] = set()
    documents_for = indexing.documents_for

    def recording(keys):
        seen.update(keys)
        return documents_for(keys)

    monkeypatch.setattr(indexing, "documents_for", recording)

    def write(action):
        seen.clear()
        action()
        indexing.apply_pending()
        return seen

    return write


def test_linking_a_strategy_refreshes_it_but_not_its_other_projects(refreshed):
    strategy = make_strategy()
    others = refreshed(lambda: [make_project(strategies=[strategy]) for _ in range(3)])
    assert {f"project:{p.pk}" for p in strategy.projects.all()} <= others
    newcomer = make_project()
    keys = refreshed(lambda: newcomer.strategies.add(strategy))
    assert {f"project:{newcomer.pk}", f"strategy:{strategy.pk}"} <= keys
    assert not keys & {f"project:{p.pk}" for p in strategy.projects.exclude(pk=newcomer.pk)}


def test_renaming_a_strategy_refreshes_every_project_showing_it(refreshed):
    strategy = make_strategy()
    projects = [make_project(strategies=[strategy]) for _ in range(3)]
    strategy.name = "Renamed strategy"
    keys = refreshed(strategy.save)
    assert {f"project:{p.pk}" for p in projects} <= keys


def test_a_queue_about_most_of_the_index_is_applied_as_a_rebuild(engine, monkeypatch):
    rebuilds = []
    rebuild = indexing.rebuild
    monkeypatch.setattr(indexing, "rebuild", lambda backend: rebuilds.append(rebuild(backend)))
    monkeypatch.setattr(indexing, "REBUILD_FROM", 4)
    projects = [make_project() for _ in range(4)]
    indexing.apply_pending()
    assert rebuilds == [len(projects) + 4], "each project and its agency, in one rebuild"
    assert not indexing.PendingUpdate.objects.exists()
    project = make_project()
    indexing.apply_pending()
    assert len(rebuilds) == 1, "one new project among several is an update"
    assert f"project:{project.pk}" in engine.fingerprints()
