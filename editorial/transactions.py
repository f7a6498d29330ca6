"""Work that must follow a commit once, however many writes in the transaction asked for it:
``on_commit_once`` runs a function once, ``on_commit_batch`` once with everything the
transaction collected for it."""

import functools
import weakref

from django.db import transaction


class _Once:
    def __init__(self, func, state: dict, number: int):
        self.func, self.state, self.number = func, state, number
        functools.update_wrapper(self, func)  # Django names a failed callback in its log

    def __call__(self):
        # The first call after a commit covers every request made up to then; the rest of the
        # transaction's calls find their request covered and return at once. A call that fails
        # covers nothing, so the next one tries again.
        if self.state["covered"] >= self.number:
            return
        asked = self.state["asked"]
        self.func()
        self.state["covered"] = max(self.state["covered"], asked)


def on_commit_once(func, robust: bool = False) -> None:
    """Run ``func`` after the current transaction commits (at once outside one), a single time
    for all the requests the transaction made: an import saving ten thousand records runs it
    once, not ten thousand times. Requests are counted per database connection, that is per
    thread, so one thread's commit never takes another's request as done."""
    connection = transaction.get_connection()
    states = connection.__dict__.setdefault("_on_commit_once", {})
    state = states.setdefault(func, {"asked": 0, "covered": 0})
    state["asked"] += 1
    transaction.on_commit(_Once(func, state, state["asked"]), robust=robust)


class _Waiting:
    """One item waiting for its transaction's commit. Only its on-commit callback holds it:
    when Django drops the callbacks of a rolled-back transaction or savepoint, the item goes
    with them, and leaves its batch (a ``WeakSet``) by itself."""

    def __init__(self, func, item, batch: weakref.WeakSet, number: int):
        self.func, self.item, self.batch, self.number = func, item, batch, number
        functools.update_wrapper(self, func)

    def __call__(self):
        # The first to run sends every item still waiting; the others find themselves sent.
        if self not in self.batch:
            return
        waiting = sorted(self.batch, key=lambda entry: entry.number)
        self.batch.clear()
        self.func([entry.item for entry in waiting])


def on_commit_batch(func, item, using: str | None = None) -> None:
    """Run ``func(items)`` once the current transaction commits (at once outside one), a single
    time with every item the transaction gave it: an import's ten thousand changes make one
    call. Items given inside a savepoint that rolls back are left out, and a transaction that
    rolls back makes no call. A failing ``func`` is logged, not raised: the data is committed."""
    connection = transaction.get_connection(using)
    batches = connection.__dict__.setdefault("_on_commit_batch", {})
    batch = batches.setdefault(func, weakref.WeakSet())
    connection.__dict__["_on_commit_batch_number"] = number = (
        connection.__dict__.get("_on_commit_batch_number", 0) + 1
    )
    waiting = _Waiting(func, item, batch, number)
    batch.add(waiting)
    transaction.on_commit(waiting, using=using, robust=True)
