"""Reading exchange files, with messages a person can act on."""

import json
from pathlib import Path

from django.core.management.base import CommandError


def read_records(path: str | Path) -> list:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"{path}: cannot be read ({error})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise CommandError(
            f"{path} is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None
    if not isinstance(data, list):
        raise CommandError(
            f"{path}: the file must hold a list of project records, not a {type(data).__name__}"
        )
    return data
