"""Work that must follow a commit once, however many writes in the transaction asked for it."""

import functools

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
