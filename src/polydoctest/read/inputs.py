"""Turn a path into page text, or say in plain words why it is not a page we can read.

Every refusal is an `InputError` whose message names the file and what to do about it, so the
CLI can print it instead of a traceback.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from polydoctest.errors import InputError

# Guide pages are tens of kilobytes; anything this large is not a page (and would be slow).
# Never more than this (plus one byte, to know it is more) is read from any path.
MAX_PAGE_BYTES = 10 * 1024 * 1024

# Share of bytes that may be control characters (other than tab/newlines/form feed) before we
# call a file binary rather than text.
_MAX_CONTROL_SHARE = 0.3
_BINARY_CONTROLS = bytes(value for value in range(0x20) if value not in b"\t\n\r\f\v")


def read_page_text(path: str | Path) -> str:
    """The page at `path` decoded as UTF-8, or an `InputError` explaining why it can't be."""
    return page_text(read_page_bytes(path), name=str(path))


def read_page_bytes(path: str | Path) -> bytes:
    """At most `MAX_PAGE_BYTES` of a regular file, whatever its size claims to be.

    The file is opened without blocking and checked before anything is read: a FIFO would
    otherwise wait forever for a writer, and a device such as /dev/zero never ends.
    """
    path = Path(path)
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError as error:
        raise InputError(_open_failure(path, error)) from None
    try:
        kind = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(kind):
            raise InputError(f"{path} is a directory; give the path of one page file (e.g. a .md file).")
        if not stat.S_ISREG(kind):
            raise InputError(f"{path} is {_file_kind(kind)}, not a regular file; give the path of a page file.")
        os.set_blocking(descriptor, True)
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            data = handle.read(MAX_PAGE_BYTES + 1)
    except OSError as error:
        raise InputError(f"{path}: cannot read the file ({error.strerror or error}).") from None
    finally:
        os.close(descriptor)
    if len(data) > MAX_PAGE_BYTES:
        raise InputError(
            f"{path} is larger than {MAX_PAGE_BYTES // (1024 * 1024)} MB; larger files are not read. "
            "Is this really a guide page?"
        )
    return data


def _open_failure(path: Path, error: OSError) -> str:
    if error.errno == errno.ENOENT:
        return f"{path}: no such file. Check the path (it is relative to {Path.cwd()})."
    if error.errno == errno.EACCES:
        return f"{path}: permission denied; make the file readable."
    if error.errno == errno.ELOOP:
        return f"{path}: too many levels of symbolic links (a symlink loop?); give the path of a page file."
    if error.errno == errno.ENXIO:
        return f"{path} is a socket or a device without a reader, not a regular file; give the path of a page file."
    return f"{path}: cannot open the file ({error.strerror or error})."


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


def page_text(data: bytes, *, name: str = "<page>") -> str:
    """Validate the bytes of a page and decode them as UTF-8."""
    if len(data) > MAX_PAGE_BYTES:
        raise InputError(f"{name} is larger than {MAX_PAGE_BYTES // (1024 * 1024)} MB; not a guide page.")
    if not data.strip():
        what = "is empty" if not data else "contains only whitespace"
        raise InputError(f"{name} {what}; there is nothing to read.")
    if b"\x00" in data:
        offset = data.index(b"\x00")
        raise InputError(
            f"{name} looks binary (a NUL byte at offset {offset}); give a Markdown/MDX text page."
        )
    controls = len(data) - len(data.translate(None, _BINARY_CONTROLS))
    if controls > _MAX_CONTROL_SHARE * len(data):
        raise InputError(
            f"{name} looks binary ({controls} of {len(data)} bytes are control bytes); "
            "give a Markdown/MDX text page."
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise InputError(
            f"{name} is not UTF-8: byte 0x{data[error.start]:02X} at offset {error.start} "
            f"(line {line}, byte {column} of the line) is not valid UTF-8. "
            "Re-save the page as UTF-8 (the repair handles text that was mis-decoded and saved as UTF-8, "
            "not files in a legacy encoding)."
        ) from None
