"""The damage channel, modelled exactly so that it can be inverted and tested.

A page's UTF-8 bytes were decoded with a single-byte code page, bytes the code page leaves
undefined vanished, control and format characters (Unicode Cc/Cf) except tab and newlines were
stripped, and the result was saved as UTF-8. Everything the repair needs to know about a code
page follows from that: which characters it can produce (so the damaged text can be encoded
back to the bytes it came from) and which bytes it loses (the only bytes a repair may insert).
"""

from __future__ import annotations

import codecs
import unicodedata
from functools import lru_cache

# The code pages the detector tries, in order of preference when two explain a page equally.
CODEPAGES: tuple[str, ...] = (
    "cp1252",
    "cp1254",
    "cp1250",
    "cp1251",
    "cp1253",
    "cp1255",
    "cp1256",
    "cp1257",
    "cp1258",
    "latin-1",
    "cp874",
    "tis-620",
)

_KEPT_CONTROLS = "\t\n\r"


def codec_name(codepage: str) -> str:
    """Python's codec for a code page name as the report spells it (`tis-620` -> `tis_620`)."""
    try:
        return codecs.lookup(codepage).name
    except LookupError:
        raise ValueError(f"unknown code page {codepage!r}; known: {', '.join(CODEPAGES)}") from None


def _stripped(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Cf") and char not in _KEPT_CONTROLS


@lru_cache(maxsize=None)
def _byte_table(codepage: str) -> tuple[str, ...]:
    """What each byte value becomes after the channel: a character, or '' when it is lost."""
    codec = codec_name(codepage)
    table = []
    for value in range(256):
        try:
            char = bytes([value]).decode(codec)
        except UnicodeDecodeError:
            char = ""
        table.append("" if char and _stripped(char) else char)
    return tuple(table)


@lru_cache(maxsize=None)
def lost_bytes(codepage: str) -> frozenset[int]:
    """Non-ASCII bytes the channel drops: undefined in the code page, or decoded to Cc/Cf."""
    table = _byte_table(codepage)
    return frozenset(value for value in range(0x80, 256) if not table[value])


@lru_cache(maxsize=None)
def _lost_as_bytes(codepage: str) -> bytes:
    return bytes(sorted(lost_bytes(codepage)))


@lru_cache(maxsize=None)
def _decode_map(codepage: str) -> dict[int, str]:
    table = _byte_table(codepage)
    # str.translate over the latin-1 view of the bytes: one C-level pass, no per-byte Python.
    return {value: table[value] for value in range(256) if table[value] != chr(value)}


def damage(text: str, codepage: str) -> str:
    """Send `text` through the channel: UTF-8 encode, decode with `codepage` ignoring undefined
    bytes, strip Cc/Cf characters except tab and newlines."""
    raw = text.encode("utf-8").decode("latin-1")
    return raw.translate(_decode_map(codepage))


def encode_back(text: str, codepage: str) -> bytes | None:
    """The bytes the damaged `text` came from under `codepage` (lost bytes stay lost), or None
    when some character of `text` cannot come out of that code page."""
    try:
        data = text.encode(codec_name(codepage))
    except UnicodeEncodeError:
        return None
    # A character the channel strips (say U+200E, which cp1256 maps to 0xFD) cannot be in its output.
    if len(data.translate(None, _lost_as_bytes(codepage))) != len(data):
        return None
    return data
