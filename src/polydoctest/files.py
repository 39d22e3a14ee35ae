"""File helpers every stage shares: where polydoctest caches things, and atomic writes.

A write never leaves a half-written page or report behind: content goes to a temporary file
in the same folder, is flushed to disk, and then replaces the target in one rename (the
folder is flushed too, so the rename survives a crash). A file the user names is written
where it lies (a symlink's target is replaced and the link stays a link); polydoctest's own
files replace whatever the name is, never writing through a link (a page's copy of the
stand-ins is made of links to shared files). The file keeps its mode.
"""

from __future__ import annotations

import errno
import os
import shutil
import secrets
import stat
from pathlib import Path

from polydoctest.errors import OutputError

CACHE_VARIABLE = "POLYDOCTEST_CACHE"


def cache_root() -> Path:
    """`$POLYDOCTEST_CACHE`, else `~/.cache/polydoctest`."""
    configured = os.environ.get(CACHE_VARIABLE)
    return Path(configured).expanduser() if configured else Path.home() / ".cache" / "polydoctest"


def write_atomic(
    path: Path,
    content: bytes | str,
    *,
    backup: Path | None = None,
    follow_symlinks: bool = False,
    durable: bool = True,
) -> None:
    """Replace the file `path` names with `content` in one rename (with `follow_symlinks`, the
    file a symlink points to); first copy the old file to `backup`. Unless `durable` is False
    (a cache's file, which a crash only makes to be computed again), file and folder are
    flushed to disk before returning. Raises `OSError` as the system does."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    target = Path(os.path.realpath(path)) if follow_symlinks else Path(os.path.abspath(path))
    target.parent.mkdir(parents=True, exist_ok=True)
    if backup is not None and target.exists():
        shutil.copy2(target, backup)
    # Not mkstemp: its files are 0600, and a new file should get what the umask gives.
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}")
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        if target.is_file() and not target.is_symlink():
            shutil.copymode(target, temporary)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            if durable:
                os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    if durable:
        _fsync_folder(target.parent)


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def write_output(path: Path, content: bytes | str, *, backup: Path | None = None, force: bool = False) -> None:
    """`write_atomic` for a file the user named, which raises `OutputError` with one line
    instead of `OSError`. A read-only file, or one in a read-only folder, is a refusal unless
    `force`: its mode says it is not to be changed, and a rename would change it anyway."""
    try:
        target = Path(os.path.realpath(path, strict=True))
    except FileNotFoundError:
        target = Path(os.path.realpath(path))  # a new file (or a link to one)
    except OSError as error:
        raise OutputError(f"{path}: cannot write ({_reason(error, path)})") from None
    if target.is_dir():
        raise OutputError(f"{path} is a directory; give the name of a file to write")
    if not force:
        if target.exists() and _read_only(target):
            raise OutputError(f"{path} is read-only; not replacing it (make it writable, or use --force)")
        if target.parent.is_dir() and _read_only(target.parent):
            raise OutputError(f"{path}: the folder {target.parent} is read-only; not writing there (or use --force)")
    try:
        write_atomic(path, content, backup=backup, follow_symlinks=True)
    except OSError as error:
        raise OutputError(f"{path}: cannot write ({_reason(error, path)})") from None


def _read_only(path: Path) -> bool:
    """No write permission for anyone, or not for us (root may write anyway: the mode decides)."""
    return not (stat.S_IMODE(path.stat().st_mode) & 0o222) or not os.access(path, os.W_OK)


def _reason(error: OSError, path: Path) -> str:
    """What went wrong, and with which file when it is not `path` (a backup, the folder)."""
    what = "too many levels of symbolic links (a symlink loop?)" if error.errno == errno.ELOOP else error.strerror or str(error)
    other = error.filename is not None and os.fspath(error.filename) != os.fspath(path)
    return f"{what}: {error.filename}" if other else what
