"""Does what a step printed have the shape its page promises?

A page shows output from real models and data; the run uses tiny random models and small
fixtures, so literal equality would fail nearly every step that shows a score. The check:

1. `ignored` when the page shows no output, or the step says `+SKIP` / `+IGNORE_RESULT`;
   `no-output` when the page shows output and the step printed nothing;
2. `exact` when the texts are equal after doctest normalisation and the step's options
   (ELLIPSIS, NORMALIZE_WHITESPACE, NUMBER ...);
3. otherwise both texts are parsed into value trees (`values`) and compared (`compare`):
   exactly where the value cannot depend on weights or fixture text (`roles`), by
   structure elsewhere. `structural` when nothing but weight- or data-decided parts differ
   (in exact mode: equal values printed differently), `mismatch` with one problem per
   difference, each naming the place in the value.

A traceback where the page shows a value is a mismatch naming the exception.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from polydoctest.check.compare import Comparison, Where, shown_labels
from polydoctest.check.labels import Vocabulary
from polydoctest.check.roles import is_exact_value, read_source
from polydoctest.check.textual import Options, short_diff, textually_equal
from polydoctest.check.values import parse_value

Status = Literal["exact", "structural", "mismatch", "ignored", "no-output"]
Mode = Literal["exact", "structural"]

TRACEBACK_HEADER = "Traceback (most recent call last):"
MAX_PROBLEMS = 12
MAX_NOTES = 6


@dataclass(frozen=True)
class OutputCheck:
    """The outcome of one step's output check; `dataclasses.asdict` of it is JSON-able.

    `mode` is the comparison that applies to the step (`exact` for schemas and label sets,
    and for textual equality; `structural` otherwise). `diff` is a short unified diff from
    the page's output to the step's (empty when equal or ignored). `problems` say why a
    `mismatch` is one; `notes` what a `structural` pass accepted that a reader may want to
    know (a label the page does not show, an empty list).
    """

    status: Status
    mode: Mode
    diff: str = ""
    problems: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


def check_output(
    expected: str,
    got: str,
    *,
    source: str = "",
    directives: Iterable[str] = frozenset(),
    labels: Iterable[str] = frozenset(),
) -> OutputCheck:
    """Check `got`, what a step printed, against `expected`, what its page shows.

    `source` is the step's code (it tells what the output is: a label set, a predicted
    label, probabilities ...), `directives` its doctest options (`+ELLIPSIS`, `-NUMBER` ...).
    `labels`, when given, is a complete label set (the fixture model's `id2label` values, a
    `label2id` the page defines): a printed label outside it and `expected`'s is a mismatch.
    Without it the vocabulary is what `expected` shows, open to labels of the same form
    (see `labels`). Never raises.
    """
    options = Options.from_directives(frozenset(directives))
    reading = read_source(source)
    if options.skip or options.ignore_result or not expected.strip():
        return OutputCheck("ignored", "exact" if reading.exact else "structural")
    want = parse_value(expected)
    mode: Mode = "exact" if reading.exact or is_exact_value(want) else "structural"
    diff = short_diff(expected, got)
    if not got.strip():
        return OutputCheck("no-output", mode, diff, ("the step printed nothing",))
    if textually_equal(expected, got, options):
        return OutputCheck("exact", "exact")
    raised = _exception(got)
    if raised is not None:
        shown = _exception(expected)
        if shown is not None and textually_equal(shown, raised, options):
            return OutputCheck("exact", "exact")  # doctest compares the exception only
        return OutputCheck("mismatch", mode, diff, (
            f"the step raised {raised} where the page shows {shown or 'a value'}",))
    root = Where(exact=mode == "exact", label=reading.labels,
                 probability=reading.probabilities, softmax=reading.softmax)
    vocabulary = Vocabulary(frozenset(shown_labels(want, root)), frozenset(labels))
    found = Comparison(vocabulary, options).outputs(want, parse_value(got), root)
    if found.problems:
        return OutputCheck("mismatch", mode, diff, _capped(found.problems, MAX_PROBLEMS),
                           _capped(_first_of_each(found.notes), MAX_NOTES))
    notes = _first_of_each(found.notes)
    if mode == "exact":
        notes.insert(0, "the same value as the page's, printed differently")
    return OutputCheck("structural", mode, diff, (), _capped(notes, MAX_NOTES))


def _exception(text: str) -> str | None:
    """`ExcType: message` of a traceback in the text, if there is one."""
    lines = text.replace("\r\n", "\n").split("\n")
    starts = [i for i, line in enumerate(lines) if line.strip() == TRACEBACK_HEADER]
    if not starts:
        return None
    after = [line for line in lines[starts[-1] + 1 :] if line.strip()
             and not line[:1].isspace()]
    return after[-1].strip() if after else "an exception"


def _first_of_each(notes: list[str]) -> list[str]:
    """One note per message: the same unseen label on 30 tokens is said once."""
    seen: dict[str, str] = {}
    for note in notes:
        seen.setdefault(note.split(": ", 1)[-1], note)
    return list(seen.values())


def _capped(messages: list[str], limit: int) -> tuple[str, ...]:
    if len(messages) <= limit:
        return tuple(messages)
    return tuple(messages[:limit]) + (f"... and {len(messages) - limit} more",)
