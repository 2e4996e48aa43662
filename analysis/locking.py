"""One writer per output folder: an exclusive lock that names the process holding it."""

from __future__ import annotations

import fcntl
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from analysis import paths

_held: dict[Path, int] = {}  # folders this process holds, with a nesting count (build calls the gallery...)


class OutputFolderBusyError(RuntimeError):
    """Another process is writing to the same output folder."""


@contextmanager
def exclusive(folder: Path) -> Iterator[None]:
    """Hold the folder's lock for the block; refuse at once, naming the holder, if another process has it."""
    folder = Path(folder).resolve()
    if folder in _held:
        _held[folder] += 1
        try:
            yield
        finally:
            _held[folder] -= 1
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / paths.BUILD_LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise OutputFolderBusyError(
            f"cannot write to the output folder {folder}: {error.strerror}; choose a writable folder with --out"
        ) from error
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 400, 0).decode("utf-8", "replace").strip() or "unknown process"
        os.close(fd)
        raise OutputFolderBusyError(
            f"another build is writing to {folder} (held by {holder}); wait for it to finish or stop it, "
            "then run again") from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"process {os.getpid()}: {' '.join(sys.argv)}".encode(), 0)
    _held[folder] = 1
    try:
        yield
    finally:
        del _held[folder]
        os.ftruncate(fd, 0)
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
