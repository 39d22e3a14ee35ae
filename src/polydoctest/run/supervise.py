"""The parent's handle on one page process: fork it, follow its messages, enforce its limits.

Deadlines follow the page's messages: a step start, or a message that moves the page on,
sets the deadline of the phase it is in, so a page hung anywhere (in a step, between steps,
in C code that ignores signals) is killed. Killing is: the dump signal (faulthandler writes the
page's stack), a short grace, then SIGKILL to the page's whole process group. The group is
killed when a page ends normally too, which removes subprocesses the page left behind. The
page process is reaped only after its group was killed, so the group id cannot be reused.
"""

from __future__ import annotations

import os
import signal
import time
from typing import Sequence

import psutil

from polydoctest.run.child import DUMP_SIGNAL, INTERNAL_ERROR, page_main
from polydoctest.run.events import PageFinished, RunEvent, StepFinished, StepStarted
from polydoctest.run.job import PageJob
from polydoctest.run.limits import tree_rss_mb
from polydoctest.run.outcome import PageOutcome, StepOutcome
from polydoctest.run.postmortem import read_remains
from polydoctest.run.scratch import PageDirs
from polydoctest.run.verdict import PageRecord, conclude
from polydoctest.run.wire import MessageReader

DUMP_GRACE_S = 0.2


class PageProcess:
    def __init__(
        self, job: PageJob, position: int, threads: int, foreign_fds: Sequence[int]
    ) -> None:
        self.job, self.position = job, position
        self.dirs = PageDirs.create(job)
        read_fd, write_fd = os.pipe()
        parent_pid = os.getpid()
        started = time.monotonic()
        pid = os.fork()
        if pid == 0:  # the page process: never returns from here
            try:
                os.close(read_fd)
                page_main(job, self.dirs, write_fd, threads, parent_pid, foreign_fds)
            finally:
                os._exit(INTERNAL_ERROR)
        os.close(write_fd)
        self.pid = pid
        self.reader = MessageReader(read_fd)
        self.record = PageRecord(job, started, phase_started=started)
        self.outcome: PageOutcome | None = None
        self._process = psutil.Process(pid)
        self._deadline = started + job.step_timeout_s
        self._next_rss_poll = started
        self._started_positions: set[int] = set()
        self._exited = False

    def fileno(self) -> int:
        return self.reader.fd

    def poll(self, poll_interval_s: float) -> list[RunEvent]:
        """Read the page's messages and enforce its limits; sets `outcome` once it is over."""
        events = self._read()
        if not self._over() and self._has_exited():
            events += self._read()  # what it sent just before dying
        if not self._over():
            self._enforce_memory(poll_interval_s)
        if not self._over() and time.monotonic() > self._deadline:
            events += self._read()  # it may have moved on since the last read
            if not self._over() and time.monotonic() > self._deadline:
                self._stop("timeout")
        if self._over():
            events += self._finish()
        return events

    def kill(self) -> None:
        """Stop the page at once and clean up, with no outcome: the run was interrupted."""
        self._kill_group()
        self._reap()
        self._close()

    def _over(self) -> bool:
        return self.record.done or self._exited

    def _read(self) -> list[RunEvent]:
        record, events = self.record, []
        for message in self.reader.read():
            now = time.monotonic()
            if message["kind"] == "setup":
                record.setup_error = message["error"]
                self._enter_phase(0, now)
            elif message["kind"] == "start":
                position = message["position"]
                self._enter_phase(position, now)
                if position not in self._started_positions:  # a remedy's rerun starts again
                    self._started_positions.add(position)
                    index = self.job.steps[position].index
                    events.append(StepStarted(self.position, self.job.page_id, index))
            elif message["kind"] == "step":
                position = message["position"]
                outcome = StepOutcome.from_dict(message["outcome"])
                record.outcomes[position] = outcome
                record.peak_rss_mb = max(record.peak_rss_mb, message["peak_rss_mb"])
                self._enter_phase(position + 1, now)
                events.append(StepFinished(self.position, self.job.page_id, outcome))
            elif message["kind"] == "done":
                record.teardown_error = message["teardown_error"]
                record.done = True
        return events

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
        self.record.stopped_for = reason
        try:
            os.kill(self.pid, DUMP_SIGNAL)
            time.sleep(DUMP_GRACE_S)
        except ProcessLookupError:
            pass
        self._kill_group()
        self._reap()

    def _has_exited(self) -> bool:
        """Whether the page process has exited, leaving it unreaped."""
        try:
            status = os.waitid(os.P_PID, self.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
        except ChildProcessError:  # reaped by someone else
            status = True
        self._exited = status is not None
        return self._exited

    def _kill_group(self) -> None:
        try:
            os.killpg(self.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass

    def _reap(self) -> None:
        if self.record.wait_status is None:
            try:
                self.record.wait_status = os.waitpid(self.pid, 0)[1]
            except ChildProcessError:
                pass
        self._exited = True

    def _close(self) -> None:
        os.close(self.reader.fd)
        self.dirs.remove()

    def _finish(self) -> list[RunEvent]:
        self._kill_group()
        self._reap()
        events = self._read()  # what it sent before it was killed or died
        remains = None if self.record.ending is None else read_remains(self.dirs)
        self.outcome = conclude(self.record, remains, self.dirs.kept_workdir, time.monotonic())
        self._close()
        reported = set(self.record.outcomes)
        events += [
            StepFinished(self.position, self.job.page_id, step)
            for position, step in enumerate(self.outcome.steps)
            if position not in reported
        ]
        events.append(PageFinished(self.position, self.outcome))
        return events
