"""Progress events for a live display, emitted as pages and steps start and finish.

They are plain data so the display (rendered elsewhere, e.g. with rich) stays out of the runner.
`position` is the page's place in the list of jobs, which stays unique when page ids repeat.
Every step of a page gets exactly one `StepFinished`, including `not-run` ones when it died.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from polydoctest.run.outcome import PageOutcome, StepOutcome


@dataclass(frozen=True)
class PageStarted:
    position: int
    page_id: str
    steps: int


@dataclass(frozen=True)
class StepStarted:
    position: int
    page_id: str
    index: int


@dataclass(frozen=True)
class StepFinished:
    position: int
    page_id: str
    outcome: StepOutcome


@dataclass(frozen=True)
class PageFinished:
    position: int
    outcome: PageOutcome


RunEvent = Union[PageStarted, StepStarted, StepFinished, PageFinished]
