"""Decide, before anything runs, what each step of a page becomes: run, rewritten, or not run.

This is where the page model meets the installed libraries. A shell step is never executed;
a TensorFlow step (by its tab, by its content, or by sharing an untagged fence with TensorFlow
code) is skipped when TensorFlow cannot run here; a step whose drift has no rewrite is
skipped and reported; a step that needs a name only steps not run define is held back by the
step that defines it (the checker says `skipped` when that step is, `blocked` otherwise); a step whose code is a doc defect (see `defects`) runs after the remedy,
or not at all when it holds printed output or is a fragment. A step that is a module of a
package the page has the reader save (`polydoctest.packages`) is written as that package's file
in the working directory (`page_files`) and runs with its relative imports made absolute. A
step that uses a library name or module no step before it imports (`GPTQConfig`, `torch`) runs
after the imports the page forgot (`polydoctest.imports`), each a doc defect. Everything else runs, after the drift rewrites
the installed versions need and with placeholder repo ids (`your_username/...`) filled with the
logged-in user. The result is plain data: the runner gets `StepJob`s, the checker gets the reasons.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from polydoctest.defects import Defect, find_defects, lost_prompts, missing_import
from polydoctest.drift import CATALOG, Action, DriftResult, Finding, Rule, rewrite, tensorflow_reason, tensorflow_runnable
from polydoctest.imports import forgotten_import
from polydoctest.packages import PackageModule, absolute_imports, package_imports, page_modules
from polydoctest.parse import Page, Step
from polydoctest.placeholders import fill_placeholders
from polydoctest.pycode import applied_names, bound_values, defined_names, imports_everything, used_names
from polydoctest.run import StepJob

SKIP_DIRECTIVE = "+SKIP"
PACKAGE_MODULE = "fragment-package-module"
PACKAGE_MODULE_RULE = "polydoctest.package-module"
PACKAGE_IMPORT_RULE = "polydoctest.package-import"


@dataclass(frozen=True)
class StepPlan:
    """What will happen to one step. `skip_reason` set: not run (verdict `skipped`, or
    `blocked` when `blocked_by` names the step whose absence stops it)."""

    step: Step
    drift: DriftResult | None
    skip_reason: str | None = None
    blocked_by: int | None = None
    defects: tuple[Defect, ...] = ()
    """Doc defects of the step's code: remedied in the code that runs, or the reason it does not."""
    module: PackageModule | None = None
    """The module of a package the page writes that this step's code is part of."""

    @property
    def runs(self) -> bool:
        return self.skip_reason is None

    @property
    def rewritten(self) -> bool:
        return self.drift is not None and any(f.action is Action.REWRITTEN for f in self.drift.findings)

    @property
    def imports(self) -> tuple[str, ...]:
        """The import lines the page forgot, run on lines of their own before the step's code."""
        return tuple(defect.new for defect in self.defects if defect.kind == "missing-import" and defect.new)

    def job(self) -> StepJob:
        if not self.runs:
            return StepJob(self.step.index, self.step.source, mode="skip", skip_reason=self.skip_reason)
        mode = "doctest" if self.step.kind == "doctest" else "exec"
        source = self.drift.source if self.drift else self.step.source
        if self.module is not None:
            source, _ = absolute_imports(source, self.module)
        return StepJob(self.step.index, "".join(f"{line}\n" for line in self.imports) + source, mode=mode)


def _shell_reason(step: Step) -> str:
    command = step.source.strip().splitlines()[0] if step.source.strip() else ""
    return f"shell step, not executed: `{command}`"


