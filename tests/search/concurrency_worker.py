"""One web worker's worth of editing, run as its own process by test_concurrency.py:
create, publish, edit, unpublish and delete projects, each save in its own transaction, as
several workers do at once. Any exception (a LockError above all) fails the process."""

import sys

import django


def main(worker: int, rounds: int) -> None:
    django.setup()
    from editorial.models import PublicationStatus
    from tests.factories import make_agency, make_project, make_source

    for n in range(rounds):
        # The factories' counters are per process, so names carry the worker's number.
        tag = f"w{worker}-r{n}"
        project = make_project(
            title=f"Worker {worker} round {n} concurrency",
            agency=make_agency(name=f"Agency {tag}", slug=f"agency-{tag}", city=f"City {tag}"),
            sources=[make_source(url=f"https://example.org/{tag}")],
        )
        if n % 3 == 0:
            project.title = f"Worker {worker} round {n} edited concurrency"
            project.save()
        if n % 4 == 1:
            project.status = PublicationStatus.UNPUBLISHED
            project.save()
        if n % 5 == 2:
            project.delete()


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
