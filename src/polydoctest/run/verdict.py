"""Turning what the parent saw of a page process into the page's outcome.

The page process reports each step it finished. If it did not finish the page, the step it was
in gets the status of how it ended (`timeout`, `memory`, `crashed`) with what it had written
and the stack faulthandler dumped, and the steps after it are `not-run`.

A page whose process wrote what the executor never writes, or ended itself where the executor
never does (after saying it was done, or between two steps), has tampered with its report:
nothing it reported is trusted, and every step it was to run is `crashed` with the reason.
"""

from __future__ import annotations

import os
import signal
from dataclasses import dataclass, field

from polydoctest.run.job import PageJob
from polydoctest.run.outcome import Observation, PageOutcome, PageStatus, StepError, StepOutcome, StepStatus
from polydoctest.run.postmortem import Remains

# How a page ended early -> page status, status of the step it was in, that step's error type.
_ENDINGS: dict[str, tuple[PageStatus, StepStatus, str]] = {
    "timeout": ("timed-out", "timeout", "Timeout"),
    "memory": ("memory", "memory", "MemoryLimit"),
    "crash": ("crashed", "crashed", "Crash"),
    "tampered": ("crashed", "crashed", "Tampered"),
}


@dataclass
class PageRecord:
    """The parent's running account of a page process (times from `time.monotonic`)."""

    job: PageJob
    started: float
    phase: int | None = None  # None: setup; k: in (or about to start) step position k
    phase_started: float = 0.0
    outcomes: dict[int, StepOutcome] = field(default_factory=dict)
    observations: dict[int, Observation] = field(default_factory=dict)  # position -> what it saw
    peak_rss_mb: float = 0.0
    setup_error: str | None = None
    teardown_error: str | None = None
    isolation: dict | None = None  # what the sandbox gave, as the page reported it at setup
    set_up: bool = False  # the setup message arrived
    in_step: bool = False  # a step started and has not reported its result
    done: bool = False  # the page process said it finished
    stopped_for: str | None = None  # "timeout", "memory" or "tampered" when the parent ended it
    tampered: str | None = None  # what the page wrote that the executor never writes
    wait_status: int | None = None
    ended_by_runner: bool = False  # the parent killed the page process (it did not end itself)

    @property
    def reported(self) -> int:
        """How many of the job's steps, observations included, reported their result."""
        return len(self.outcomes) + len(self.observations)

    @property
    def ending(self) -> str | None:
        """None if the page finished, else how it ended early."""
        if self.stopped_for is not None:
            return self.stopped_for
        if not self.ended_by_runner and self.set_up and (self.done or not self.in_step):
            return "tampered"  # where the executor never ends the process
        return None if self.done else "crash"

    def phase_timeout_s(self) -> float:
        steps = self.job.steps
        in_step = self.phase is not None and self.phase < len(steps)
        return self.job.timeout_for(steps[self.phase]) if in_step else self.job.step_timeout_s


def conclude(
    record: PageRecord, remains: Remains | None, workdir: str | None, now: float
) -> PageOutcome:
    """`remains` is needed when the page ended early."""
    job, ending = record.job, record.ending
    steps = tuple(
        _step_outcome(record, position, remains, now) for position, step in enumerate(job.steps) if not step.observes
    )
    common = dict(
        page_id=job.page_id,
        steps=steps,
        observations=() if ending == "tampered" else tuple(record.observations[p] for p in sorted(record.observations)),
        peak_rss_mb=round(record.peak_rss_mb, 1),
        duration_s=now - record.started,
        teardown_error=record.teardown_error,
        workdir=workdir,
        isolation=record.isolation,
    )
    if ending is None:
        if record.setup_error is not None:
            # The exception's own line is what a user can act on; the traceback stays in setup_error.
            cause = record.setup_error.strip().splitlines()[-1] if record.setup_error.strip() else "no reason given"
            return PageOutcome(**common, status="setup-failed", setup_error=record.setup_error,
                               message=f"the setup hook failed ({cause}); no step ran")
        out_of_memory = [step.index for step in steps if step.status == "memory"]
        if out_of_memory:
            return PageOutcome(**common, status="memory", at_step=out_of_memory[0], message=(
                f"step {out_of_memory[0]} ran out of memory under the "
                f"{job.memory_limit_mb} MB cap"))
        return PageOutcome(**common, status="ok")

    assert remains is not None
    if ending == "tampered":
        exit_code, signal_name = _exit(record)
        return PageOutcome(**common, status="crashed", exit_code=exit_code, signal=signal_name, message=_why(record, ending))
    in_step = record.phase is not None and record.phase < len(job.steps)
    at_step = job.steps[record.phase].index if in_step else None
    where = "setup" if record.phase is None else "teardown" if not in_step else (
        f"the observation after step {at_step}" if job.steps[record.phase].observes else f"step {at_step}"
    )
    message = f"{_why(record, ending)} during {where}"
    setup_error = record.setup_error
    if record.phase is None:
        setup_error = "\n".join(filter(None, [message, remains.stack, remains.stderr]))
    exit_code, signal_name = _exit(record)
    return PageOutcome(
        **common,
        status=_ENDINGS[ending][0],
        setup_error=setup_error,
        exit_code=exit_code,
        signal=signal_name,
        at_step=at_step,
        message=message,
    )


def _step_outcome(
    record: PageRecord, position: int, remains: Remains | None, now: float
) -> StepOutcome:
    step, ending = record.job.steps[position], record.ending
    index = step.index
    if ending == "tampered":
        if step.mode == "skip":
            return StepOutcome(index=index, status="skipped")
        return StepOutcome(index=index, status="crashed", error=StepError("Tampered", _why(record, ending)))
    if position in record.outcomes:
        return record.outcomes[position]
    if ending is None or position != record.phase:
        return StepOutcome(index=index, status="not-run")
    assert remains is not None
    _, status, error_type = _ENDINGS[ending]
    return StepOutcome(
        index=index,
        status=status,
        output=remains.output,
        stderr=remains.stderr,
        error=StepError(error_type, _why(record, ending), remains.stack, remains.lineno),
        duration_s=now - record.phase_started,
    )


def _why(record: PageRecord, ending: str) -> str:
    if ending == "tampered":
        what = f"wrote {record.tampered}" if record.tampered else (
            "ended its process itself after saying it was done" if record.done else "ended its process itself between two steps"
        )
        return f"page code tampered with the runner: it {what}; no result it reported is trusted"
    if ending == "timeout":
        return f"did not finish within {record.phase_timeout_s():g} s; page process killed"
    if ending == "memory":
        return (f"page process used {record.peak_rss_mb:.0f} MB, over its "
                f"{record.job.memory_limit_mb} MB cap; killed")
    exit_code, signal_name = _exit(record)
    if signal_name is not None:
        return f"page process killed by {signal_name}"
    if exit_code is not None:
        return f"page process exited with status {exit_code}"
    return "page process ended"


def _exit(record: PageRecord) -> tuple[int | None, str | None]:
    """(exit code, signal name) of the page process, if known."""
    if record.wait_status is None:
        return None, None
    code = os.waitstatus_to_exitcode(record.wait_status)
    return (None, signal.Signals(-code).name) if code < 0 else (code, None)
