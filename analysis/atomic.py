"""Atomic file writes: a reader sees the old file or the complete new one, never a part."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def write_atomic(target: Path, writer: Callable[[BinaryIO], None], staging: Path | None = None) -> None:
    """Call ``writer`` on a temporary file, then move it over ``target`` in one step.

    The temporary file lives in ``staging`` (default: a hidden folder beside the target's
    parent), so an interrupted write never leaves a partial file inside the output folder.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(staging) if staging else target.parent.parent / ".staging"
    staging.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=target.name + ".", suffix=".part", dir=staging)
    tmp = Path(tmp_name)
    try:
        os.chmod(tmp, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            writer(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_bytes_atomic(target: Path, data: bytes, staging: Path | None = None) -> None:
    """Write ``data`` to ``target`` atomically."""
    write_atomic(target, lambda handle: handle.write(data), staging)


def write_text_atomic(target: Path, text: str, staging: Path | None = None) -> None:
    """Write UTF-8 ``text`` to ``target`` atomically."""
    write_bytes_atomic(target, text.encode("utf-8"), staging)


def staging_dir(out_dir: Path) -> Path:
    """Where temporary files for an output folder are written: beside it, never inside it."""
    out_dir = Path(out_dir)
    return out_dir.parent / f".{out_dir.name}.staging"
