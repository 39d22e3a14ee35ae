"""Where built models and repaired pages live on disk, keyed by a hash of what made them."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
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


def load_json(kind: str, key: str):
    """The JSON stored under `kind/key`, or None (missing or unreadable: just recompute)."""
    path = cache_root() / kind / f"{key}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def store_json(kind: str, key: str, value) -> None:
    """Store `value` under `kind/key`, atomically; a cache that can't be written is skipped."""
    directory = cache_root() / kind
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle, staging = tempfile.mkstemp(dir=directory, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            # dumps, not dump: only the one-shot encoder runs in C.
            file.write(json.dumps(value, ensure_ascii=False))
        os.replace(staging, directory / f"{key}.json")
    except OSError:
        pass


def source_digest(*module_files: str) -> str:
    """A hash of the given source files, so that cached results die with the code that made them."""
    return content_key(*(Path(file).read_bytes() for file in sorted(module_files)))
