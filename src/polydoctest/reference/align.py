"""Which page steps do which reference step, by what their code does, not where it sits.

Each page step is scored against each reference step by the features their code shares
(called APIs, keywords, constants, imports; rarer features weigh more), plus data flow: a
step that reads what an aligned step defined, or defines what a later aligned step reads,
leans towards that step's reference step. A best path through the page then assigns every
step to a reference step or to none: going back to an earlier reference step costs a little,
so order only breaks ties and a moved section still aligns. TensorFlow steps never do a
reference step; they are aligned the same way among themselves, as twins, so that a
reference step the page has only in TensorFlow is reported as such.

A page may write its own class where the reference imports a library's class of the same name
(an older guide's hand-written data collator): the class then stands for that import. A step
that only imports what no reference step imports (the helpers of such a class) belongs with
the step that uses what it imports.

The result also says, per reference step, which page names stand for the guide's names, how
the page's code differs from the reference's in ways that change what runs (another argument
value, a missing or extra argument, a call the other side does not make), and which names it
reads that the page never defines (a translated identifier). A page that loads its trained
model from the directory it trained into loads what the reference loads from the repo pushed
from that directory: the same model, no difference. A page step that does not parse
has no features; where it is the likest by text to a reference step no page step does, it is
that step's broken copy, and the step is reported once, as code that no longer parses, rather
than as a step missing beside a step the page adds.
"""

from __future__ import annotations

import ast
import builtins
import difflib
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from polydoctest.reference.code import (
    CONSTANT_NAME,
    Argument,
    Binding,
    Call,
    CodeFacts,
    analyse_all,
    guide_facts,
    rename_source,
)
from polydoctest.reference.model import Guide

# Scores are fractions of a page step's feature weight found in a reference step.
EXTRA_SCORE = 0.4  # below this, a page step is better left without a counterpart
BACKWARD_PENALTY = 0.3  # going back to an earlier reference step
DATAFLOW_BONUS = 0.3  # reading or feeding a step aligned to this reference step
DISPLAY_BONUS = 1.0  # a step that only shows something belongs with what it shows
SAME_CODE = 2.0  # the page step's code is the reference step's: more than content and data flow can add up to
UNPARSED_LIKENESS = 0.6  # a page step that does not parse is a reference step's broken copy from this text likeness on
LATER_TIE_BREAK = 1e-3  # equal scores: a step goes with what follows (imports, setup) ...
SKIP_TIE_BREAK = 2e-3  # ... but with the nearest step ahead, not a later twin of it (code an original repeats)
MAX_ROUNDS = 5
_BUILTINS = frozenset(dir(builtins))
_CONSTANT_BINDINGS = ("const:", "literal:")


@dataclass(frozen=True)
class PageStep:
    """A page step as alignment sees it: its code (after drift rewriting when it runs)."""

    index: int
    source: str
    tensorflow: bool


@dataclass(frozen=True)
class Difference:
    """A way the page's code for a reference step differs from the reference's. `argument`
    None: the whole call is made on one side only. Values are normalised source, in the
    reference's names; None means absent on that side."""

    call: str
    argument: str | None
    """`=`: `call` is a name bound to a constant, and the constants differ."""
    reference: str | None
    page: str | None
    page_step: int | None = None
    """The page step holding the page's side of the call, and the call's line in it (1-based)."""
    line: int | None = None
    reference_line: int | None = None
    """The reference's side of the call: its line in the reference step's code (1-based)."""

    def describe(self) -> str:
        if self.argument == "=":
            return f"`{self.call}` is `{self.page}`, the reference has `{self.reference}`"
        if self.argument is None:
            return f"the page does not call `{self.call}`" if self.page is None else f"the page also calls `{self.call}`"
        where = f"`{self.call}` argument {_argument_name(self.argument)}"
        if self.page is None:
            return f"{where} is not passed (reference: `{self.reference}`)"
        if self.reference is None:
            return f"{where} is passed only by the page: `{self.page}`"
        return f"{where} is `{self.page}`, the reference has `{self.reference}`"


@dataclass(frozen=True)
class AlignedStep:
    """`names` maps the guide's names to the page's, as they stand after this step."""

    reference_step: str
    page_steps: tuple[int, ...]
    tensorflow_steps: tuple[int, ...]
    differences: tuple[Difference, ...]
    names: Mapping[str, str] = field(default_factory=dict)
    undefined: Mapping[str, str | None] = field(default_factory=dict)
    """Names the page steps read that no step of the page defines, each with the reference's
    name it stands in place of (None when none is left over): an identifier translated."""

    @property
    def status(self) -> str:
        return "differs" if self.differences else "same"


