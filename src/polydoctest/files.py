"""File helpers every stage shares: where polydoctest caches things, and atomic writes.

A write never leaves a half-written page or report behind: content goes to a temporary file
in the same folder, which then replaces the target in one rename.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

CACHE_VARIABLE = "POLYDOCTEST_CACHE"


def cache_root() -> Path:
    """`$POLYDOCTEST_CACHE`, else `~/.cache/polydoctest`."""
    configured = os.environ.get(CACHE_VARIABLE)
    return Path(configured).expanduser() if configured else Path.home() / ".cache" / "polydoctest"


def write_atomic(path: Path, content: bytes | str, *, backup: Path | None = None) -> None:
    """Replace `path` with `content` in one rename; first copy the old file to `backup`."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    path.parent.mkdir(parents=True, exist_ok=True)
    if backup is not None and path.exists():
        shutil.copy2(path, backup)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        if path.exists():
            shutil.copymode(path, temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
