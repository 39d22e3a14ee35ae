"""The warm parent's own loop: import the heavy libraries once, then fork one process per
page, up to `workers` at a time, and supervise them until each page has an outcome.

`ForkingRunner` forks from the process it lives in. That process must be clean: a process
that has used threads or OpenMP (a pytest worker after other tests, say) can hand a lock held
by another thread to the child, which then hangs. So callers use `Runner` (in `remote.py`),
which starts a fresh interpreter as the warm parent and runs a `ForkingRunner` there.
Pages cannot take the parent down: each runs sandboxed in namespaces of its own (see
`sandbox.py`, `pidns.py`), is the OOM killer's first pick, and what it writes to the runner is
checked (`supervise.py`).
"""

from __future__ import annotations

import select
from collections import deque
from typing import Callable, Sequence

from polydoctest.run.events import PageStarted, RunEvent
from polydoctest.run.job import PageJob
from polydoctest.run.outcome import PageOutcome
from polydoctest.run.supervise import PageProcess
from polydoctest.run.warm import DEFAULT_WARM_IMPORTS, PAGE_THREADS, WarmReport, preload, warm_up

OnEvent = Callable[[RunEvent], None]


class ForkingRunner:
    def __init__(
        self,
        *,
        workers: int = 1,
        warm_imports: Sequence[str] = DEFAULT_WARM_IMPORTS,
        poll_interval_s: float = 0.05,
    ) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.workers = workers
        self.warm_imports = tuple(warm_imports)
        self.poll_interval_s = poll_interval_s
        self.warm_report: WarmReport | None = None
        self._live: list[PageProcess] = []

    def __enter__(self) -> ForkingRunner:
        self.warm()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def warm(self) -> WarmReport:
        """Import the warm libraries into this process (once)."""
        if self.warm_report is None:
            self.warm_report = warm_up(self.warm_imports, PAGE_THREADS)
        return self.warm_report

    def close(self) -> None:
        """Kill the page processes of an interrupted `run`."""
        while self._live:
            self._live.pop().kill()

    def run(self, jobs: Sequence[PageJob], on_event: OnEvent | None = None) -> list[PageOutcome]:
        """Run every page; the outcomes come back in the order of `jobs`."""
        self.warm()
        preload(job.setup.target.partition(":")[0] for job in jobs if job.setup is not None)
        emit = on_event or (lambda event: None)
        outcomes: list[PageOutcome | None] = [None] * len(jobs)
        waiting = deque(enumerate(jobs))
        try:
            while waiting or self._live:
                while waiting and len(self._live) < self.workers:
                    position, job = waiting.popleft()
                    self._live.append(PageProcess(job, position, PAGE_THREADS))
                    emit(PageStarted(position, job.page_id, len(job.page_steps)))
                select.select([fd for page in self._live for fd in page.fds()], [], [], self.poll_interval_s)
                for page in list(self._live):
                    events = page.poll(self.poll_interval_s)
                    if page.outcome is not None:
                        outcomes[page.position] = page.outcome
                        self._live.remove(page)
                    for event in events:
                        emit(event)
        finally:
            self.close()
        return outcomes  # type: ignore[return-value]  # every position is filled by now