@dataclass(frozen=True)
class MissingStep:
    """`unparsed`: page steps that stand where the reference step is and are like its code,
    but do not parse (an identifier, keyword or quote translated): the step is there, broken."""

    reference_step: str
    reason: str
    tensorflow_steps: tuple[int, ...] = ()
    unparsed: tuple[int, ...] = ()


@dataclass(frozen=True)
class ExtraStep:
    page_step: int
    reason: str
    calls: tuple[str, ...] = ()
    """What the step calls, each callee once."""


@dataclass(frozen=True)
class Alignment:
    guide: Guide
    aligned: tuple[AlignedStep, ...]
    missing: tuple[MissingStep, ...]
    extra: tuple[ExtraStep, ...]
    tensorflow: tuple[int, ...]
    """TensorFlow steps that are no reference step's twin."""

    def find(self, step_id: str) -> AlignedStep | MissingStep:
        return next(s for s in (*self.aligned, *self.missing) if s.reference_step == step_id)


def align(guide: Guide, steps: Sequence[PageStep]) -> Alignment:
    reference = guide_facts(guide)
    imported = {f.rpartition(".")[2]: f for facts in reference for f in facts.features if f.startswith("import:")}
    page_facts = {
        step.index: _own_classes_as_imports(facts, imported) if facts else None
        for step, facts in zip(steps, analyse_all([s.source for s in steps]))
    }
    weights = _weights(reference)
    python = [s for s in steps if not s.tensorflow and page_facts[s.index] is not None]
    tensorflow = [s for s in steps if s.tensorflow and page_facts[s.index] is not None]
    known = frozenset().union(*(facts.features for facts in reference))
    codes = [_unparsed(step.code) for step in guide.steps]
    assigned = _assign(python, page_facts, reference, weights, known, codes)
    twins = _assign(tensorflow, page_facts, reference, weights, known, codes)
    fragments = {_without_comments(code) for code in guide.fragments}
    unparsed = _broken_copies([s for s in steps if _without_comments(s.source) not in fragments], page_facts, assigned, guide)

    trained = _output_dirs([facts for facts in page_facts.values() if facts is not None])
    aligned, missing = [], []
    names: dict[str, str] = {}
    page_defines = frozenset().union(*(facts.defines for facts in page_facts.values() if facts is not None))
    for position, ref_step in enumerate(guide.steps):
        own = tuple(s.index for s in python if assigned.get(s.index) == position)
        tf = tuple(s.index for s in tensorflow if twins.get(s.index) == position)
        if not own:
            broken = tuple(index for index, target in unparsed.items() if target == position)
            if broken:
                reason = f"page step {', '.join(map(str, broken))} stands here but does not parse"
            elif tf:
                reason = f"the page has it only in TensorFlow (step {', '.join(map(str, tf))}), which does not run here"
            else:
                reason = "no step of the page does this"
            missing.append(MissingStep(ref_step.id, reason, tf, broken))
            continue
        own_facts = [page_facts[index] for index in own]
        names.update(_pair_names(reference[position].bindings, [b for facts in own_facts for b in facts.bindings]))
        page_calls = [(index, call) for index in own for call in page_facts[index].calls]
        differences = _differences(reference[position].calls, page_calls, names, trained)
        differences += _constant_differences(reference[position].bindings, own, page_facts, names)
        undefined = _undefined(own_facts, reference[position], page_defines, names)
        aligned.append(AlignedStep(ref_step.id, own, tf, differences, dict(names), undefined))
    extra = [
        ExtraStep(s.index, _extra_reason(page_facts[s.index]), _callees(page_facts[s.index]))
        for s in steps
        if not s.tensorflow
        and assigned.get(s.index) is None
        and s.index not in unparsed
        and not _does_nothing(page_facts[s.index])
        and not (page_facts[s.index] is None and _without_comments(s.source) in fragments)
    ]
    lone_tf = tuple(s.index for s in steps if s.tensorflow and s.index not in twins)
    return Alignment(guide, tuple(aligned), tuple(missing), tuple(extra), lone_tf)


