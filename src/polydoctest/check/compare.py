"""Compare a step's printed value with the page's, by structure or exactly.

Structural rules (what tiny random models and small fixtures may change, and what not):
- same types and nesting: `list where the page shows dict`; an int stays an int, a float a
  float; dict keys are the same set (order is free); reprs keep their name (`tensor(...)`
  stays `tensor(...)`), arguments and keywords (`device=` excepted: the machine's).
- list lengths are fixed only where the input fixes them: results with a `label` (one per
  input), rows of a batch (the outer list of a list of lists), sentences (one transcript per
  input), probabilities (one per label), tuples, the printed lines. Everything else has a
  free length (token ids, tokens, per-token labels, entities, dataset rows): each item the
  step prints must then look like one of the page's items, so a `-100` among token labels
  passes when the page shows one. A `...` (torch/numpy summarising, or ELLIPSIS) leaves the
  length open and pairs the items before and after it.
- numbers: non-negative ints stay non-negative; probabilities stay in [0, 1]; softmax rows
  sum to 1 (to the precision printed). Other values are the weights' business.
- strings: labels must come from the page's vocabulary (`labels.Vocabulary`); other strings
  (transcripts, words, dataset text) are only type-checked; names (`torch.int64`) and
  object reprs (`<SoftmaxBackward0>`, address dropped) must be equal.
- text lines: a template (`template`); words and punctuation exact, numbers as above (a
  number after `score` is a probability), a word after `label:` or from the vocabulary is a
  label.
In exact places (`roles`), leaves must be equal (NUMBER: to the precision written) and all
lengths are fixed.
"""

from __future__ import annotations

import doctest
import math
from dataclasses import dataclass, field, replace

from polydoctest.check.labels import Vocabulary, looks_like_bio_tags
from polydoctest.check.roles import (
    DATASET_REPRS,
    EXACT_KEYS,
    PROBABILITY_GRAD_RE,
    SOFTMAX_GRAD_RE,
    canonical_feature,
    is_exact_value,
    is_label_key,
    is_score_key,
)
from polydoctest.check.template import (
    first_difference,
    label_word_positions,
    matches_with_ellipsis,
)
from polydoctest.check.textual import FLOAT_RE, Options, agrees_to_precision
from polydoctest.check.values import (
    Call,
    Const,
    Elided,
    Lines,
    Map,
    Name,
    Num,
    Opaque,
    Seq,
    Str,
    Text,
    Value,
    is_number_token,
)

MACHINE_KWARGS = frozenset({"device"})
SCORE_WORDS = frozenset({"score", "probability", "prob", "confidence", "accuracy"})


@dataclass(frozen=True)
class Where:
    """A place in the page's value and what it means there."""

    path: str = ""
    exact: bool = False
    label: bool = False
    probability: bool = False
    softmax: bool = False
    in_list: bool = False
    schema_keys: frozenset[str] = EXACT_KEYS

    def at(self, part: str) -> Where:
        return replace(self, path=self.path + part)

    @property
    def shown(self) -> str:
        return self.path.strip() or "the output"


@dataclass
class Findings:
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, where: Where, problem: str) -> None:
        self.problems.append(f"{where.shown}: {problem}")

    def extend(self, other: Findings) -> None:
        self.problems.extend(other.problems)
        self.notes.extend(other.notes)


# -- roles of children (shared by the comparison and the label collection)


def entry_where(where: Where, key: Value) -> Where:
    name = key.value if isinstance(key, Str) else None
    child = where.at(f"[{_key_text(key)}]")
    return replace(
        child,
        exact=where.exact or name in where.schema_keys,
        label=name is not None and is_label_key(name),
        probability=where.probability or (name is not None and is_score_key(name)),
        schema_keys=EXACT_KEYS,
    )


def items_where(where: Where, seq: Seq) -> Where:
    strings = [item.value for item in seq.items if isinstance(item, Str)]
    return replace(where, label=where.label or looks_like_bio_tags(strings), in_list=True)


def call_where(where: Where, call: Call) -> Where:
    grad = next((v.text for k, v in call.kwargs if k == "grad_fn" and isinstance(v, Opaque)),
                "")
    return replace(
        where,
        exact=where.exact or is_exact_value(call),
        probability=where.probability or PROBABILITY_GRAD_RE.search(grad) is not None,
        softmax=where.softmax or SOFTMAX_GRAD_RE.search(grad) is not None,
        schema_keys=where.schema_keys | ({"features"} if call.name in DATASET_REPRS else set()),
    )


