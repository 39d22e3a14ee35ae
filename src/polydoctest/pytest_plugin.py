"""pytest integration: `pytest docs/` collects each guide page as a file, each step as an item.

A page runs as one unit (its steps share a namespace), when its first item runs; every item
then reports its own step's verdict with the same words as `polydoctest run`:
`passed` passes, `passed-after-rewrite` and `doc-defect` are expected failures (xfail: the
page needs a fix, the step works once fixed), `skipped`, `blocked` and `unsupported` (the
harness could not verify the step) skip with their reason, `failed`/`crashed`/`timed-out` fail. With `--polydoctest-strict`, stale pages, doc defects and
output mismatches fail too. Under pytest-xdist, run with `--dist loadgroup`: every item of a
page carries the page's `xdist_group`, so a page is never split across workers.

Pages are Markdown files below a `source/{lang}/` folder (the docs tree layout), or any
`.md`/`.mdx` file when `--polydoctest` is given.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from polydoctest.check.verdict import StepResult
from polydoctest.load import PAGE_SUFFIXES, LoadedPage, load_page
from polydoctest.parse import Step
from polydoctest.report.names import step_name
from polydoctest.verdicts import Verdict

DOCS_TREE = re.compile(r"(^|/)source/[a-z]{2,3}([-_][A-Za-z]{2,4})?/")
EXPECTED_FAILURES = frozenset({Verdict.PASSED_AFTER_REWRITE, Verdict.DOC_DEFECT})
SKIPS = frozenset({Verdict.SKIPPED, Verdict.BLOCKED, Verdict.UNSUPPORTED})


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("polydoctest", "guide pages (polydoctest)")
    group.addoption("--polydoctest", action="store_true", help="collect every .md/.mdx file as a guide page")
    group.addoption(
        "--polydoctest-strict", action="store_true", help="fail on stale pages, doc defects and output mismatches"
    )
    group.addoption("--polydoctest-step-timeout", type=float, default=None, help="seconds per step")


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix not in PAGE_SUFFIXES:
        return None
    if not (parent.config.getoption("polydoctest") or DOCS_TREE.search(file_path.as_posix())):
        return None
    return GuidePage.from_parent(parent, path=file_path)


class _Runs:
    """The session's warm runner, created on first use and closed at the end."""

    def __init__(self) -> None:
        self.runner = None

    def get(self):
        if self.runner is None:
            from polydoctest.run import Runner

            self.runner = Runner().__enter__()
        return self.runner

    def close(self) -> None:
        if self.runner is not None:
            self.runner.close()


_RUNS_KEY = pytest.StashKey[_Runs]()


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_RUNS_KEY] = _Runs()


def pytest_unconfigure(config: pytest.Config) -> None:
    if _RUNS_KEY in config.stash:
        config.stash[_RUNS_KEY].close()


class GuidePage(pytest.File):
    loaded: LoadedPage | None = None
    results: dict[int, StepResult] | None = None

    def collect(self):
        self.loaded = load_page(self.path)
        group = pytest.mark.xdist_group(name=str(self.path))
        for step in self.loaded.page.steps:
            item = StepItem.from_parent(self, name=step_name(step), step=step)
            item.add_marker(group)
            yield item

    def run_once(self) -> dict[int, StepResult]:
        if self.results is None:
            from polydoctest.pipeline import Limits, run_loaded

            timeout = self.config.getoption("polydoctest_step_timeout")
            limits = Limits(step_timeout_s=timeout) if timeout else Limits()
            runner = self.config.stash[_RUNS_KEY].get()
            report = run_loaded([self.loaded], runner=runner, limits=limits)
            self.results = {result.index: result for result in report.pages[0].results}
        return self.results


class StepFailure(Exception):
    """A step's failing verdict, shown without pytest's own traceback."""


class StepItem(pytest.Item):
    def __init__(self, *, step: Step, **kwargs) -> None:
        super().__init__(**kwargs)
        self.step = step

    def runtest(self) -> None:
        result = self.parent.run_once()[self.step.index]
        strict = self.config.getoption("polydoctest_strict")
        details = self._details(result)
        check = result.output_check
        if result.verdict.fails:
            raise StepFailure(f"{result.verdict}: {details}")
        if result.verdict in SKIPS:
            pytest.skip(f"{result.verdict}: {result.reason}")
        if strict and check is not None and check.status in ("mismatch", "no-output"):
            raise StepFailure(f"output {check.status}: {details}")
        if result.verdict in EXPECTED_FAILURES:
            if strict:
                raise StepFailure(f"{result.verdict}: {details}")
            pytest.xfail(f"{result.verdict}: {details}")

    def _details(self, result: StepResult) -> str:
        lines = [result.reason or result.verdict]
        lines += [f"{self.path}:{f.line} {f.rule}: {f.message}" for f in result.findings]
        check = result.output_check
        if check is not None and check.status in ("mismatch", "no-output"):
            lines += [f"output {check.status}: {problem}" for problem in check.problems]
            if check.diff:
                lines.append(check.diff)
        return "\n".join(lines)

    def repr_failure(self, excinfo, style=None) -> str:
        if isinstance(excinfo.value, StepFailure):
            return f"{self.path}:{self.step.line_start}\n{self.step.source}\n{excinfo.value}"
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.path, self.step.line_start - 1, f"{self.path.name}: {self.name}"
