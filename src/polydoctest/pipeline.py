"""The main job: load pages, plan their steps, run them offline on fixtures, judge each step.

Every stage is called here and nowhere else in sequence, so the CLI, the pytest plugin and the
reference verification share one path: `load` -> `plan` (drift) -> `run` -> `check`. Pages
run in processes forked from one warm parent; each page gets its own copy of the fixture home
(pushes from one page are invisible to the others), its own working directory and the guard.

Each long part is a progress phase: stand-in building (in `fixtures`), the runner's warm-up
(in `run`), then the pages, one note per page finished.

With `reference`, a page that is one of the reference guides is aligned with it before the run
and observed after the steps that do a reference step; each guide's reference runs beside the
pages, as a page, in the same runner, and after the run each page is verified against it. A
page that is no reference guide but has an English original is held against the original
instead: the original runs as the reference, its steps observed generically.
"""

from __future__ import annotations

import contextlib
import platform
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from importlib import metadata
from pathlib import Path

from polydoctest import progress
from polydoctest.check.verdict import PageFinding, StepResult, judge_page
from polydoctest.drift import installed_versions
from polydoctest.fixtures import DEFAULT_USER, audio_stack_problem, offline_session, page_home
from polydoctest.fixtures.synth import ensure_stand_ins
from polydoctest.load import LoadedPage, UnreadablePage
from polydoctest.plan import StepPlan, page_files, plan_page
from polydoctest.reference import PageCheck, ReferenceRun, Verification, prepare_page, verify
from polydoctest.reference.jobs import left_out, reference_steps, split_observations, with_observations
from polydoctest.reference.matrix import GuideMatrix, MatrixPage, guide_matrices
from polydoctest.reference.model import Guide
from polydoctest.reference.identify import Identification
from polydoctest.reference.original import Original, held_against
from polydoctest.run import PageFinished, PageJob, PageOutcome, RunEvent, Runner, SetupRef, StepJob

# What a run's JSON names as "the versions it ran on".
REPORTED_LIBRARIES = ("torch", "transformers", "datasets", "evaluate", "huggingface_hub", "tokenizers", "accelerate")


@dataclass(frozen=True)
class Limits:
    step_timeout_s: float = 120.0
    memory_limit_mb: int = 4096
    require_sandbox: bool = False  # a page the platform cannot fully sandbox is not run


@dataclass(frozen=True)
class PageRun:
    """Everything known about one page after a run."""

    loaded: LoadedPage
    plans: tuple[StepPlan, ...]
    outcome: PageOutcome
    results: tuple[StepResult, ...]
    reference: Verification | None = None


@dataclass(frozen=True)
class RunReport:
    versions: Mapping[str, str]
    wall_s: float
    pages: tuple[PageRun, ...]
    references: tuple[ReferenceRun, ...] = ()
    unreadable: tuple[UnreadablePage, ...] = ()  # pages that could not be loaded, never run

    def matrices(self) -> tuple[GuideMatrix, ...]:
        """The cross-language matrix of each guide the run's pages were verified against."""
        pages = [
            MatrixPage(str(run.loaded.path), run.loaded.page.language, run.reference, run.results)
            for run in self.pages
            if run.reference is not None
        ]
        return guide_matrices(pages, self.references)


def library_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in REPORTED_LIBRARIES:
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions[name] = metadata.version(name)
    return versions


@contextlib.contextmanager
def page_environment(base: str, user: str = DEFAULT_USER) -> Iterator[object]:
    """Setup hook run inside each page process: a private copy of the fixture home, offline."""
    with tempfile.TemporaryDirectory(prefix="polydoctest-home-") as scratch:
        home = page_home(Path(base), Path(scratch) / "home")
        with offline_session(home, user=user) as session:
            yield session


def page_job(
    loaded: LoadedPage,
    plans: Sequence[StepPlan],
    home: Path,
    user: str,
    limits: Limits,
    observations: Mapping[int, Sequence[StepJob]] | None = None,
) -> PageJob:
    steps = with_observations([plan.job() for plan in plans], observations or {})
    return _job(str(loaded.path), steps, home, user, limits, page_files(plans))


def reference_job(guide: Guide, versions: Mapping[str, str], home: Path, user: str, limits: Limits) -> PageJob:
    """The guide's reference, run as a page: same setup, fixtures, seed, limits and drift."""
    return _job(f"reference:{guide.id}", reference_steps(guide, versions), home, user, limits)


def _job(
    page_id: str, steps: Sequence[StepJob], home: Path, user: str, limits: Limits, files: Mapping[str, str] | None = None
) -> PageJob:
    return PageJob(
        page_id=page_id,
        steps=tuple(steps),
        setup=SetupRef(f"{__name__}:page_environment", {"base": str(home), "user": user}),
        step_timeout_s=limits.step_timeout_s,
        memory_limit_mb=limits.memory_limit_mb,
        require_sandbox=limits.require_sandbox,
        files=dict(files or {}),
    )


