"""One verdict per step, from what was planned and what happened.

The verdict answers the translator's question ("is my page right?"): `passed`,
`passed-after-rewrite` (it runs only once stale API use is rewritten), `doc-defect` (the page
itself is wrong: a missing import the obvious remedy made run, code no release accepted that a
`doc-defect.*` drift rule remedied, a fragment shown as code, a name no step defines, a model
loaded by a name no step saves, a file or task no step makes: see `unmade`), `skipped` (not
meant to run here, with the reason; also a step that needs what only such a step provides),
`blocked` (could not run because step N did not),
`failed`, `crashed`, `timed-out`. A step the harness could not verify (no stand-in for what it
loads, a package the setup lacks: see `gaps`; an `assert` on a stand-in's output) is
`unsupported`, which says nothing about the page; the steps that only it blocks say so, and
neither counts against the page. The output check is reported beside the verdict, not folded
into it: a tiny random model cannot reproduce the page's numbers, only their shape.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Optional

from polydoctest.check.gaps import harness_gap
from polydoctest.check.output import OutputCheck, check_output
from polydoctest.check.unmade import unmade, unsaved_model
from polydoctest.defects import Defect, missing_import
from polydoctest.drift import Action, Finding
from polydoctest.fixtures.missing import asked_model_repo
from polydoctest.fixtures.synth.requests import pushes
from polydoctest.plan import StepPlan
from polydoctest.pycode import bound_values, defined_names, imported_names, imports_everything, used_names
from polydoctest.run import PageOutcome, StepError, StepOutcome
from polydoctest.verdicts import Verdict

_NAME_ERROR = re.compile(r"name '(?P<name>\w+)' is not defined")
_FRAME = re.compile(r'^\s*File "(?P<file>[^"]+)"', re.MULTILINE)
_NO_ATTRIBUTE = re.compile(r"'(?P<type>[\w.]+)' object has no attribute '(?P<attribute>\w+)'")
# Errors raised when FFmpeg or torchcodec cannot be loaded: the step needs the audio stack.
_AUDIO_STACK = re.compile(r"torchcodec|libav|ffmpeg|FFmpeg", re.IGNORECASE)


@dataclass(frozen=True)
class PageFinding:
    """Something a translator should fix, pointing at a page line. Drift findings keep the
    drift rule id; doc defects use `doc-defect.<kind>`. `harness.stand-in` findings ask nothing
    of the translator: they say what the run stood in for, so a pass is not taken for more
    than it checked."""

    rule: str
    line: int
    message: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class StepResult:
    index: int
    verdict: Verdict
    reason: str | None
    blocked_by: int | None
    output_check: OutputCheck | None
    findings: tuple[PageFinding, ...]
    duration_s: float


def _drift_findings(plan: StepPlan) -> list[PageFinding]:
    if plan.drift is None:
        return []
    return [
        PageFinding(f.rule, plan.step.line_start + f.line - 1, f.message, f.old, f.new)
        for f in plan.drift.findings
    ]


def _defect_finding(plan: StepPlan, defect: Defect) -> PageFinding:
    return PageFinding(f"doc-defect.{defect.kind}", plan.step.line_start + defect.line - 1, defect.message, defect.old, defect.new)


def _remedy_finding(plan: StepPlan, outcome: StepOutcome) -> PageFinding:
    return _defect_finding(plan, missing_import(plan.step.source, outcome.remedy.name, outcome.remedy.fix))


def _blocker(name: str, before: int, plans: Sequence[StepPlan], failed: set[int]) -> int | None:
    """The latest earlier step that did not complete and would have defined `name` (or any
    name, with a `from module import *`)."""
    for plan in reversed(plans[:before]):
        if plan.step.index in failed and _would_define(name, _ran_source(plan)):
            return plan.step.index
    return None


def _pusher(repo: str | None, before: int, plans: Sequence[StepPlan], failed: set[int]) -> int | None:
    """For a repo the page pushes or saves itself (an earlier step names it), the first step
    from that one on that did not complete: the push it led to never happened."""
    if repo is None:
        return None
    named = next((i for i in range(before - 1, -1, -1) if pushes(_ran_source(plans[i]), repo)), None)
    if named is None:
        return None
    return next((plan.step.index for plan in plans[named:before] if plan.step.index in failed), None)


def _stale(position: int, plans: Sequence[StepPlan], failed: set[int]) -> tuple[str, int] | None:
    """(name, step) when a name the step reads was last bound by an earlier step meant to run
    (or a fragment, which shows the value the page goes on with) that did not complete: the step
    ran on an older value of it (`preds` of another task), so its error is that step's, not its
    own."""
    for name in sorted(used_names(_ran_source(plans[position]))):
        binder = next((p for p in reversed(plans[:position]) if _would_define(name, _ran_source(p))), None)
        fragment = binder is not None and any(defect.new is None for defect in binder.defects)
        meant_to_run = binder is not None and (binder.runs or binder.blocked_by is not None or fragment)
        if meant_to_run and binder.step.index in failed:
            return name, binder.step.index
    return None


def _would_define(name: str, source: str) -> bool:
    """Whether the code binds `name`; for code that does not parse (a fence cut short), whether
    a line of it starts by assigning `name`."""
    if name in defined_names(source) or imports_everything(source):
        return True
    try:
        ast.parse(source)
    except SyntaxError:
        return re.search(rf"^\s*{re.escape(name)}\s*=(?!=)", source, re.MULTILINE) is not None
    return False


def unverified(results: Sequence[StepResult]) -> dict[int, int]:
    """Steps the harness could not verify -> the `unsupported` step behind each: that step
    itself, and the steps blocked only by it (directly or through other such steps)."""
    behind: dict[int, int] = {}
    for result in results:
        if result.verdict is Verdict.UNSUPPORTED:
            behind[result.index] = result.index
        elif result.verdict is Verdict.BLOCKED and result.blocked_by in behind:
            behind[result.index] = behind[result.blocked_by]
    return behind


def verified(results: Sequence[StepResult]) -> tuple[int, int]:
    """(how many the harness verified, how many not skipped) of one page's steps."""
    considered = sum(result.verdict is not Verdict.SKIPPED for result in results)
    return considered - len(unverified(results)), considered


