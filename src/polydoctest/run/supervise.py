"""The parent's handle on one page process: fork it, follow its messages, enforce its limits.

The page process's messages are untrusted input: page code runs in that process and can write
to the channel. Each message must carry the executor's signature under the page's own key (see
`wire.py`; the key is made here, after the fork, and handed over through a pipe of its own) and
be the one the executor would send next (a `setup`, then for each step in order an optional
`start` — once more for a remedy's rerun — and its `step`, or for an `observe` step its `start`
and its `observed` values, then `done`); anything else is tampering, and the page is stopped
and reported as such. Deadlines follow the parent's own clock: a repeated `start` does not
move them.

How the page process ended comes from the kernel: it is this process's own child (in a PID
namespace of its own, see `pidns.py`, from where it can neither see nor signal its parent).
The executor never ends the process itself, so a page process that ended on its own after
saying it was done, or between two steps, ended through page code. Killing is: the dump signal
(faulthandler writes the page's stack), a short grace, then SIGKILL; ending the page's PID
namespace then ends whatever it started.
"""

from __future__ import annotations

import json
import os
import signal
import time
from typing import Any

import psutil

from polydoctest.run.child import DUMP_SIGNAL, INTERNAL_ERROR, page_main
from polydoctest.run.events import PageFinished, RunEvent, StepFinished, StepStarted
from polydoctest.run.job import PageJob, StepJob
from polydoctest.run.limits import tree_rss_mb
from polydoctest.run.outcome import Observation, PageOutcome, StepOutcome
from polydoctest.run.pidns import fork_into_new_namespace
from polydoctest.run.postmortem import read_remains
from polydoctest.run.scratch import PageDirs
from polydoctest.run.verdict import PageRecord, conclude
from polydoctest.run.wire import MessageReader, ProtocolError, hand_over_key, new_key

DUMP_GRACE_S = 0.2


