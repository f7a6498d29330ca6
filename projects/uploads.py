"""Names for uploaded files: random, so no one can guess the address of a file before it is
published (the uploader's own file name often says what it is, and the year)."""

import re
import uuid
from pathlib import PurePosixPath

from django.utils.deconstruct import deconstructible

_EXTENSION = re.compile(r"\.[a-z0-9]{1,10}")


@deconstructible
class RandomName:
    """``upload_to`` for a file field: ``<folder>/<random>.<extension of the upload>``."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        extension = PurePosixPath(filename).suffix.lower()
        if not _EXTENSION.fullmatch(extension):
            extension = ""
        return f"{self.folder}/{uuid.uuid4().hex}{extension}"
