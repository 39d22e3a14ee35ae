"""The `run` stage: execute a page's steps in order, in one namespace, in an isolated process.

Plain data in (`PageJob`, `StepJob`), plain data out (`PageOutcome`, `StepOutcome`, progress
events). Each page runs in a process forked from a warm parent that has already imported the
heavy libraries, with its own working directory, setup hook, seed, per-step timeout and memory
cap, inside a sandbox the kernel enforces (`sandbox.py`, `pidns.py`: its own processes,
network and writable folders, no capabilities, an allow-listed environment); a page that
crashes, hangs, exhausts memory or tampers with what it reports is reported as such and the
others go on. `PageOutcome.isolation` says what the sandbox had.

A job may also ask to look at the page between its steps: an `observe` step evaluates named
expressions in the page's namespace without disturbing it (`observe.py`), and what it saw
comes back in `PageOutcome.observations`, apart from the page's steps and output. The runner
does not know why it is asked to look.

What a page process reports is signed with a key made for that page alone and handed over
before any page code runs (`wire.py`): a message page code wrote itself makes the page
`crashed`, never passed. Page code shares its process with the executor, so code written to
find the key in that process's memory, or to replace the executor's functions there, can still
misreport its own later steps, and nothing of any other page. Observations travel the same
signed channel: a page can no more forge what was observed of it than its verdicts.
"""

from polydoctest.run.events import PageFinished, PageStarted, RunEvent, StepFinished, StepStarted
from polydoctest.run.job import PageJob, SetupRef, StepJob, StepMode
from polydoctest.run.outcome import (
    Observation,
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
    "Observation",
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
