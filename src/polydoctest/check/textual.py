"""The doctest side of the check: option directives, textual equality, the diff.

The stdlib `doctest.OutputChecker` does the textual comparison (ELLIPSIS,
NORMALIZE_WHITESPACE, `<BLANKLINE>` ...). Three options it does not know are handled here
without registering them globally: `NUMBER` (pytest's: a float in the expected output matches
a float that agrees to the precision written), `IGNORE_RESULT` (the Hugging Face docs') and
`SKIP`, which never reaches a checker in a doctest run but does here, since the runner
records what it skipped.

Before comparing, line endings become `\\n` and trailing spaces go: Markdown editors strip
them from a page, `print` does not.
"""

from __future__ import annotations

import difflib
import doctest
import math
import re
from dataclasses import dataclass

# pytest's pattern for NUMBER: a float with a fraction and/or an exponent, not inside a word.
FLOAT_RE = re.compile(
    r"(?<![\w.])(?P<number>[-+]?(?P<integer>\d+)?(?:\.(?P<fraction>\d*))?"
    r"(?P<exponent>[eE][-+]?\d+)?)(?![\w.])"
)
OWN_OPTIONS = ("NUMBER", "IGNORE_RESULT", "SKIP")
DIFF_LINES = 16
DIFF_WIDTH = 100


@dataclass(frozen=True)
class Options:
    """The directives of a step that matter to the output check."""

    flags: int = 0
    number: bool = False
    ignore_result: bool = False
    skip: bool = False

    @property
    def ellipsis(self) -> bool:
        return bool(self.flags & doctest.ELLIPSIS)

    @classmethod
    def from_directives(cls, directives: frozenset[str] | tuple[str, ...]) -> Options:
        """`+NAME` turns an option on, `-NAME` off, a bare `NAME` on; unknown names are
        left to other stages (a page may carry options for other tools)."""
        flags = 0
        own = dict.fromkeys(OWN_OPTIONS, False)
        # sorted so that `-X` is applied after `+X` whatever the set's order: off wins
        for directive in sorted(directives, key=lambda d: d.startswith("-")):
            enabled = not directive.startswith("-")
            name = directive.lstrip("+-").strip().upper()
            if name in own:
                own[name] = enabled
            elif name in doctest.OPTIONFLAGS_BY_NAME:
                flag = doctest.OPTIONFLAGS_BY_NAME[name]
                flags = flags | flag if enabled else flags & ~flag
        return cls(flags, own["NUMBER"], own["IGNORE_RESULT"], own["SKIP"])


def normalised(text: str) -> str:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    body = "\n".join(line.rstrip() for line in lines).strip("\n")
    return body + "\n" if body else ""


def textually_equal(expected: str, got: str, options: Options) -> bool:
    want, have = normalised(expected), normalised(got)
    if options.number:
        have = numbers_as_written(want, have)
    return doctest.OutputChecker().check_output(want, have, options.flags)


def numbers_as_written(want: str, got: str) -> str:
    """`got` with each float replaced by the page's when they agree to the page's precision.

    Like pytest's NUMBER, numbers are paired in order and only when both texts hold as many.
    """
    wanted = [m for m in FLOAT_RE.finditer(want) if _is_float(m)]
    found = [m for m in FLOAT_RE.finditer(got) if _is_float(m)]
    if len(wanted) != len(found):
        return got
    pieces, last = [], 0
    for w, g in zip(wanted, found, strict=False):
        if agrees_to_precision(w.group("number"), float(g.group("number"))):
            pieces.append(got[last : g.start()] + w.group("number"))
            last = g.end()
    pieces.append(got[last:])
    return "".join(pieces)


def agrees_to_precision(written: str, value: float) -> bool:
    """Whether `value` rounds to `written` at the number of decimals written (NUMBER)."""
    match = FLOAT_RE.fullmatch(written.strip())
    if match is None:
        return False
    decimals = len(match.group("fraction") or "")
    exponent = int(match.group("exponent")[1:]) if match.group("exponent") else 0
    # pytest's tolerance: one unit of the last written decimal (and approx's relative 1e-6)
    return math.isclose(float(written), value, rel_tol=1e-6, abs_tol=10.0 ** (exponent - decimals))


def _is_float(match: re.Match[str]) -> bool:
    has_digits = match.group("integer") is not None or bool(match.group("fraction"))
    has_point_or_exponent = "." in match.group("number") or match.group("exponent")
    return has_digits and bool(has_point_or_exponent)


def short_diff(expected: str, got: str) -> str:
    """A unified diff from the page's output to the step's, cut to a screenful."""
    lines = list(
        difflib.unified_diff(
            [_clip(line) for line in normalised(expected).splitlines()],
            [_clip(line) for line in normalised(got).splitlines()],
            "expected (page)",
            "got",
            n=1,
            lineterm="",
        )
    )
    if len(lines) > DIFF_LINES:
        lines = lines[:DIFF_LINES] + [f"... ({len(lines) - DIFF_LINES} more diff lines)"]
    return "\n".join(lines)


def _clip(line: str) -> str:
    return line if len(line) <= DIFF_WIDTH else line[: DIFF_WIDTH - 3] + "..."