def tensorflow_steps(page: Page) -> dict[int, str]:
    """Steps that are TensorFlow code, by tab or by content; an untagged fence holding TF code
    is TensorFlow as a whole (a PyTorch line beside `from_tf=True` loads a TF checkpoint)."""
    reasons: dict[int, str] = {}
    for step in page.steps:
        if step.kind == "shell":
            continue
        if step.framework == "tf":
            reasons[step.index] = f"TensorFlow tab ({step.tab or 'tf'})"
        elif (by_content := tensorflow_reason(step.source)) is not None:
            reasons[step.index] = by_content
    for fence in page.fences:
        in_fence = [s for s in page.steps if s.fence == fence.index and s.kind != "shell"]
        tf_steps = [s.index for s in in_fence if s.index in reasons]
        if fence.framework is None and tf_steps:
            for step in in_fence:
                reasons.setdefault(step.index, f"in a fence with TensorFlow code (step {tf_steps[0]})")
    return reasons


def plan_page(
    page: Page, versions: Mapping[str, str], rules: Sequence[Rule] = CATALOG, *, user: str | None = None
) -> tuple[StepPlan, ...]:
    """One `StepPlan` per step of `page`, in page order; `rules` are the drift rules to apply,
    `user` the logged-in Hub user that placeholder repo ids stand for (None: left as written)."""
    tf_blocked = tensorflow_runnable(versions)
    tf_reasons = tensorflow_steps(page) if tf_blocked else {}
    modules = page_modules({step.index: step.source for step in page.steps if step.kind != "shell"})
    plans: list[StepPlan] = []
    defined_by_run: set[str] = set()
    defined_by_skipped: dict[str, int] = {}
    star_imported = False  # after `from module import *`, no name is known to be missing
    bindings: dict[str, str] = {}  # what the steps run so far bound each name to, for drift
    for step in page.steps:
        plan = _plan_step(step, versions, rules, tf_reasons.get(step.index), tf_blocked, user, bindings, modules)
        if plan.runs and step.kind != "shell":
            needed = used_names(plan.job().source) - defined_by_run
            missing = sorted(name for name in needed if name in defined_by_skipped)
            if missing:
                blocker = defined_by_skipped[missing[0]]
                plan = replace(
                    plan,
                    skip_reason=f"needs `{missing[0]}`, which only step {blocker} defines, and that step is not run here",
                    blocked_by=blocker,
                )
            elif not star_imported:
                plan = _with_imports(plan, needed)
        star_imported = star_imported or (step.kind != "shell" and imports_everything(step.source))
        names = defined_names(plan.job().source if plan.runs else plan.step.source) if step.kind != "shell" else set()
        if plan.runs:
            bindings.update(bound_values(plan.job().source))
            defined_by_run |= names
            for name in names:
                defined_by_skipped.pop(name, None)
        else:
            for name in names - defined_by_run:
                defined_by_skipped.setdefault(name, step.index)
        plans.append(plan)
    return tuple(plans)


def _plan_step(
    step: Step,
    versions: Mapping[str, str],
    rules: Sequence[Rule],
    tf_reason: str | None,
    tf_blocked: str | None,
    user: str | None,
    bindings: Mapping[str, str],
    modules: Mapping[int, PackageModule],
) -> StepPlan:
    if step.kind == "shell":
        return StepPlan(step, None, skip_reason=_shell_reason(step))
    if SKIP_DIRECTIVE in step.directives:
        return StepPlan(step, None, skip_reason="the page marks it `# doctest: +SKIP`")
    lost = lost_prompts(step.source, step.expected) if step.kind == "doctest" else None
    if lost is not None:
        # The step itself changes: the lines taken back are code, no longer output to check.
        step = replace(step, source=lost[1], expected=lost[2])
    found, source = find_defects(step.source)
    defects = (lost[0], *found) if lost is not None else found
    module = modules.get(step.index)
    if module is not None:  # its relative imports name modules the page writes: no fragment
        defects = tuple(defect for defect in defects if defect.kind != PACKAGE_MODULE)
    not_run = next((defect for defect in defects if defect.new is None), None)
    if not_run is not None:
        return StepPlan(step, None, skip_reason=f"not run: {not_run.message}", defects=defects)
    drift = _with_package(rewrite(source, versions, rules, bindings), step, modules)
    if user is not None:
        drift = _with_user(drift, user)
    if tf_reason is not None:
        return StepPlan(step, drift, skip_reason=f"{tf_reason}; {tf_blocked}")
    removed = [f for f in drift.findings if f.action is Action.REMOVED]
    if removed:
        return StepPlan(step, drift, skip_reason=f"no longer supported: {removed[0].message}", defects=defects)
    return StepPlan(step, drift, defects=defects, module=module)


