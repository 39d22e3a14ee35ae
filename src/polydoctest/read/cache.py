"""Where built models and repaired pages live on disk, keyed by a hash of what made them.

A model is a folder of 30-120 MB, and every change of corpus, installed text or code makes a
new one: left alone, the cache only grows (12 GB was seen on a developer's machine). So each
use of a model marks it as used, and storing a new one evicts the least recently used until the
models fit `$POLYDOCTEST_MODEL_CACHE_MB` (default 2048). A model used in the last hour is never
evicted: another process may be loading it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Callable

from polydoctest.files import cache_root, write_atomic

BUDGET_VARIABLE = "POLYDOCTEST_MODEL_CACHE_MB"
DEFAULT_BUDGET_MB = 2048
RECENT_SECONDS = 3600


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
    """Store `value` under `kind/key`, atomically but not flushed to disk (a file a crash
    loses or leaves unreadable is computed again); a cache that can't be written is skipped."""
    try:
        # dumps, not dump: only the one-shot encoder runs in C.
        write_atomic(cache_root() / kind / f"{key}.json", json.dumps(value, ensure_ascii=False), durable=False)
    except OSError:
        pass


def source_digest(*module_files: str) -> str:
    """A hash of the given source files, so that cached results die with the code that made them."""
    return content_key(*(Path(file).read_bytes() for file in sorted(module_files)))


def stored_folder(kind: str, key: str) -> Path | None:
    """The folder stored under `kind/key`, marked as just used; None if there is none."""
    folder = cache_root() / kind / key
    try:
        os.utime(folder)
    except OSError:
        return None
    return folder


def store_folder(kind: str, key: str, write: Callable[[Path], None]) -> Path:
    """Have `write` fill a new folder and put it under `kind/key` in one rename (a concurrent
    reader never sees half of it), then evict the least recently used folders of `kind` beyond
    the budget."""
    folder = cache_root() / kind / key
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{key}-", dir=folder.parent))
    try:
        write(staging)
        os.replace(staging, folder)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        if not folder.is_dir():
            raise
    prune(folder.parent, budget_bytes(), keep=folder)
    return folder


def budget_bytes() -> int:
    value = os.environ.get(BUDGET_VARIABLE, "")
    try:
        return int(float(value) * 2**20) if value else DEFAULT_BUDGET_MB * 2**20
    except ValueError:
        return DEFAULT_BUDGET_MB * 2**20


def _size(folder: Path) -> int:
    return sum(entry.stat().st_size for entry in folder.iterdir() if entry.is_file())


def prune(parent: Path, budget: int, keep: Path | None = None) -> list[Path]:
    """Remove the least recently used folders under `parent` until they fit in `budget`
    bytes, sparing `keep` and folders used within `RECENT_SECONDS`; the removed ones."""
    entries = []
    for folder in parent.iterdir():
        if folder.is_dir() and not folder.name.startswith("."):
            try:
                entries.append((folder.stat().st_mtime, _size(folder), folder))
            except OSError:
                continue  # removed meanwhile by another process
    total = sum(size for _, size, _ in entries)
    recent = time.time() - RECENT_SECONDS
    removed = []
    for used, size, folder in sorted(entries):
        if total <= budget:
            break
        if folder == keep or used > recent:
            continue
        shutil.rmtree(folder, ignore_errors=True)
        total -= size
        removed.append(folder)
    return removed
