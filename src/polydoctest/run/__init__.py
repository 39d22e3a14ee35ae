"""The `run` stage: execute a page's steps in order, in one namespace, in an isolated process.

Plain data in (`PageJob`, `StepJob`), plain data out (`PageOutcome`, `StepOutcome`, progress
events). Each page runs in a process forked from a warm parent that has already imported the
heavy libraries, with its own working directory, setup hook, seed, per-step timeout and memory
cap; a page that crashes, hangs or exhausts memory is reported as such and the others go on.
"""

from polydoctest.run.events import PageFinished, PageStarted, RunEvent, StepFinished, StepStarted
from polydoctest.run.job import PageJob, SetupRef, StepJob, StepMode
from polydoctest.run.outcome import (
    PageOutcome,
    PageStatus,
    Remedy,
    StepError,
    StepOutcome,
    StepStatus,
)
from polydoctest.run.remote import Runner, run_page, run_pages
from polydoctest.run.warm import DEFAULT_WARM_IMPORTS, WarmReport

__all__ = [
    "DEFAULT_WARM_IMPORTS",
    "PageFinished",
    "PageJob",
    "PageOutcome",
    "PageStarted",
    "PageStatus",
    "Remedy",
    "RunEvent",
    "Runner",
    "SetupRef",
    "StepError",
    "StepFinished",
    "StepJob",
    "StepMode",
    "StepOutcome",
    "StepStarted",
    "StepStatus",
    "WarmReport",
    "run_page",
    "run_pages",
]
