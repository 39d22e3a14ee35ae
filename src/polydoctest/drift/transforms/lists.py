"""Adding and removing items of comma-separated lists (arguments, parameters, import names)
without disturbing the layout around them.

An item added to a list keeps to the line of the last item (`push_to_hub=True, report_to="none",`)
so the step keeps its line count; a removed item takes its own comments with it and leaves the
closing bracket where it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

import libcst as cst

Item = TypeVar("Item", cst.Arg, cst.Param, cst.ImportAlias)

NO_SPACE = cst.SimpleWhitespace("")
ONE_SPACE = cst.SimpleWhitespace(" ")
TIGHT_EQUAL = cst.AssignEqual(whitespace_before=NO_SPACE, whitespace_after=NO_SPACE)


def keyword_argument(name: str, value: str) -> cst.Arg:
    return cst.Arg(
        keyword=cst.Name(name),
        value=cst.parse_expression(value),
        equal=TIGHT_EQUAL,
    )


def append(items: Sequence[Item], new: Item) -> list[Item]:
    """`items + [new]`, with `new` on the line of the last item."""
    if not items:
        return [new]
    last = items[-1]
    if isinstance(last.comma, cst.Comma):
        # `last,  # comment\n` -> `last, new,  # comment\n`: new inherits the comma and its layout.
        return [*items[:-1], last.with_changes(comma=cst.Comma(whitespace_after=ONE_SPACE)), new.with_changes(comma=last.comma)]
    after = _trailing_space_field(last)
    moved = {after: getattr(last, after)} if after else {}
    cleared = {after: NO_SPACE} if after else {}
    return [*items[:-1], last.with_changes(comma=cst.Comma(whitespace_after=ONE_SPACE), **cleared), new.with_changes(**moved)]


def remove(items: Sequence[Item], index: int) -> list[Item]:
    """`items` without `items[index]`, keeping the layout of what remains."""
    kept = list(items)
    removed = kept.pop(index)
    if index != len(kept) or index == 0:
        return kept
    previous = kept[-1]
    if not isinstance(removed.comma, cst.Comma):
        # `a, b)` -> `a)`: the previous item becomes last and loses its comma.
        after = _trailing_space_field(previous)
        moved = {after: getattr(removed, after)} if after else {}
        kept[-1] = previous.with_changes(comma=cst.MaybeSentinel.DEFAULT, **moved)
    elif isinstance(previous.comma, cst.Comma) and isinstance(previous.comma.whitespace_after, cst.ParenthesizedWhitespace):
        # One item per line with a trailing comma: keep the previous item's own comment and
        # take the removed item's last line, so the closing bracket keeps its indentation.
        removed_after = removed.comma.whitespace_after
        if isinstance(removed_after, cst.ParenthesizedWhitespace):
            layout = previous.comma.whitespace_after.with_changes(last_line=removed_after.last_line)
            kept[-1] = previous.with_changes(comma=previous.comma.with_changes(whitespace_after=layout))
    return kept


def _trailing_space_field(item: cst.CSTNode) -> str | None:
    for name in ("whitespace_after_arg", "whitespace_after_param"):
        if hasattr(item, name):
            return name
    return None
