"""Placeholder repo ids are the logged-in user's: `"<your_username>/my_model"` -> `"alice/my_model"`.

Guides push a model and load it back under a namespace the reader must fill in
(`your_username/`, `{your_username}/`, `<your_username>/`, `username/`). A reader fills it with
their own name; so does the run, with the user the offline Hub logged in, which is where
`push_to_hub` put the model. Only plain string literals that start with such a namespace
change (an f-string's `{your_username}` is a variable the page defines).
"""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass

_PLACEHOLDER = re.compile(r"""(?P<quote>['"]{1,3})(?P<namespace>[<{]?(?:your[_-]?)?user[_-]?name[>}]?)/""", re.IGNORECASE)


@dataclass(frozen=True)
class Filled:
    line: int
    """1-based line of the source."""
    old: str
    new: str


def fill_placeholders(source: str, user: str) -> tuple[str, tuple[Filled, ...]]:
    """`source` with every placeholder namespace of a repo id replaced by `user`."""
    lines = source.splitlines(keepends=True)
    filled: list[Filled] = []
    try:
        tokens = [token for token in tokenize.generate_tokens(io.StringIO(source).readline) if token.type == tokenize.STRING]
    except (tokenize.TokenError, SyntaxError):
        return source, ()
    for token in reversed(tokens):
        prefix = token.string[: len(token.string) - len(token.string.lstrip("rRbBuUfF"))]
        match = _PLACEHOLDER.match(token.string, len(prefix))
        if "f" in prefix.lower() or match is None or token.start[0] != token.end[0]:
            continue
        new = token.string[: match.start("namespace")] + user + token.string[match.end("namespace") :]
        row, column = token.start
        text = lines[row - 1]
        lines[row - 1] = text[:column] + new + text[column + len(token.string) :]
        filled.append(Filled(row, token.string, new))
    return "".join(lines), tuple(reversed(filled))
