"""Helpers for the pipeline tests: pages written in a docs-tree layout, and running them. The
session's runner and its run of the bundled guides (`runner`, `seed_report`) are fixtures of the
top-level conftest, shared with the reference tests."""

from __future__ import annotations

from pathlib import Path

from polydoctest.load import load_page
from polydoctest.pipeline import Limits, RunReport, run_loaded
from polydoctest.run import Runner


def write_page(folder: Path, name: str, body: str) -> Path:
    """A page in a docs tree layout (`source/en/`), so its language is known from its path."""
    path = folder / "source" / "en" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body, encoding="utf-8")
    return path


def fence(*lines: str) -> str:
    return "```py\n" + "\n".join(lines) + "\n```\n"


def run_pages(runner: Runner, *paths: Path, limits: Limits = Limits()) -> RunReport:
    return run_loaded([load_page(path) for path in paths], runner=runner, limits=limits)


def page_results(report: RunReport, name: str) -> list:
    """The step results of the page named `name` in `report`."""
    return [result for run in report.pages if run.loaded.path.name == name for result in run.results]


def page_verdicts(report: RunReport, name: str) -> list[str]:
    return [result.verdict for result in page_results(report, name)]
