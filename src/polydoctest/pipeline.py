"""The main job: load pages, plan their steps, run them offline on fixtures, judge each step.

Every stage is called here and nowhere else in sequence, so the CLI, the pytest plugin and the
reference verification share one path: `load` -> `plan` (drift) -> `run` -> `check`. Pages
run in processes forked from one warm parent; each page gets its own copy of the fixture home
(pushes from one page are invisible to the others), its own working directory and the guard.
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

from polydoctest.check.verdict import PageFinding, StepResult, judge_page
from polydoctest.drift import installed_versions
from polydoctest.fixtures import DEFAULT_USER, audio_stack_problem, ensure_home, offline_session, page_home
from polydoctest.load import LoadedPage
from polydoctest.plan import StepPlan, plan_page
from polydoctest.run import PageJob, PageOutcome, RunEvent, Runner, SetupRef

# What a run's JSON names as "the versions it ran on".
REPORTED_LIBRARIES = ("torch", "transformers", "datasets", "evaluate", "huggingface_hub", "tokenizers", "accelerate")


@dataclass(frozen=True)
class Limits:
    step_timeout_s: float = 120.0
    memory_limit_mb: int = 4096


@dataclass(frozen=True)
class PageRun:
    """Everything known about one page after a run."""

    loaded: LoadedPage
    plans: tuple[StepPlan, ...]
    outcome: PageOutcome
    results: tuple[StepResult, ...]


@dataclass(frozen=True)
class RunReport:
    versions: Mapping[str, str]
    wall_s: float
    pages: tuple[PageRun, ...]


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


def page_job(loaded: LoadedPage, plans: Sequence[StepPlan], home: Path, user: str, limits: Limits) -> PageJob:
    return PageJob(
        page_id=str(loaded.path),
        steps=tuple(plan.job() for plan in plans),
        setup=SetupRef(f"{__name__}:page_environment", {"base": str(home), "user": user}),
        step_timeout_s=limits.step_timeout_s,
        memory_limit_mb=limits.memory_limit_mb,
    )


def run_loaded(
    pages: Sequence[LoadedPage],
    *,
    runner: Runner,
    user: str = DEFAULT_USER,
    limits: Limits = Limits(),
    on_event: Callable[[RunEvent], None] | None = None,
) -> RunReport:
    """Plan, run and judge already loaded pages with a (warm) runner."""
    started = time.perf_counter()
    versions = installed_versions()
    home = ensure_home()
    plans = [plan_page(page.page, versions) for page in pages]
    jobs = [page_job(page, plan, home, user, limits) for page, plan in zip(pages, plans)]
    outcomes = runner.run(jobs, on_event=on_event)
    runs = tuple(
        PageRun(page, plan, outcome, _with_repair_findings(page, judge_page(plan, outcome, audio_problem=audio_stack_problem)))
        for page, plan, outcome in zip(pages, plans, outcomes)
    )
    return RunReport(library_versions(), time.perf_counter() - started, runs)


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