def shown_labels(value: Value, where: Where) -> set[str]:
    """The label-like strings of the page's value: its share of the label vocabulary."""
    if isinstance(value, Str):
        return {value.value} if where.label else set()
    if isinstance(value, Text):
        positions = label_word_positions(value.tokens, where.label, frozenset())
        return {value.tokens[i] for i in positions}
    children: list[tuple[Value, Where]] = []
    if isinstance(value, Map):
        children = [(v, entry_where(where, k)) for k, v in value.entries]
    elif isinstance(value, Seq):
        inner = items_where(where, value)
        children = [(item, inner) for item in value.items]
    elif isinstance(value, Call):
        inner = call_where(where, value)
        children = [(arg, inner) for arg in value.args] + [(v, inner) for _, v in value.kwargs]
    elif isinstance(value, Lines):
        children = [(item, where) for item in value.items]
    return set().union(*(shown_labels(child, w) for child, w in children))


# -- the comparison


class Comparison:
    def __init__(self, vocabulary: Vocabulary, options: Options):
        self.vocabulary = vocabulary
        self.options = options

    def outputs(self, want: Value, got: Value, where: Where) -> Findings:
        """Two whole outputs: several printed lines are compared line by line."""
        if not isinstance(want, Lines) and not isinstance(got, Lines):
            return self.values(want, got, where)
        found = Findings()
        self.lines(_items(want), _items(got), where, found)
        return found

    def values(self, want: Value, got: Value, where: Where) -> Findings:
        found = Findings()
        if isinstance(want, Elided):
            return found
        if isinstance(want, Call) and isinstance(got, Call) and is_exact_value(want) \
                and is_exact_value(got):
            want, got = canonical_feature(want), canonical_feature(got)
        if problem := _kind_problem(want, got):
            found.add(where, problem)
            return found
        match want, got:
            case Num(), Num():
                self.numbers(want, got, where, found)
            case Str(), Str():
                self.strings(want, got, where, found)
            case Const(), Const() if where.exact and want != got:
                found.add(where, f"{got.value!r} where the page shows {want.value!r}")
            case Name(), Name() if want != got:
                found.add(where, f"{got.dotted} where the page shows {want.dotted}")
            case Opaque(), Opaque() if want.kind != got.kind:
                found.add(where, f"{got.kind} where the page shows {want.kind}")
            case Seq(), Seq():
                self.sequences(want, got, where, found)
            case Map(), Map():
                self.maps(want, got, where, found)
            case Call(), Call():
                self.calls(want, got, where, found)
            case Text(), Text():
                self.text(want, got, where, found)
            case Lines(), Lines():
                self.lines(want.items, got.items, where, found)
        return found

    def lines(self, want: tuple[Value, ...], got: tuple[Value, ...], where: Where,
              found: Findings) -> None:
        if len(want) != len(got):
            found.add(where, f"{_count(len(got), 'line')} where the page shows {len(want)}")
        for i, (w, g) in enumerate(zip(want, got, strict=False)):
            found.extend(self.values(w, g, where.at(f"line {i + 1} ")))

    def numbers(self, want: Num, got: Num, where: Where, found: Findings) -> None:
        problem = number_problem(want, got, where, self.options.number)
        if problem:
            found.add(where, problem)

    def strings(self, want: Str, got: Str, where: Where, found: Findings) -> None:
        if where.exact:
            if not self.same_text(want.value, got.value):
                found.add(where, f"{got.value!r} where the page shows {want.value!r}")
        elif where.label:
            self.label(got.value, where, found)

    def label(self, label: str, where: Where, found: Findings) -> None:
        problem = self.label_problem(label, where, found)
        if problem:
            found.add(where, problem)

    def label_problem(self, label: str, where: Where, found: Findings) -> str | None:
        """The vocabulary's problem with `label`; a note (accepted unseen label) goes to
        `found`."""
        judgement = self.vocabulary.judge(label)
        if judgement.note:
            found.notes.append(f"{where.shown}: {judgement.note}")
        return judgement.problem

    def same_text(self, want: str, got: str) -> bool:
        return want == got or (self.options.ellipsis and doctest.OutputChecker().check_output(
            want, got, doctest.ELLIPSIS))

    def maps(self, want: Map, got: Map, where: Where, found: Findings) -> None:
        wanted = {_key_id(k): (k, v) for k, v in want.entries if not isinstance(k, Elided)}
        have = {_key_id(k): (k, v) for k, v in got.entries if not isinstance(k, Elided)}
        # `{'a': 1, ...}` (ELLIPSIS) admits other keys
        open_ended = len(wanted) < len(want.entries)
        missing = [_key_text(key) for key_id, (key, _) in wanted.items() if key_id not in have]
        unexpected = [] if open_ended else [
            _key_text(key) for key_id, (key, _) in have.items() if key_id not in wanted]
        if missing or unexpected:
            found.add(where, "keys differ: " + _missing_unexpected(missing, unexpected))
        for key_id, (key, value) in wanted.items():
            if key_id in have:
                found.extend(self.values(value, have[key_id][1], entry_where(where, key)))

    def calls(self, want: Call, got: Call, where: Where, found: Findings) -> None:
        inner = call_where(where, want)
        wanted = {k: v for k, v in want.kwargs if k not in MACHINE_KWARGS}
        have = {k: v for k, v in got.kwargs if k not in MACHINE_KWARGS}
        if wanted.keys() != have.keys():
            found.add(where, f"{want.name}() keywords differ: " + _missing_unexpected(
                sorted(wanted.keys() - have.keys()), sorted(have.keys() - wanted.keys())))
        for key in wanted.keys() & have.keys():
            found.extend(self.values(wanted[key], have[key], inner.at(f"{key}=")))
        if len(want.args) != len(got.args):
            found.add(where, f"{want.name}() with {_count(len(got.args), 'argument')} "
                             f"where the page shows {len(want.args)}")
        for i, (w, g) in enumerate(zip(want.args, got.args, strict=False)):
            found.extend(self.values(w, g, inner.at(f"(arg {i + 1})") if len(want.args) > 1
                                     else inner))

    def sequences(self, want: Seq, got: Seq, where: Where, found: Findings) -> None:
        inner = items_where(where, want)
        elided = any(isinstance(i, Elided) for i in want.items + got.items)
        fixed = None if elided else _fixed_length(want, where)
        if elided:
            self.around_ellipsis(want, got, inner, found)
        elif fixed is not None:
            if len(want.items) != len(got.items):
                found.add(where, f"{_count(len(got.items), 'item')} where the page shows "
                                 f"{len(want.items)}{fixed}{_set_difference(want, got, where)}")
            for i, (w, g) in enumerate(zip(want.items, got.items, strict=False)):
                found.extend(self.values(w, g, inner.at(f"[{i}]")))
        else:
            self.free_items(want, got, inner, found)
        if where.softmax and got.items and all(isinstance(i, Num) for i in got.items):
            self.softmax_row(got, where, found)

    def around_ellipsis(self, want: Seq, got: Seq, where: Where, found: Findings) -> None:
        """Pair the items before the first `...` and after the last one on either side."""
        head = min(_until_elided(want.items), _until_elided(got.items))
        tail = min(_until_elided(want.items[::-1]), _until_elided(got.items[::-1]),
                   len(want.items) - head, len(got.items) - head)
        pairs = [(i, i) for i in range(head)] + [
            (len(want.items) - k, len(got.items) - k) for k in range(tail, 0, -1)]
        for w, g in pairs:
            found.extend(self.values(want.items[w], got.items[g], where.at(f"[{g}]")))

    def free_items(self, want: Seq, got: Seq, where: Where, found: Findings) -> None:
        """Each printed item must look like one of the page's items (same index first)."""
        if want.items and not got.items:
            found.notes.append(f"{where.shown}: empty where the page shows "
                               f"{_count(len(want.items), 'item')}")
        candidates = list(dict.fromkeys(want.items))
        for i, item in enumerate(got.items):
            own = want.items[min(i, len(want.items) - 1)] if want.items else None
            if own is None:
                break
            first = self.values(own, item, where.at(f"[{i}]"))
            if not first.problems:
                found.notes.extend(first.notes)
                continue
            other = next((f for f in (self.values(c, item, where.at(f"[{i}]"))
                                      for c in candidates if c != own) if not f.problems), None)
            found.extend(other if other is not None else first)

    def softmax_row(self, row: Seq, where: Where, found: Findings) -> None:
        numbers = [i for i in row.items if isinstance(i, Num)]
        total = math.fsum(n.value for n in numbers)
        tolerance = sum(_rounding_error(n.text) for n in numbers) + 1e-6
        if not abs(total - 1) <= tolerance:
            found.add(where, f"a softmax row sums to {total:.4g}, not 1")

    def text(self, want: Text, got: Text, where: Where, found: Findings) -> None:
        labels = label_word_positions(want.tokens, where.label, self.vocabulary.labels)
        if self.options.ellipsis and "..." in want.tokens:
            trials = Findings()  # notes of trial alignments are not the outcome's

            def trial_problem(i: int, token: str) -> str | None:
                return self.token_problem(want.tokens, i, token, labels, where, trials)

            if not matches_with_ellipsis(want.tokens, got.tokens, trial_problem):
                found.add(where, f"{_line(got)!r} does not match the page's {_line(want)!r}")
            return

        def token_problem(i: int, token: str) -> str | None:
            return self.token_problem(want.tokens, i, token, labels, where, found)

        if problem := first_difference(want.tokens, got.tokens, token_problem):
            found.add(where, problem)

    def token_problem(self, tokens: tuple[str, ...], i: int, got: str, labels: set[int],
                      where: Where, found: Findings) -> str | None:
        want = tokens[i]
        if is_number_token(want):
            if not is_number_token(got):
                return f"{got!r} where the page shows a number ({want})"
            wanted, have = _token_number(want), _token_number(got)
            if kind_problem := _kind_problem(wanted, have):
                return f"{got}: {kind_problem}"
            score = i >= 2 and tokens[i - 2].lower() in SCORE_WORDS
            return number_problem(wanted, have, replace(where, probability=score),
                                  self.options.number)
        if i in labels:
            return self.label_problem(got, where, found)
        return None if want == got else f"{got!r} where the page shows {want!r}"