def judge_page(
    plans: Sequence[StepPlan],
    page: PageOutcome,
    *,
    audio_problem: Callable[[], str | None] = lambda: None,
) -> tuple[StepResult, ...]:
    """Verdicts for every step of a page, in page order."""
    outcomes = {outcome.index: outcome for outcome in page.steps}
    results: list[StepResult] = []
    incomplete: set[int] = set()  # steps that did not run to the end: their names are missing
    skipped: dict[int, tuple[int, str]] = {}  # skipped step -> the step whose skip it inherits, and why
    for position, plan in enumerate(plans):
        outcome = outcomes.get(plan.step.index)
        findings = _drift_findings(plan) + [_defect_finding(plan, defect) for defect in plan.defects]
        verdict, reason, blocked_by, check, revealed = _judge_step(plan, outcome, page, plans, position, incomplete, audio_problem)
        if revealed is not None:
            findings.append(_defect_finding(plan, revealed))
        if verdict is Verdict.BLOCKED and blocked_by in skipped:
            # What only a skipped step provides cannot run here for that step's reason.
            root, why = skipped[blocked_by]
            verdict, reason = Verdict.SKIPPED, f"{reason}; step {root} is skipped: {why}"
            skipped[plan.step.index] = (root, why)
        elif verdict is Verdict.SKIPPED:
            skipped[plan.step.index] = (plan.step.index, reason or "")
        if verdict is Verdict.BLOCKED and blocked_by in (behind := unverified(results)):
            reason = f"{reason}; the harness could not run step {behind[blocked_by]}"
        if outcome is not None and outcome.remedy is not None:
            findings.append(_remedy_finding(plan, outcome))
        if outcome is not None:
            findings += [PageFinding("harness.stand-in", plan.step.line_start, note, None, None) for note in outcome.notes]
        if outcome is None or outcome.status != "ok":
            incomplete.add(plan.step.index)
        results.append(
            StepResult(
                plan.step.index,
                verdict,
                reason,
                blocked_by,
                check,
                tuple(findings),
                outcome.duration_s if outcome else 0.0,
            )
        )
    return tuple(results)


