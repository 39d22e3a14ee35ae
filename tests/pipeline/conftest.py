"""Shared runs for the pipeline tests: the five bundled guides, run once per session.

Tests that read this run are in the `seeds` xdist group so one worker does the run."""

from __future__ import annotations

from pathlib import Path

import pytest

from polydoctest.load import find_pages, load_page
from polydoctest.pipeline import Limits, RunReport, run_loaded
from polydoctest.run import Runner

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture(scope="session")
def runner():
    with Runner(workers=2) as warm:
        yield warm


@pytest.fixture(scope="session")
def seed_report(runner: Runner) -> RunReport:
    pages = [load_page(path) for path in find_pages([DOCS])]
    return run_loaded(pages, runner=runner)


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