def _broken_copies(
    steps: Sequence[PageStep], facts: Mapping[int, CodeFacts | None], assigned: Mapping[int, int], guide: Guide
) -> dict[int, int]:
    """Page step index -> reference position, for the page steps that do not parse and are the
    broken copy of a reference step no page step does: the likest by text among those between
    the reference steps of the aligned page steps around it (a translated identifier or quote
    leaves most of the text as it was)."""
    order = [s.index for s in steps if not s.tensorflow]
    free = set(range(len(guide.steps))) - set(assigned.values())
    codes = [_without_comments(step.code) for step in guide.steps]
    found: dict[int, int] = {}
    for step in steps:
        if step.tensorflow or facts[step.index] is not None:
            continue
        before = [assigned[i] for i in order if i < step.index and i in assigned]
        after = [assigned[i] for i in order if i > step.index and i in assigned]
        low, high = (before[-1] if before else -1), (after[0] if after else len(codes))
        candidates = [p for p in free if low < p < high] or sorted(free)
        text = _without_comments(step.source)
        scored = [(difflib.SequenceMatcher(None, text, codes[p], autojunk=False).ratio(), p) for p in candidates]
        likeness, position = max(scored, default=(0.0, -1))
        if likeness >= UNPARSED_LIKENESS:
            found[step.index] = position
            free.discard(position)
    return found


def _undefined(
    page: Sequence[CodeFacts], reference: CodeFacts, defined: frozenset[str], names: Mapping[str, str]
) -> dict[str, str | None]:
    """The names `page` (one reference step's page steps) reads that no page step defines,
    paired in order with the names the reference step reads that the page never reads."""
    read = {name for facts in page for name in facts.uses}
    shared = {names.get(name, name) for name in reference.uses}  # the reference reads it too
    unknown = sorted(read - defined - shared - _BUILTINS)
    replaced = sorted(name for name in reference.uses if names.get(name, name) not in read)
    return {name: replaced[i] if i < len(replaced) else None for i, name in enumerate(unknown)}


def _own_classes_as_imports(facts: CodeFacts, imported: Mapping[str, str]) -> CodeFacts:
    """`facts` with each class the code writes under the name of a class the reference imports
    featured as that import."""
    features = frozenset(imported.get(f.removeprefix("class:"), f) if f.startswith("class:") else f for f in facts.features)
    return replace(facts, features=features)


def _assign(
    steps: Sequence[PageStep],
    facts: Mapping[int, CodeFacts],
    reference: Sequence[CodeFacts],
    weights: Mapping[str, float],
    known: frozenset[str],
    codes: Sequence[str | None],
) -> dict[int, int]:
    """Page step index -> reference position, for the steps that have a counterpart: by
    content first, then again with the data flow the last assignment implies, until it settles
    (data flow spreads one step further each round). `known`: every feature of the reference;
    `codes`: each reference step's code, unparsed (a step with the same code is that step, even
    when its code has no feature to score: `unique = list(set(labels))`)."""
    content = {
        s.index: [
            SAME_CODE if code is not None and _unparsed(s.source) == code else _content(facts[s.index], ref, weights)
            for ref, code in zip(reference, codes)
        ]
        for s in steps
    }
    assigned = _best_path(steps, content, {})
    for _ in range(MAX_ROUNDS):
        again = _best_path(steps, content, _dataflow_bonus(steps, facts, assigned, known))
        if again == assigned:
            break
        assigned = again
    return assigned


def _unparsed(source: str) -> str | None:
    """The code as `ast` gives it back: without comments or layout; None if it does not parse."""
    try:
        return ast.unparse(ast.parse(source))
    except (SyntaxError, ValueError, RecursionError):
        return None


def _weights(reference: Sequence[CodeFacts | None]) -> dict[str, float]:
    """Inverse document frequency of each feature over the reference steps."""
    count = len(reference)
    frequency: dict[str, int] = {}
    for facts in reference:
        for feature in facts.features if facts else ():
            frequency[feature] = frequency.get(feature, 0) + 1
    return {feature: math.log(1 + count / n) for feature, n in frequency.items()}


def _content(page: CodeFacts, reference: CodeFacts, weights: Mapping[str, float]) -> float:
    """The share of the page step's feature weight that the reference step has too; features
    no reference step has weigh as much as the rarest ones, but for the name of a constant,
    which counts only for (a page may name its constants as it likes)."""
    unseen = max(weights.values(), default=1.0)
    total = sum(
        weights.get(feature, 0.0 if feature.startswith(CONSTANT_NAME) else unseen) for feature in page.features
    )
    if not total:
        return 0.0
    return sum(weights[feature] for feature in page.features & reference.features) / total


