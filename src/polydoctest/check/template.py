"""A printed line that is not a value, compared as a template of tokens.

`label: POSITIVE, with score: 0.9998` from `print(f"label: {...}, with score: {...}")`:
the words and punctuation come from the code and must be equal, the label and the number
from the model. So tokens are paired one to one (or, under ELLIPSIS, around each `...` as
doctest pairs characters) and each pair is judged by a caller-given function that knows
numbers and labels; this module only knows the shape of a line.
"""

from __future__ import annotations

from collections.abc import Callable

# `(index of the page's token, the printed token) -> problem or None`
TokenProblem = Callable[[int, str], "str | None"]

LABEL_KEY_WORDS = frozenset({"label", "entity", "entity_group", "tag", "class"})


def label_word_positions(tokens: tuple[str, ...], prints_a_label: bool,
                         vocabulary: frozenset[str]) -> set[int]:
    """Indexes of the label words of a line: after `label:`/`label=`, known labels, or the
    line's one word when the step prints a label (`print(id2label[i])`)."""
    if prints_a_label and len(tokens) == 1:
        return {0}
    positions = {i for i, token in enumerate(tokens) if token in vocabulary}
    for i in range(2, len(tokens)):
        if tokens[i - 1] in (":", "=") and tokens[i - 2].lower() in LABEL_KEY_WORDS:
            positions.add(i)
    return positions


def first_difference(want: tuple[str, ...], got: tuple[str, ...],
                     problem_of: TokenProblem) -> str | None:
    for i, token in enumerate(got[: len(want)]):
        if problem := problem_of(i, token):
            return problem
    if len(want) != len(got):
        return f"{' '.join(got)!r} where the page shows {' '.join(want)!r}"
    return None


def matches_with_ellipsis(want: tuple[str, ...], got: tuple[str, ...],
                          problem_of: TokenProblem) -> bool:
    """doctest's ELLIPSIS over tokens: the runs between `...` found in order."""
    runs: list[list[int]] = [[]]
    for i, token in enumerate(want):
        if token == "...":
            runs.append([])
        else:
            runs[-1].append(i)

    def fits(run: list[int], at: int) -> bool:
        return at + len(run) <= len(got) and all(
            problem_of(i, got[at + k]) is None for k, i in enumerate(run))

    first, *middle, last = runs
    position, end = len(first), len(got) - len(last)
    if position > end or not fits(first, 0) or not fits(last, end):
        return False
    for run in middle:
        start = next((at for at in range(position, end - len(run) + 1) if fits(run, at)), None)
        if start is None:
            return False
        position = start + len(run)
    return True