class PageProcess:
    def __init__(self, job: PageJob, position: int, threads: int) -> None:
        self.job, self.position = job, position
        self.dirs = PageDirs.create(job)
        read_fd, write_fd = os.pipe()
        key_read_fd, key_write_fd = os.pipe()
        started = time.monotonic()

        def page(in_namespace: bool, problem: str | None) -> None:
            try:
                page_main(job, self.dirs, write_fd, key_read_fd, threads, in_namespace, problem)
            finally:
                os._exit(INTERNAL_ERROR)

        self.pid, self._namespace = fork_into_new_namespace(page)
        os.close(write_fd)
        os.close(key_read_fd)
        key = new_key()  # after the fork: the page's memory holds no copy of it
        hand_over_key(key_write_fd, key)
        self.reader = MessageReader(read_fd, key)
        self.record = PageRecord(job, started, phase_started=started)
        self.outcome: PageOutcome | None = None
        self._process = psutil.Process(self.pid)
        self._deadline = started + job.step_timeout_s
        self._next_rss_poll = started
        self._started: dict[int, int] = {}  # position -> times started (a remedy reruns once)
        self._killed = False  # this process sent the page its SIGKILL
        self._ended = False  # the page process has ended (reaped or not)

    def fds(self) -> list[int]:
        return [self.reader.fd]

    def poll(self, poll_interval_s: float) -> list[RunEvent]:
        """Read the page's messages and enforce its limits; sets `outcome` once it is over."""
        events = self._read()
        self._ended = self._ended or self._has_exited()
        if self._ended and not self._settled():
            events += self._read()  # what it sent just before it ended
        if not self._settled() and not _out_of_memory(self.record):  # it is ending: see child.py
            self._enforce_memory(poll_interval_s)
        if not self._settled() and time.monotonic() > self._deadline:
            events += self._read()  # it may have moved on since the last read
            if not self._settled() and time.monotonic() > self._deadline:
                self._stop("timeout")
        if self.record.done and not self._ended:
            self._kill()
        if self._ended:
            events += self._finish()
        return events

    def kill(self) -> None:
        """Stop the page at once and clean up, with no outcome: the run was interrupted."""
        self._kill()
        self._reap()
        self._close()

    def _settled(self) -> bool:
        """Whether the page's end is decided: it said it was done, ended, or was stopped."""
        return self._ended or self.record.done or self.record.stopped_for is not None

    def _read(self) -> list[RunEvent]:
        if self.record.tampered is not None:
            return []
        events: list[RunEvent] = []
        try:
            for message in self.reader.read():
                if isinstance(message, ProtocolError):
                    raise message
                events += self._accept(message)
        except ProtocolError as error:
            self.record.tampered = str(error)
            self._stop("tampered")
        return events

    def _accept(self, message: Any) -> list[RunEvent]:
        """Take one message if it is the one the executor would send now."""
        record, steps, now = self.record, self.job.steps, time.monotonic()
        kind = message.get("kind") if isinstance(message, dict) else None
        if record.done:
            raise ProtocolError(f"a {kind!r} message after the page said it was done")
        if kind == "setup" and not record.set_up:
            record.set_up = True
            record.setup_error = _text_or_none(message.get("error"))
            record.isolation = message.get("isolation") if isinstance(message.get("isolation"), dict) else None
            self._enter_phase(0, now)
            return []
        if not record.set_up:
            raise ProtocolError(f"a {kind!r} message before setup")
        position = message.get("position")
        expected = record.reported
        if kind == "start" and position == expected and expected < len(steps):
            times = self._started.get(position, 0)
            if times >= 2:
                raise ProtocolError(f"a third start of step position {position}")
            self._started[position] = times + 1
            record.in_step = True
            self._enter_phase(position, now)
            return [] if times or steps[position].observes else [StepStarted(self.position, self.job.page_id, steps[position].index)]
        if kind == "step" and position == expected and expected < len(steps) and not steps[position].observes:
            outcome = _step_outcome(message.get("outcome"), steps[position].index)
            if (outcome.status == "skipped") != (position not in self._started):
                raise ProtocolError(f"a result for step position {position} that does not match its start")
            record.outcomes[position] = outcome
            peak = message.get("peak_rss_mb")
            record.peak_rss_mb = max(record.peak_rss_mb, peak if isinstance(peak, (int, float)) else 0.0)
            record.in_step = False
            if outcome.status != "memory":  # after a MemoryError the page ends in that step
                self._enter_phase(position + 1, now)
            return [StepFinished(self.position, self.job.page_id, outcome)]
        if kind == "observed" and position == expected and position in self._started and steps[position].observes:
            record.observations[position] = _observation(message.get("values"), steps[position])
            record.in_step = False
            self._enter_phase(position + 1, now)
            return []
        if kind == "done" and (expected == len(steps) or record.setup_error is not None or _out_of_memory(record)):
            record.teardown_error = _text_or_none(message.get("teardown_error"))
            record.done = True
            return []
        raise ProtocolError(f"an unexpected {kind!r} message (position {position!r}, expected {expected})")

    def _enter_phase(self, position: int, now: float) -> None:
        self.record.phase, self.record.phase_started = position, now
        self._deadline = now + self.record.phase_timeout_s()

    def _enforce_memory(self, poll_interval_s: float) -> None:
        now = time.monotonic()
        if now < self._next_rss_poll:
            return
        self._next_rss_poll = now + poll_interval_s
        rss = tree_rss_mb(self._process)
        self.record.peak_rss_mb = max(self.record.peak_rss_mb, rss)
        if rss > self.job.memory_limit_mb:
            self._stop("memory")

    def _stop(self, reason: str) -> None:
        """End the page for `reason`: its stack is dumped first, except when it tampered."""
        self.record.stopped_for = reason
        if reason != "tampered" and not self._has_exited():
            try:
                os.kill(self.pid, DUMP_SIGNAL)
                time.sleep(DUMP_GRACE_S)
            except ProcessLookupError:
                pass
        self._kill()

    def _has_exited(self) -> bool:
        """Whether the page process has ended, leaving it unreaped (its pid stays ours)."""
        try:
            return os.waitid(os.P_PID, self.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
        except ChildProcessError:
            return True

    def _kill(self) -> None:
        if not self._has_exited():
            os.kill(self.pid, signal.SIGKILL)
            self._killed = True
        self._reap()

    def _reap(self) -> None:
        if self.record.wait_status is None:
            try:
                status = os.waitpid(self.pid, 0)[1]
            except ChildProcessError:
                status = None
            self.record.wait_status = status
            self.record.ended_by_runner = (
                self._killed and status is not None and os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
            )
        self._ended = True

    def _close(self) -> None:
        if self._namespace is not None:
            self._namespace.close()  # ends whatever the page left running
        os.close(self.reader.fd)
        self.dirs.remove()

    def _finish(self) -> list[RunEvent]:
        self._reap()
        events = self._read()  # what it sent before it ended
        remains = read_remains(self.dirs)
        self.outcome = conclude(self.record, remains, self.dirs.kept_workdir, time.monotonic())
        self._close()
        reported = set(self.record.outcomes)
        positions = [position for position, step in enumerate(self.job.steps) if not step.observes]
        events += [
            StepFinished(self.position, self.job.page_id, step)
            for position, step in zip(positions, self.outcome.steps)
            if position not in reported
        ]
        events.append(PageFinished(self.position, self.outcome))
        return events


def _out_of_memory(record: PageRecord) -> bool:
    return any(outcome.status == "memory" for outcome in record.outcomes.values())


def _text_or_none(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise ProtocolError(f"a text field holding {type(value).__name__}")


def _observation(values: Any, step: StepJob) -> Observation:
    if not isinstance(values, dict) or set(values) != set(step.expressions):
        raise ProtocolError(f"observation {step.name!r} with values that are not its expressions'")
    return Observation(step.name, step.index, values)


def _step_outcome(data: Any, index: int) -> StepOutcome:
    try:
        outcome = StepOutcome.from_dict(data)
        json.dumps(outcome.to_dict())
    except Exception as error:  # noqa: BLE001 - any malformed result is the same breach
        raise ProtocolError(f"a malformed step result ({type(error).__name__})") from None
    if outcome.index != index or outcome.status not in ("ok", "error", "memory", "skipped"):
        raise ProtocolError(f"a step result for step {outcome.index!r} with status {outcome.status!r}")
    return outcome