def _dataflow_bonus(
    steps: Sequence[PageStep], facts: Mapping[int, CodeFacts], assigned: Mapping[int, int], known: frozenset[str]
) -> dict[int, dict[int, float]]:
    """Per page step, extra score for the reference steps of the steps it reads from (the
    latest definer of each name it uses) and feeds (the first later reader of what it defines)."""
    bonus: dict[int, dict[int, float]] = {s.index: {} for s in steps}
    for position, step in enumerate(steps):
        own = facts[step.index]
        weight = DISPLAY_BONUS if own.display_only else DATAFLOW_BONUS
        feeds = DISPLAY_BONUS if own.import_only and not own.features & known else DATAFLOW_BONUS
        for name in own.uses:
            definer = next((s for s in reversed(steps[:position]) if name in facts[s.index].defines), None)
            if definer is not None and definer.index in assigned:
                target = assigned[definer.index]
                bonus[step.index][target] = max(bonus[step.index].get(target, 0.0), weight)
        for name in own.defines:
            reader = next((s for s in steps[position + 1 :] if name in facts[s.index].uses), None)
            if reader is not None and reader.index in assigned:
                target = assigned[reader.index]
                bonus[step.index][target] = max(bonus[step.index].get(target, 0.0), feeds)
    return bonus


def _best_path(
    steps: Sequence[PageStep], content: Mapping[int, list[float]], bonus: Mapping[int, Mapping[int, float]]
) -> dict[int, int]:
    """The assignment of page steps to reference positions (or none) with the best total score.
    The state is the last reference position used (-1 before any); a step left without a
    counterpart scores `EXTRA_SCORE` and keeps the state."""
    if not steps:
        return {}
    count = len(next(iter(content.values())))
    states = range(-1, count)
    score = {state: (0.0 if state == -1 else -math.inf) for state in states}
    back: list[dict[int, tuple[int, int | None]]] = []
    for step in steps:
        emissions = [
            content[step.index][r] + bonus.get(step.index, {}).get(r, 0.0) + LATER_TIE_BREAK * r for r in range(count)
        ]
        new = {state: -math.inf for state in states}
        pointers: dict[int, tuple[int, int | None]] = {}
        for state, value in score.items():
            if value == -math.inf:
                continue
            if value + EXTRA_SCORE > new[state]:
                new[state], pointers[state] = value + EXTRA_SCORE, (state, None)
            for target in range(count):
                order = BACKWARD_PENALTY if target < state else SKIP_TIE_BREAK * max(0, target - state - 1)
                candidate = value + emissions[target] - order
                if candidate > new[target]:
                    new[target], pointers[target] = candidate, (state, target)
        score = new
        back.append(pointers)
    state = max(score, key=lambda s: score[s])
    assigned: dict[int, int] = {}
    for step, pointers in zip(reversed(steps), reversed(back)):
        state, target = pointers[state]
        if target is not None:
            assigned[step.index] = target
    return assigned


def _pair_names(reference: Sequence[Binding], page: Sequence[Binding]) -> dict[str, str]:
    """Reference name -> page name for what both bind: the same name first, then the same kind
    of binding (`call:` of the same callee, `def`, the same import ...), then in order."""
    pairs: dict[str, str] = {}
    free = list(page)

    def take(match) -> None:
        for ref in reference:
            if ref.name in pairs:
                continue
            # A page name stands for one guide name: a step may bind it twice (an import the
            # newest form of its code adds beside the page's own).
            found = next((b for b in free if match(ref, b) and b.name not in pairs.values()), None)
            if found is not None:
                pairs[ref.name] = found.name
                free.remove(found)

    take(lambda ref, b: b.name == ref.name)
    take(lambda ref, b: b.how == ref.how)
    take(lambda ref, b: _kind(b.how) == _kind(ref.how))
    return pairs


def _kind(how: str) -> str:
    """`value:transformers.Trainer(model=_, ...)` -> `value:transformers.Trainer`."""
    return how.partition("(")[0].partition("#")[0] if how.startswith("value:") else how.partition(":")[0]


def _differences(
    reference: Sequence[Call], page: Sequence[tuple[int, Call]], names: Mapping[str, str], trained: frozenset[str] = frozenset()
) -> tuple[Difference, ...]:
    """How the page's calls (with the page step each is in) differ from the reference's, in the
    reference's names. Calls pair up by callee, in order; an argument differs when neither its
    source nor its value with constants resolved is the same."""
    to_reference = {page_name: ref_name for ref_name, page_name in names.items() if page_name != ref_name}
    remaining = [(index, _in_reference_names(call, to_reference)) for index, call in page]
    paired: list[Call] = []
    differences: list[Difference] = []
    for call in reference:
        found = next((item for item in remaining if item[1].callee == call.callee), None)
        if found is None:
            differences.append(Difference(call.callee, None, "called", None, reference_line=call.line))
            continue
        remaining.remove(found)
        index, twin = found
        paired.append(twin)
        differences.extend(_argument_differences(call, twin, index, trained))
    differences.extend(
        Difference(call.callee, None, None, "called", index, call.line)
        for index, call in remaining
        if not any(_same_call(call, other) for other in paired)  # the page repeats a call: no change
    )
    return tuple(differences)


