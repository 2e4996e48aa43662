"""Validation results cached by content hash, so an unchanged package is re-validated in milliseconds."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

KEEP = 400  # entries kept; older ones are removed when the folder grows past this
# Modules outside analysis/validation whose code the rules run: a change to any of them invalidates the cache.
RULE_MODULES = ("validate.py", "countries.py", "scope.py", "measures.py")


def directory() -> Path:
    from analysis.paths import VALIDATION_CACHE

    return VALIDATION_CACHE


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of the validator's own code and the library versions it relies on: a change invalidates the cache."""
    from importlib.util import find_spec

    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    sources = [*sorted(here.glob("*.py")), *(here.parent / name for name in RULE_MODULES)]
    for source in sources:
        if source.exists():
            digest.update(source.name.encode() + b"\0" + source.read_bytes())
    for library in ("frictionless", "pycountry"):  # where each is installed and when (importing them is slow)
        spec = find_spec(library)
        origin = Path(spec.origin) if spec and spec.origin else None
        stamp = origin.stat().st_mtime_ns if origin and origin.exists() else 0
        digest.update(f"{library}={origin}@{stamp}".encode())
    return digest.hexdigest()


def key(kind: str, *parts: bytes) -> str:
    """A cache key for content ``parts`` (each length-prefixed, so concatenations cannot collide)."""
    digest = hashlib.sha256(kind.encode() + b"\0" + code_version().encode())
    for part in parts:
        digest.update(len(part).to_bytes(8, "big") + part)
    return f"{kind}-{digest.hexdigest()}"


def load(entry: str) -> Any | None:
    """The cached value, or None when there is none (or it cannot be read)."""
    try:
        return json.loads((directory() / f"{entry}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def store(entry: str, value: Any) -> None:
    """Write atomically; a cache that cannot be written is skipped, never an error."""
    folder = directory()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".json")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(value, out, ensure_ascii=False)
        os.replace(temporary, folder / f"{entry}.json")
        _prune(folder)
    except OSError:
        return


def _prune(folder: Path) -> None:
    entries = list(folder.glob("*.json"))
    if len(entries) <= KEEP:
        return
    def age(path: Path) -> float:
        try:
            return path.stat().st_mtime
        except OSError:
            return 0.0
    for old in sorted(entries, key=age)[: len(entries) - KEEP // 2]:
        with contextlib.suppress(OSError):
            old.unlink()