def page_files(plans: Sequence[StepPlan]) -> dict[str, str]:
    """The files of the packages the page writes, by path in the working directory: each
    module its steps' code as planned, one after the other, each package an empty `__init__.py`."""
    files: dict[str, str] = {}
    for plan in plans:
        if plan.module is not None:
            code = plan.drift.source if plan.drift else plan.step.source
            files[plan.module.path] = f"{files[plan.module.path]}\n\n{code}" if plan.module.path in files else code
            files.setdefault(f"{plan.module.package}/__init__.py", "")
    return files


def _with_package(drift: DriftResult, step: Step, modules: Mapping[int, PackageModule]) -> DriftResult:
    """`drift` with a finding for each line where the step is or imports a module the page writes."""
    module = modules.get(step.index)
    findings: list[Finding] = []
    if module is not None:
        where = (
            f"the module `{module.path}` ({_steps_named(module.steps)}) of the package step {module.imported_by} "
            "imports: the harness saved it there"
        )
        changes = absolute_imports(drift.source, module)[1]
        relative = f"{where}; in the page its relative import reads as absolute"
        findings += [
            Finding(PACKAGE_MODULE_RULE, drift.original_line(line), relative, old, new, Action.ADAPTED) for line, old, new in changes
        ] or [Finding(PACKAGE_MODULE_RULE, 1, where, step.source.strip().splitlines()[0], None, Action.ADAPTED)]
    imports = package_imports(drift.source, modules.values()) if module is None else []
    for package in dict.fromkeys(imported.package for _, imported in imports):
        line = next(line for line, imported in imports if imported.package == package)
        written = sorted({other.path for other in modules.values() if other.package == package})
        steps = sorted({index for index, other in modules.items() if other.package == package})
        message = (
            f"`{package}` is the package the page has the reader save: the harness saved {_steps_named(steps)} as "
            f"{', '.join(f'`{path}`' for path in written)} with an empty `{package}/__init__.py` in the working directory"
        )
        shown = drift.source.splitlines()[line - 1].strip()
        findings.append(Finding(PACKAGE_IMPORT_RULE, drift.original_line(line), message, shown, None, Action.ADAPTED))
    if not findings:
        return drift
    return replace(drift, findings=tuple(sorted(drift.findings + tuple(findings), key=lambda f: f.line)))


def _steps_named(indices: Sequence[int]) -> str:
    names = [str(index) for index in indices]
    return f"step {names[0]}" if len(names) == 1 else f"steps {', '.join(names[:-1])} and {names[-1]}"


def _with_imports(plan: StepPlan, undefined: set[str]) -> StepPlan:
    """`plan` with the imports the page forgot for the names no step before it defines."""
    applied = applied_names(plan.job().source)
    found = ((name, forgotten_import(name, applied)) for name in sorted(undefined))
    imports = tuple(missing_import(plan.step.source, name, line) for name, line in found if line is not None)
    return replace(plan, defects=plan.defects + imports) if imports else plan


def _with_user(drift: DriftResult, user: str) -> DriftResult:
    source, filled = fill_placeholders(drift.source, user)
    if not filled:
        return drift
    findings = tuple(
        Finding(
            "polydoctest.placeholder-user",
            drift.original_line(fill.line),
            f"the placeholder repo namespace stands for the logged-in user `{user}`",
            fill.old,
            fill.new,
            Action.ADAPTED,
        )
        for fill in filled
    )
    return replace(drift, source=source, findings=tuple(sorted(drift.findings + findings, key=lambda f: f.line)))
