"""Which labels a step may print when the page shows a few.

A tiny random model predicts any of its labels, so `'NEGATIVE'` where the page shows
`'POSITIVE'` is no fault. What is a fault is a label the model cannot have if it were set up
as the page says: `LABEL_1` (the model has no `id2label`) or a label from another label set.

The vocabulary is the label-like strings of the page's output plus a complete label set
the caller may know (`known`: the fixture model's `id2label` values, a `label2id` the page
defines). With `known` given, a label outside the vocabulary is a mismatch. Without,
the page shows a sample only, and an unseen label passes if it has the same form as a shown
one (a note says so): another BIO tag (`B-group` beside `B-location`, `O`), the same letter
case and digit pattern (`NEGATIVE` beside `POSITIVE`, `1 star` beside `5 stars`), so that
`positive`, `joy` or `LABEL_0` beside `POSITIVE` are still caught.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NO_ID2LABEL_RE = re.compile(r"LABEL_\d+")
BIO_TAG_RE = re.compile(r"O|[BIESLU]-\S+")


@dataclass(frozen=True)
class LabelJudgement:
    problem: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Vocabulary:
    shown: frozenset[str]
    known: frozenset[str] = frozenset()

    @property
    def labels(self) -> frozenset[str]:
        return self.shown | self.known

    def judge(self, label: str) -> LabelJudgement:
        labels = self.labels
        if label in labels:
            return LabelJudgement()
        listed = "{" + ", ".join(repr(known) for known in sorted(labels)) + "}"
        outside = f"{label!r} is not one of the page's labels {listed}"
        if NO_ID2LABEL_RE.fullmatch(label):
            return LabelJudgement(problem=f"{outside} (the model has no id2label)")
        if self.known:
            return LabelJudgement(problem=outside)
        forms = {label_form(known, labels) for known in labels}
        if label_form(label, labels) in forms:
            return LabelJudgement(note=f"{label!r} is not shown on the page; accepted, it has the "
                                "form of the page's labels")
        return LabelJudgement(problem=outside)


def label_form(label: str, labels: frozenset[str]) -> str:
    """What a label looks like: `BIO tag` in a BIO label set, else its shape with runs of
    upper-case letters as `A`, other letters as `a` and digits as `9`."""
    if BIO_TAG_RE.fullmatch(label) and any(tag != "O" and BIO_TAG_RE.fullmatch(tag)
                                           for tag in labels):
        return "BIO tag"
    shape: list[str] = []
    for char in label:
        kind = _char_class(char)
        if not shape or shape[-1] != kind:
            shape.append(kind)
    return "".join(shape)


def _char_class(char: str) -> str:
    if char.isdigit():
        return "9"
    if char.isupper():
        return "A"
    return "a" if char.isalpha() else char


def looks_like_bio_tags(strings: list[str]) -> bool:
    """A list of token tags (`['O', 'B-location', 'I-location']`) names labels, not text."""
    return bool(strings) and all(BIO_TAG_RE.fullmatch(s) for s in strings) and any(
        s != "O" for s in strings
    )
