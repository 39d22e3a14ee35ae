"""`# doctest:` option comments, recorded for the checker and left in the source.

Same syntax as the stdlib's `doctest` (`# doctest: +ELLIPSIS, -NORMALIZE_WHITESPACE`), but
any option name is kept: the Hugging Face docs add their own (`+IGNORE_RESULT`).
"""

from __future__ import annotations

import re

# The stdlib's pattern: the comment must not sit inside a string literal ending the line.
DIRECTIVE_RE = re.compile(r"#\s*doctest:\s*([^\n'\"]*)$", re.MULTILINE)
OPTION_RE = re.compile(r"[+-]\w+")


def directives(source: str) -> tuple[str, ...]:
    """Every `+NAME`/`-NAME` option in the source's doctest comments, in order, once each."""
    found: dict[str, None] = {}
    for comment in DIRECTIVE_RE.finditer(source):
        for option in OPTION_RE.findall(comment.group(1)):
            found.setdefault(option, None)
    return tuple(found)