def number_problem(want: Num, got: Num, where: Where, number_option: bool) -> str | None:
    if where.exact:
        if number_option and not want.is_int:
            equal = agrees_to_precision(want.text, got.value)
        else:
            equal = want.value == got.value or (math.isnan(want.value) and math.isnan(got.value))
        return None if equal else f"{got.text} where the page shows {want.text}"
    if where.probability and not want.is_int and 0 <= want.value <= 1:
        if not 0 <= got.value <= 1:
            return f"{got.text} is not a probability in [0, 1] (the page shows {want.text})"
    elif want.is_int and want.value >= 0 and got.value < 0:
        return f"{got.text} is negative where the page shows {want.text}"
    return None


KIND_NAMES = {Str: "str", Name: "name", Opaque: "object repr", Map: "dict", Text: "text",
              Lines: "lines", Elided: "..."}


def _kind(value: Value) -> str:
    if isinstance(value, Num):
        return "int" if value.is_int else "float"
    if isinstance(value, Const):
        return "None" if value.value is None else "bool"
    if isinstance(value, Call):
        return f"{value.name}(...)"
    if isinstance(value, Seq):
        return value.kind
    return KIND_NAMES[type(value)]


def _kind_problem(want: Value, got: Value) -> str | None:
    if isinstance(got, Elided):
        return None if isinstance(want, (Seq, Map)) else f"... where the page shows {_kind(want)}"
    if _kind(want) != _kind(got):
        return f"{_kind(got)} where the page shows {_kind(want)}"
    return None