def _constant_differences(
    reference: Sequence[Binding], own: Sequence[int], facts: Mapping[int, CodeFacts], names: Mapping[str, str]
) -> tuple[Difference, ...]:
    """A name the reference binds to a constant (`checkpoint = "..."`) that the page binds to
    another constant: every read of it differs, and the reads alone would not say so."""
    differences = []
    for binding in reference:
        if not binding.how.startswith(_CONSTANT_BINDINGS):
            continue
        page_name = names.get(binding.name, binding.name)
        for index in own:
            theirs = next((b for b in facts[index].bindings if b.name == page_name), None)
            if theirs is not None and theirs.how.startswith(_CONSTANT_BINDINGS) and theirs.how != binding.how:
                value = binding.how.partition(":")[2]
                differences.append(Difference(binding.name, "=", value, theirs.how.partition(":")[2], index))
                break
    return tuple(differences)


def _same_call(one: Call, other: Call) -> bool:
    return one.callee == other.callee and [(a.key, a.resolved) for a in one.arguments] == [
        (a.key, a.resolved) for a in other.arguments
    ]


def _output_dirs(facts: Sequence[CodeFacts]) -> frozenset[str]:
    """The directories the page's training writes (`output_dir=` of any call, as a constant)."""
    found = set()
    for call in (call for item in facts for call in item.calls):
        for argument in call.arguments:
            if argument.key == "output_dir" and isinstance(value := _constant(argument.resolved), str):
                found.add(value)
    return frozenset(found)


def _constant(source: str) -> object:
    try:
        return ast.literal_eval(source)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None


def _same_model(reference: str, page: str, trained: frozenset[str]) -> bool:
    """The page loads from the directory it trained into what the reference loads from the repo
    pushed from it (`Trainer.push_to_hub` names the repo after the directory)."""
    theirs, ours = _constant(page), _constant(reference)
    return isinstance(theirs, str) and isinstance(ours, str) and theirs in trained and ours.partition("/")[2] == theirs


def _argument_differences(reference: Call, page: Call, page_step: int, trained: frozenset[str] = frozenset()) -> list[Difference]:
    ours = {argument.key: argument for argument in reference.arguments}
    theirs = {argument.key: argument for argument in page.arguments}
    differences = []
    for key in [*ours, *(k for k in theirs if k not in ours)]:
        mine, other = ours.get(key), theirs.get(key)
        # The same source reading other constants: the difference is where the constant is
        # bound, and is reported there (`_constant_differences`).
        if mine is not None and other is not None and (mine.raw == other.raw or mine.resolved == other.resolved):
            continue
        if mine is not None and other is not None and _same_model(mine.resolved, other.resolved, trained):
            continue
        differences.append(
            Difference(
                reference.callee,
                key,
                mine.resolved if mine else None,
                other.resolved if other else None,
                page_step,
                other.line if other else page.line,
                mine.line if mine else reference.line,
            )
        )
    return differences


def _in_reference_names(call: Call, names: Mapping[str, str]) -> Call:
    if not names:
        return call
    return Call(
        rename_source(call.callee, names),
        tuple(Argument(a.key, rename_source(a.raw, names), rename_source(a.resolved, names), a.line) for a in call.arguments),
        call.line,
    )


def _does_nothing(facts: CodeFacts | None) -> bool:
    """Code that binds, calls, imports and reads nothing: only comments."""
    return facts is not None and facts.display_only and not facts.uses


def _without_comments(code: str) -> str:
    """Code that may not parse, without its comments and blank lines (a translation's own)."""
    lines = (re.sub(r"\s*#[^\"']*$", "", line).rstrip() for line in code.splitlines())
    return "\n".join(line for line in lines if line)


def _extra_reason(facts: CodeFacts | None) -> str:
    if facts is None:
        return "not Python that parses: if the reference's code parses, an identifier, keyword or quote was translated"
    if facts.calls:
        return f"no reference step does this (calls {', '.join(f'`{callee}`' for callee in _callees(facts))})"
    return "no reference step does this"


def _callees(facts: CodeFacts | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(call.callee for call in facts.calls)) if facts is not None else ()


def _argument_name(key: str) -> str:
    return f"#{int(key) + 1}" if key.isdigit() else ("`**`" if key == "**" else f"`{key}`")