Judgement = tuple[Verdict, Optional[str], Optional[int], Optional[OutputCheck], Optional[Defect]]


def _judge_step(
    plan: StepPlan,
    outcome: StepOutcome | None,
    page: PageOutcome,
    plans: Sequence[StepPlan],
    position: int,
    incomplete: set[int],
    audio_problem: Callable[[], str | None],
) -> Judgement:
    """(verdict, reason, blocked_by, output check, the page's defect the run revealed) for one step."""
    step = plan.step
    if not plan.runs:
        if any(defect.new is None for defect in plan.defects):
            return Verdict.DOC_DEFECT, plan.skip_reason, None, None, None
        verdict = Verdict.BLOCKED if plan.blocked_by is not None else Verdict.SKIPPED
        return verdict, plan.skip_reason, plan.blocked_by, None, None
    if outcome is None or outcome.status == "not-run":
        at = page.at_step
        reason = page.message or page.setup_error or "the page process ended before this step"
        if at is None:
            return Verdict.BLOCKED, f"not run: {reason}", None, None, None
        return Verdict.BLOCKED, f"not run: step {at} ended the page ({reason})", at, None, None
    if outcome.status == "timeout":
        return Verdict.TIMED_OUT, _error_text(outcome, plan), None, None, None
    if outcome.status in ("crashed", "memory"):
        return Verdict.CRASHED, _error_text(outcome, plan) or page.message, None, None, None
    if outcome.status == "error":
        error = outcome.error
        match = _NAME_ERROR.search(error.message) if error and error.type == "NameError" and _raised_by_page(error) else None
        if match:
            blocker = _blocker(match["name"], position, plans, incomplete)
            if blocker is not None:
                return Verdict.BLOCKED, f"needs `{match['name']}`, which step {blocker} should have defined", blocker, None, None
            undefined = _undefined(match["name"], position, plans, error.lineno)
            return Verdict.DOC_DEFECT, undefined.message, None, None, undefined
        repo = asked_model_repo(error.explanation) if error and error.explanation else None
        if (pusher := _pusher(repo, position, plans, incomplete)) is not None:
            return Verdict.BLOCKED, f"needs the model `{repo}`, which the page pushes or saves itself, but step {pusher} did not run", pusher, None, None
        if repo is not None and (unsaved := _unsaved(repo, position, plans)) is not None:
            return Verdict.DOC_DEFECT, unsaved.message, None, None, unsaved
        if (stale := _stale(position, plans, incomplete)) is not None:
            name, blocker = stale
            reason = f"needs `{name}` as step {blocker} should have rebound it; it ran on the `{name}` of an earlier step"
            return Verdict.BLOCKED, reason, blocker, None, None
        if (judged := _unmade(error, position, plans, incomplete)) is not None:
            return judged
        if (asserted := _asserted_output(error, plan, plans, position)) is not None:
            return Verdict.UNSUPPORTED, asserted, None, None, None
        problem = audio_problem()
        if problem and error and _AUDIO_STACK.search(f"{error.type} {error.message}"):
            return Verdict.SKIPPED, f"decodes audio, but {problem}", None, None, None
        if (gap := harness_gap(error, [p.step for p in plans])) is not None:
            return gap.verdict, gap.reason, None, None, None
        reason = _error_text(outcome, plan)
        if (reused := _reused_name(error, position, plans)) is not None:
            reason = f"{reason}: {reused}"
        elif (repeated := _repeated(position, plans, incomplete)) is not None:
            reason = f"{reason}; this step repeats the code of step {repeated}, which already ran: the page shows the same code twice"
        return Verdict.FAILED, reason, None, None, None
    check = None
    if step.kind == "doctest" and (step.expected or outcome.output):
        check = check_output(step.expected, outcome.output, source=step.source, directives=frozenset(step.directives))
    if outcome.remedy is not None:
        return Verdict.DOC_DEFECT, f"ran after the remedy `{outcome.remedy.fix}`", None, check, None
    rewritten = [f for f in plan.drift.findings if f.action is Action.REWRITTEN] if plan.drift else []
    # A rewrite of code no release accepted is the remedy of a page bug, not a stale page's update.
    remedies = [f"`{defect.new}`" for defect in plan.defects] + [_remedy(f) for f in rewritten if f.page_bug]
    drift_rules = sorted({f.rule for f in rewritten if not f.page_bug})
    also = f"; rewritten: {', '.join(drift_rules)}" if drift_rules else ""
    if remedies:
        noun = "remedy" if len(remedies) == 1 else "remedies"
        return Verdict.DOC_DEFECT, f"ran after the {noun} {', '.join(remedies)}{also}", None, check, None
    if drift_rules:
        return Verdict.PASSED_AFTER_REWRITE, "rewritten: " + ", ".join(drift_rules), None, check, None
    return Verdict.PASSED, None, None, check, None