def run_loaded(
    pages: Sequence[LoadedPage],
    *,
    runner: Runner,
    user: str = DEFAULT_USER,
    limits: Limits = Limits(),
    on_event: Callable[[RunEvent], None] | None = None,
    reference: bool = False,
    unreadable: Sequence[UnreadablePage] = (),
    known_references: Sequence[ReferenceRun] = (),
    originals: Mapping[str, LoadedPage] | None = None,
) -> RunReport:
    """Plan, run and judge already loaded pages with a (warm) runner; with `reference`, also
    verify each page that is a reference guide against the guide's reference, and each page
    with an English original in `originals` (by the page's path) against what the original is:
    a hand-written guide, else the original itself.
    `unreadable` pages are carried into the report as they are. A reference in
    `known_references` (the references of an earlier run with the same runner, user and
    limits) is not run again."""
    started = time.perf_counter()
    versions = installed_versions()
    plans = [plan_page(page.page, versions, user=user) for page in pages]
    held = _held_against(pages, originals or {}, versions, user) if reference else {}
    by_guide = {original.guide.id: original for _, original in held.values() if original is not None}
    sources = [[plan.job().source for plan in page_plans if plan.runs] for page_plans in plans]
    sources += [[step.source for step in original.steps] for original in by_guide.values()]
    home = ensure_stand_ins(sources, user=user)
    checks: list[PageCheck | None] = [
        prepare_page(page.page, plan, held[str(page.path)][0] if str(page.path) in held else None) if reference else None
        for page, plan in zip(pages, plans)
    ]
    known = {run.guide.id: run for run in known_references}
    wanted = {check.alignment.guide.id: check.alignment.guide for check in checks if check}
    guides = [guide for guide_id, guide in wanted.items() if guide_id not in known]
    jobs = [
        page_job(page, plan, home, user, limits, check.observations if check else None)
        for page, plan, check in zip(pages, plans, checks)
    ]
    jobs += [
        _job(guide.id, by_guide[guide.id].steps, home, user, limits, by_guide[guide.id].files)
        if guide.id in by_guide
        else reference_job(guide, versions, home, user, limits)
        for guide in guides
    ]
    runner.warm()  # a phase of its own, before the pages'
    with progress.phase("pages", len(jobs)) as advance:

        def on_page_event(event: RunEvent) -> None:
            if isinstance(event, PageFinished):
                advance(1, note=f"{event.outcome.page_id} {event.outcome.status} ({event.outcome.duration_s:.1f} s)")
            if on_event is not None:
                on_event(event)

        outcomes = runner.run(jobs, on_event=on_page_event)
    ran = {
        guide.id: ReferenceRun(
            guide,
            *split_observations(outcome),
            by_guide[guide.id].left_out if guide.id in by_guide else left_out(guide, versions),
        )
        for guide, outcome in zip(guides, outcomes[len(pages) :])
    }
    references = {guide_id: ran.get(guide_id) or known[guide_id] for guide_id in wanted}
    runs = []
    for page, plan, check, outcome in zip(pages, plans, checks, outcomes):
        own, observed = split_observations(outcome)
        results = _with_repair_findings(page, judge_page(plan, own, audio_problem=audio_stack_problem))
        verification = verify(check, page.page, own, observed, references[check.alignment.guide.id]) if check else None
        runs.append(PageRun(page, plan, own, results, verification))
    return RunReport(
        library_versions(), time.perf_counter() - started, tuple(runs), tuple(references.values()), tuple(unreadable)
    )


def _held_against(
    pages: Sequence[LoadedPage], originals: Mapping[str, LoadedPage], versions: Mapping[str, str], user: str
) -> dict[str, tuple[Identification, Original | None]]:
    """What each page with an English original in `originals` is held against, by the page's
    path (`original.held_against`); an original two pages share is planned once."""
    held: dict[str, tuple[Identification, Original | None]] = {}
    by_original: dict[str, tuple[Identification, Original | None]] = {}
    for page in pages:
        original = originals.get(str(page.path))
        if original is None or original.path == page.path:
            continue
        key = str(original.path)
        if key not in by_original:
            by_original[key] = held_against(original.page, plan_page(original.page, versions, user=user))
        held[str(page.path)] = by_original[key]
    return held


def _with_repair_findings(loaded: LoadedPage, results: tuple[StepResult, ...]) -> tuple[StepResult, ...]:
    """Attach to each step the encoding repairs that changed its executable code unsurely:
    what ran there is a guess, and the translator must confirm it."""
    unsure: dict[int, list[PageFinding]] = {}
    for code_fill in loaded.code_errors:
        fill = code_fill.fill
        others = ", ".join(repr(text) for text, _ in fill.alternatives[:3])
        message = (
            f"encoding repair guessed {fill.chosen!r} in code (confidence {fill.confidence:.2f}); "
            f"other readings: {others or 'none'}"
        )
        unsure.setdefault(code_fill.step, []).append(PageFinding("encoding.unsure-code", fill.line, message, fill.damaged, fill.chosen))
    return tuple(replace(r, findings=r.findings + tuple(unsure[r.index])) if r.index in unsure else r for r in results)