def _fixed_length(want: Seq, where: Where) -> str | None:
    """Why the page fixes this list's length (a phrase for the message), or None."""
    items = want.items
    if where.exact:
        return ""
    if want.kind == "tuple":
        return " (a tuple)"
    if items and all(isinstance(i, Map) and any(isinstance(k, Str) and k.value == "label"
                                               for k, _ in i.entries) for i in items):
        return " (one result per input)"
    if items and not where.in_list and all(isinstance(i, Seq) for i in items):
        return " (one row per input)"
    if items and all(isinstance(i, Str) and " " in i.value.strip() for i in items):
        return " (one text per input)"
    if items and where.probability and all(isinstance(i, Num) for i in items):
        return " (one probability per label)"
    return None


def _set_difference(want: Seq, got: Seq, where: Where) -> str:
    """For exact lists of strings (label sets): which are missing and which are new."""
    if not where.exact or not all(isinstance(i, Str) for i in want.items + got.items):
        return ""
    wanted = [i.value for i in want.items]  # type: ignore[union-attr]
    have = [i.value for i in got.items]  # type: ignore[union-attr]
    missing = [repr(s) for s in wanted if s not in have]
    extra = [repr(s) for s in have if s not in wanted]
    return f": {_missing_unexpected(missing, extra)}" if missing or extra else ""


def _missing_unexpected(missing: list[str], unexpected: list[str]) -> str:
    parts = ([f"missing {', '.join(missing)}"] if missing else []) + (
        [f"unexpected {', '.join(unexpected)}"] if unexpected else [])
    return "; ".join(parts)


def _items(value: Value) -> tuple[Value, ...]:
    return value.items if isinstance(value, Lines) else (value,)


def _until_elided(items: tuple[Value, ...]) -> int:
    return next((i for i, item in enumerate(items) if isinstance(item, Elided)), len(items))


def _rounding_error(text: str) -> float:
    match = FLOAT_RE.fullmatch(text.lstrip("-+"))
    if match is None:
        return 0.0
    decimals = len(match.group("fraction") or "")
    exponent = int(match.group("exponent")[1:]) if match.group("exponent") else 0
    return 0.5 * 10.0 ** (exponent - decimals)


def _token_number(token: str) -> Num:
    text = token.lstrip("+")
    is_int = all(c.isdigit() or c == "-" for c in text)
    return Num(int(text) if is_int else float(text), token)


def _key_id(key: Value) -> object:
    return (type(key).__name__, key.value) if isinstance(key, (Str, Num, Const)) else key


def _key_text(key: Value) -> str:
    if isinstance(key, (Str, Const)):
        return repr(key.value)
    if isinstance(key, Num):
        return key.text
    return _kind(key)


def _line(text: Text) -> str:
    return " ".join(text.tokens)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