def _reused_name(error: StepError | None, position: int, plans: Sequence[StepPlan]) -> str | None:
    """What to change when the step reads an attribute its object lacks, and the page binds the
    object's name twice: the step ran on the value of the last step that binds it, while an
    earlier binding that did not run (a fragment: the reader's own model) is likely the one the
    step means."""
    match = _NO_ATTRIBUTE.search(error.message) if error and error.type == "AttributeError" else None
    if match is None:
        return None
    tree = _parse(_ran_source(plans[position]))
    read = {
        node.value.id for node in (ast.walk(tree) if tree else ())
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.attr == match["attribute"]
    }  # fmt: skip
    for name in sorted(read & used_names(_ran_source(plans[position]))):
        binders = [plan for plan in plans[:position] if _would_define(name, _ran_source(plan))]
        meant = next((plan for plan in reversed(binders[:-1]) if not plan.runs), None)
        if binders and binders[-1].runs and meant is not None:
            why = (meant.skip_reason or "").removeprefix("not run: ").split(":")[0]
            return (
                f"`{name}` is the `{match['type']}` of step {binders[-1].step.index}, but this step likely means the `{name}` "
                f"of step {meant.step.index} (not run: {why}); the page gives both the name `{name}`: "
                f"give the one of step {binders[-1].step.index} a name of its own"
            )
    return None


def _parse(source: str) -> ast.Module | None:
    try:
        return ast.parse(source)
    except SyntaxError:
        return None


def _remedy(finding: Finding) -> str:
    return f"`{finding.new}`" if finding.new else f"dropping `{finding.old}`"


def _unsaved(repo: str, position: int, plans: Sequence[StepPlan]) -> Defect | None:
    """A model loaded by a name no earlier step saves or pushes (see `unmade`)."""
    found = unsaved_model(repo, [_ran_source(plan) for plan in plans], position, plans[position].step.source)
    return None if found is None else Defect("model-never-saved", found.line, found.message, None, None)


def _unmade(error: StepError | None, position: int, plans: Sequence[StepPlan], incomplete: set[int]) -> Judgement | None:
    """A file, folder or task the step reads that no step made: blocked by the earlier step
    that names it and did not run, or a fragment when there is none."""
    sources = [_ran_source(plan) for plan in plans]
    found = unmade(error, sources, [plan.step.index not in incomplete for plan in plans], position)
    if found is None:
        return None
    if found.maker is None:
        plan = plans[position]
        line = max(1, error.lineno - len(plan.imports)) if error.lineno else 1
        return Verdict.DOC_DEFECT, found.fragment, None, None, Defect("fragment-unmade", line, found.fragment, None, None)
    maker = plans[found.maker].step.index
    reason = f"reads the {found.row.what} `{found.name}`, which step {maker} should have made, but step {maker} did not run"
    return Verdict.BLOCKED, reason, maker, None, None


# What loads a model (a stand-in, in a polydoctest run) or makes one's pipeline.
_LOADS_MODEL = re.compile(r"\bfrom_pretrained\(|\bpipeline\(")


