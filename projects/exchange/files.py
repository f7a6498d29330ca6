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
    if isinstance(data, dict) and isinstance(data.get("projects"), list):
        # The portal's own download (/data/projects.json): its records under "projects".
        return data["projects"]
    if not isinstance(data, list):
        raise CommandError(
            f"{path}: the file must hold a list of project records (or, as /data/projects.json "
            f'does, an object with them under "projects"), not a {type(data).__name__}'
        )
    return data
