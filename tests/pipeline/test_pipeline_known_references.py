"""A run given the reference runs of an earlier one (what `run --watch` does on each save) runs
only the page, and verifies it against those references as the first run did."""

from __future__ import annotations

import pytest

from polydoctest.load import load_page
from polydoctest.pipeline import RunReport, run_loaded
from polydoctest.run import PageStarted

pytestmark = pytest.mark.xdist_group("seeds")

PAGE = "ko/tasks/sequence_classification.md"


def test_known_references_are_not_run_again(runner, seed_report: RunReport):
    (first,) = [run for run in seed_report.pages if str(run.loaded.path).endswith(PAGE)]
    started: list[str] = []
    report = run_loaded(
        [load_page(first.loaded.path)], runner=runner, reference=True, known_references=seed_report.references,
        on_event=lambda event: started.append(event.page_id) if isinstance(event, PageStarted) else None,
    )
    assert started == [str(first.loaded.path)]
    (again,) = report.pages
    assert [r.guide.id for r in report.references] == ["text-classification"]
    assert [result.verdict for result in again.results] == [result.verdict for result in first.results]
    assert again.reference.steps == first.reference.steps
