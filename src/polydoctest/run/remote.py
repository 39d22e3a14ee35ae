"""`Runner`: the warm parent as a fresh interpreter of its own, driven over a pipe.

The caller (the CLI, a pytest worker reusing it across pages) may have threads, thread pools
and locks of its own; forking pages from it could leave a page waiting forever on a lock that
another thread held at the fork. The warm parent is therefore a new `python -m
polydoctest.run.server` that only imports the libraries and forks pages. Jobs go to it and
events and outcomes come back as JSON lines; the caller's `sys.path` goes along, so setup
hooks importable by the caller are importable by the pages.

Entering a `Runner` starts the warm parent without waiting for it: its imports proceed on
another core while the caller plans its pages, and the first `run` (or `warm`) waits for the
rest of them, as a progress phase.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any, Callable, Sequence

from polydoctest import progress
from polydoctest.run.events import PageFinished, PageStarted, RunEvent, StepFinished, StepStarted
from polydoctest.run.job import PageJob
from polydoctest.run.outcome import PageOutcome, StepOutcome
from polydoctest.run.sandbox import runner_environment
from polydoctest.run.warm import DEFAULT_WARM_IMPORTS, WarmReport

OnEvent = Callable[[RunEvent], None]


def event_to_dict(event: RunEvent) -> dict[str, Any]:
    data = {name: getattr(event, name) for name in event.__dataclass_fields__}
    if isinstance(event, (StepFinished, PageFinished)):
        data["outcome"] = event.outcome.to_dict()
    return {"type": type(event).__name__, **data}


def event_from_dict(data: dict[str, Any]) -> RunEvent:
    kind, fields = data["type"], {k: v for k, v in data.items() if k != "type"}
    if kind == "StepFinished":
        return StepFinished(**{**fields, "outcome": StepOutcome.from_dict(fields["outcome"])})
    if kind == "PageFinished":
        return PageFinished(**{**fields, "outcome": PageOutcome.from_dict(fields["outcome"])})
    return {"PageStarted": PageStarted, "StepStarted": StepStarted}[kind](**fields)


class Runner:
    """Runs pages in processes forked from a dedicated warm parent, `workers` at a time."""

    def __init__(self, *, workers: int = 1, warm_imports: Sequence[str] = DEFAULT_WARM_IMPORTS) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.workers = workers
        self.warm_imports = tuple(warm_imports)
        self.warm_report: WarmReport | None = None
        self._server: subprocess.Popen[str] | None = None
        self._running = False  # jobs sent, outcomes not yet back

    def __enter__(self) -> Runner:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def start(self) -> None:
        """Start the warm parent importing the libraries, without waiting for it (once)."""
        if self._server is None and self.warm_report is None:
            self._server = subprocess.Popen(
                [sys.executable, "-m", "polydoctest.run.server"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                env=runner_environment(os.environ),  # /proc/self/environ of every page shows it
                # Ctrl-C is the caller's to handle; it stops the warm parent by `close`.
                start_new_session=True,
            )
            self._send({"workers": self.workers, "warm_imports": list(self.warm_imports), "sys_path": sys.path})

    def warm(self) -> WarmReport:
        """Start the warm parent and wait until it has imported the libraries (once)."""
        if self.warm_report is None:
            self.start()
            with progress.phase("runner warm-up: importing the libraries the pages use"):
                report = self._receive()["warm"]
            self.warm_report = WarmReport(
                tuple(report["imported"]), tuple(tuple(item) for item in report["unavailable"]), report["seconds"]
            )
        return self.warm_report

    def run(self, jobs: Sequence[PageJob], on_event: OnEvent | None = None) -> list[PageOutcome]:
        """Run every page; the outcomes come back in the order of `jobs`."""
        self.warm()
        self._send({"jobs": [job.to_dict() for job in jobs]})
        self._running = True
        while True:
            message = self._receive()
            if "event" in message:
                if on_event is not None:
                    on_event(event_from_dict(message["event"]))
            else:
                self._running = False
                return [PageOutcome.from_dict(outcome) for outcome in message["outcomes"]]

    def close(self) -> None:
        """Stop the warm parent; it takes any page still running with it."""
        server, self._server = self._server, None
        if server is None:
            return
        # Still importing, or interrupted in a run (it reads its input only between runs):
        # nothing to finish.
        if self.warm_report is None or self._running:
            server.kill()
        try:
            server.stdin.close()
            server.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            server.kill()
            server.wait()
        finally:
            server.stdout.close()

    def _send(self, message: dict[str, Any]) -> None:
        self._server.stdin.write(json.dumps(message) + "\n")
        self._server.stdin.flush()

    def _receive(self) -> dict[str, Any]:
        line = self._server.stdout.readline()
        if not line:
            code = self._server.poll()
            raise RuntimeError(f"the warm parent process ended unexpectedly (exit status {code})")
        return json.loads(line)


def run_pages(
    jobs: Sequence[PageJob],
    *,
    workers: int = 1,
    warm_imports: Sequence[str] = DEFAULT_WARM_IMPORTS,
    on_event: OnEvent | None = None,
) -> list[PageOutcome]:
    """Run pages in isolated processes forked from a fresh warm parent, `workers` at a time."""
    with Runner(workers=workers, warm_imports=warm_imports) as runner:
        return runner.run(jobs, on_event)


def run_page(job: PageJob, *, warm_imports: Sequence[str] = DEFAULT_WARM_IMPORTS) -> PageOutcome:
    return run_pages([job], warm_imports=warm_imports)[0]
