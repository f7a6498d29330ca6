"""Django's SQLite backend, with connections that follow the database file rather than outlive it.

Workers keep their connection for ``DATABASE_CONN_MAX_AGE`` (60 s). A connection holds the file
it opened, not its name: when an operator puts a database file back (a restored or repaired
copy moved into place), or the file is deleted, each worker went on reading the old one, or
answering "database disk image is malformed" from a connection that had met the file half
copied, until the connection aged out, 50 to 60 s later. Here:

- at each request's first query (``CONN_HEALTH_CHECKS``) a connection whose file is no longer
  the one at its name is closed, and the next one opens the file now there;
- a connection that met an error is never reused (reconnecting to a file costs a millisecond);
- a file that was there and is gone is reported as an outage (503) rather than silently made
  anew, empty, by SQLite.
"""

import os
from pathlib import Path

from django.db.backends.sqlite3 import base

# The database files this process has opened: one missing now was deleted, not never made.
_OPENED: set[Path] = set()


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    return stat.st_dev, stat.st_ino


class DatabaseWrapper(base.DatabaseWrapper):
    opened: tuple[int, int] | None = None

    def _file(self) -> Path | None:
        if self.is_in_memory_db():
            return None
        return Path(self.settings_dict["NAME"])

    def get_new_connection(self, conn_params):
        path = self._file()
        if path is not None and path in _OPENED and not path.exists():
            raise base.Database.OperationalError("the database file is gone")
        connection = super().get_new_connection(conn_params)
        if path is not None:
            self.opened = _identity(path)
            _OPENED.add(path)
        return connection

    def is_usable(self):
        if self.errors_occurred:
            return False
        path = self._file()
        return path is None or _identity(path) == self.opened