def _asserted_output(error: StepError | None, plan: StepPlan, plans: Sequence[StepPlan], position: int) -> str | None:
    """Why a page's `assert value == <literal>` that failed on a model's output says nothing
    about the page: like a doctest's expected output, a tiny random stand-in cannot reproduce
    the real model's values. Only where the asserted value comes from a model the page loaded
    (through the names it bound, in this step or an earlier one)."""
    if error is None or error.type != "AssertionError" or not error.lineno or not _raised_by_page(error):
        return None
    source = _ran_source(plan)
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    bound: dict[str, str] = {}
    for earlier in plans[: position + 1]:
        bound.update(bound_values(_ran_source(earlier)))
    from_model = {name for name, value in bound.items() if _LOADS_MODEL.search(value)}
    grown = True
    while grown:  # `ids = model.generate(...)`, then `text = tok.decode(ids)`
        more = {name for name, value in bound.items() if name not in from_model and used_names(value) & from_model}
        from_model |= more
        grown = bool(more)
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Assert) and node.lineno <= error.lineno <= (node.end_lineno or node.lineno)):
            continue
        test = node.test
        if not isinstance(test, ast.Compare) or len(test.comparators) != 1:
            return None
        sides = (test.left, test.comparators[0])
        shown = ast.get_source_segment(source, test) or ""
        if any(_literal(side) for side in sides) and used_names(shown) & from_model:
            return f"asserts the real model's output (`{shown.splitlines()[0]}`), which a stand-in cannot reproduce"
        return None
    return None


def _literal(node: ast.AST) -> bool:
    try:
        ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False
    return True


def _raised_by_page(error: StepError) -> bool:
    """Whether the innermost frame of the error is page code: a name a library misses is no
    name the page forgot."""
    frames = _FRAME.findall(error.traceback)
    return not frames or frames[-1].startswith("<step ")


def _ran_source(plan: StepPlan) -> str:
    return plan.job().source if plan.runs else plan.step.source


def _undefined(name: str, position: int, plans: Sequence[StepPlan], lineno: int | None) -> Defect:
    """A name no earlier step defines and no import provides: the page is wrong, and the
    finding says how. Used before a later step defines it: reorder. Otherwise the step either
    goes on from what earlier steps built (a guide's next step: the step that defines the name
    is missing) or stands alone (a fragment: it assumes what the page never shows)."""
    plan = plans[position]
    line = max(1, lineno - len(plan.imports)) if lineno else 1
    later = next((p.step.index for p in plans[position + 1 :] if name in defined_names(_ran_source(p))), None)
    if later is not None:
        return Defect("used-before-defined", line, f"`{name}` is used before step {later} defines it: reorder the page", None, None)
    used = used_names(_ran_source(plan))
    built = {
        built_name: earlier.step.index
        for earlier in plans[:position]
        for built_name in defined_names(_ran_source(earlier)) - imported_names(_ran_source(earlier))
        if built_name in used
    }
    if built:
        first = min(built, key=built.get)
        message = (
            f"`{name}` is used but no step of the page defines it; this step goes on from `{first}` of step "
            f"{built[first]}, so the step that defines `{name}` is missing (check the original page)"
        )
        return Defect("missing-step", line, message, None, None)
    message = f"a fragment: the step uses `{name}`, which the page never defines; it illustrates, it builds on no earlier step"
    return Defect("fragment-undefined", line, message, None, None)


def _repeated(position: int, plans: Sequence[StepPlan], incomplete: set[int]) -> int | None:
    """The earlier step that ran the same code as the step at `position` (a translation that
    copied a fence twice: code that changes its data fails the second time)."""
    code = plans[position].step.source.strip()
    return next(
        (
            plan.step.index
            for plan in plans[:position]
            if plan.runs and plan.step.index not in incomplete and plan.step.source.strip() == code
        ),
        None,
    )


def _error_text(outcome: StepOutcome, plan: StepPlan) -> str | None:
    error = outcome.error
    if error is None:
        return None
    # The imports the page forgot run on lines of their own, before the step's first line.
    line = error.lineno - len(plan.imports) if error.lineno else None
    where = f" (step line {line})" if line and line > 0 else ""
    if error.explanation:
        return f"{error.explanation}{where}"
    return f"{error.type}: {error.message}{where}"
