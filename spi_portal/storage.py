"""Where uploads are written: Django's file-system storage, except that a file appears under its
name only once it is complete, and a write that fails leaves nothing behind.

Django's own storage creates the file first and then writes into it, so a write that fails
(the disk full, the upload cut short) leaves an empty or truncated file that a record may never
point at, and that nothing removes.
"""

import os
import tempfile

from django.core.files.storage import FileSystemStorage


class MediaStorage(FileSystemStorage):
    def _save(self, name, content):
        full_path = self.path(name)
        os.makedirs(os.path.dirname(full_path), exist_ok=True)
        # The name is claimed first, as Django's storage does, so two uploads never share one.
        while True:
            try:
                os.close(os.open(full_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
                break
            except FileExistsError:
                name = self.get_available_name(name)
                full_path = self.path(name)
        try:
            fd, partial = tempfile.mkstemp(dir=os.path.dirname(full_path), prefix=".upload-")
            try:
                with os.fdopen(fd, "wb") as out:
                    for chunk in content.chunks():
                        out.write(chunk.encode() if isinstance(chunk, str) else chunk)
                if self.file_permissions_mode is not None:
                    os.chmod(partial, self.file_permissions_mode)
                os.replace(partial, full_path)
            except BaseException:
                os.unlink(partial)
                raise
        except BaseException:
            os.unlink(full_path)
            raise
        return str(name).replace("\\", "/")
