"""Content hashes, one definition for the build, the cards, verify and the data catalog."""

from __future__ import annotations

import hashlib


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
