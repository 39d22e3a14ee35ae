"""Text nobody vetted, made safe for the medium it is shown in.

A page's file name, its code and whatever its steps print reach every report. Shown raw, an
ESC in a step's error drives the terminal, a `[red]` in it is read as rich markup, and a NUL
or an ESC makes the JUnit XML unparseable (XML 1.0 forbids most control characters, escaped
or not). Every renderer passes such text through one of the functions below; each writes a
control character as its Python escape (`\\x1b`, `\\x00`), visible and unambiguous, and leaves
everything else, newlines and tabs included, as it is.
"""

from __future__ import annotations

import html
import re

from rich.markup import escape as rich_escape

# C0 and C1 controls but tab and newline, lone surrogates, and the two non-characters XML 1.0
# forbids: what neither a terminal nor an XML parser may see raw.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def printable(text: str) -> str:
    """`text` with every unsafe character written as its Python escape."""
    return _UNSAFE.sub(lambda match: repr(match.group())[1:-1], text)


def one_line(text: str) -> str:
    """`printable`, with newlines escaped too: for a message that must stay on one line."""
    return printable(text).replace("\n", "\\n")


def markup_text(text: str) -> str:
    """For rich: printable, with anything that reads as markup escaped."""
    return rich_escape(printable(text))


def html_text(text: str) -> str:
    """For HTML: printable, then HTML-escaped (quotes too, for attributes)."""
    return html.escape(printable(text))
