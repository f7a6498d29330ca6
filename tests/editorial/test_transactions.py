"""``on_commit_once``: work asked for by many writes runs once, after the commit."""

import pytest
from django.db import transaction

from editorial.transactions import on_commit_once

pytestmark = pytest.mark.django_db


@pytest.fixture
def calls():
    made = []

    def work():
        made.append(len(made) + 1)

    work.made = made
    return work


def test_many_requests_in_one_transaction_run_once_after_the_commit(
    calls, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for _ in range(100):
            on_commit_once(calls)
        assert calls.made == []
    assert len(callbacks) == 100
    assert calls.made == [1]


def test_a_later_transaction_runs_it_again(calls, django_capture_on_commit_callbacks):
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            on_commit_once(calls)
            on_commit_once(calls)
    assert calls.made == [1, 2]


def test_a_rolled_back_request_never_runs(calls, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        on_commit_once(calls)
        raise RuntimeError
    assert callbacks == [] and calls.made == []


def test_a_call_that_fails_leaves_the_next_one_to_try_again(django_capture_on_commit_callbacks):
    attempts = []

    def flaky():
        attempts.append(1)
        if len(attempts) == 1:
            raise OSError("index busy")

    with django_capture_on_commit_callbacks(execute=True):
        on_commit_once(flaky, robust=True)
        on_commit_once(flaky, robust=True)
        on_commit_once(flaky, robust=True)
    assert len(attempts) == 2
