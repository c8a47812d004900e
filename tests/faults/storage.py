"""A file storage whose disk fills up halfway through a file: the first
chunk reaches the disk, then the write fails with ENOSPC — what a real
full disk leaves behind (Django's FileSystemStorage does not remove the
partial file)."""

from __future__ import annotations

import errno
from collections.abc import Iterator
from typing import Any

from django.core.files.base import File
from django.core.files.storage import FileSystemStorage


class _HalfWritten(File):
    def chunks(self, chunk_size: int | None = None) -> Iterator[bytes]:
        data = self.file.read()
        yield data[: len(data) // 2]
        raise OSError(errno.ENOSPC, "No space left on device")


class DiskFullStorage(FileSystemStorage):
    def _save(self, name: str, content: Any) -> str:
        content.seek(0)
        return super()._save(name, _HalfWritten(content.file, name))
