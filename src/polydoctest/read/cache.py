"""Where built models live on disk, keyed by a hash of everything that went into them."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def cache_root() -> Path:
    """`$POLYDOCTEST_CACHE`, else `~/.cache/polydoctest`."""
    configured = os.environ.get("POLYDOCTEST_CACHE")
    return Path(configured).expanduser() if configured else Path.home() / ".cache" / "polydoctest"


def content_key(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()[:32]
