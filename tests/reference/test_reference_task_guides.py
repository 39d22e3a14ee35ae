"""The task guides' references (language modeling, masked language modeling, multiple choice,
question answering, summarization, translation) run green on the fixtures, and a page of each,
written here from the reference's own code with one thing changed, is held against it: the
change is the one finding, and every step it does not touch produces the reference's values.

The pages are the drafts of `task_drafts.py`. The same drafts run on the 4.x line in
`test_reference_task_guides_4x.py`.
"""

from __future__ import annotations

import pytest
from task_drafts import CHANGES, FORGOTTEN_IMPORTS, write_drafts

from polydoctest.drift import installed_versions
from polydoctest.load import load_page
from polydoctest.pipeline import PageRun, RunReport, run_loaded
from polydoctest.reference import AlignedStep
from polydoctest.reference.guides import guide
from polydoctest.reference.jobs import left_out

pytestmark = pytest.mark.xdist_group("task-guides")


@pytest.fixture(scope="module")
def drafts_report(runner, tmp_path_factory: pytest.TempPathFactory) -> RunReport:
    pages = [load_page(path) for path in write_drafts(tmp_path_factory.mktemp("task-drafts"))]
    return run_loaded(pages, runner=runner, reference=True)


def page_of(report: RunReport, guide_id: str) -> PageRun:
    return next(run for run in report.pages if run.reference and run.reference.alignment.guide.id == guide_id)


def test_each_reference_passes_and_observes_every_step_it_runs_here(drafts_report: RunReport):
    assert sorted(r.guide.id for r in drafts_report.references) == sorted(CHANGES)
    versions = installed_versions()
    for reference in drafts_report.references:
        assert reference.passed, [(s.id, reference.failure(s.id)) for s in reference.guide.steps]
        skipped = left_out(reference.guide, versions)
        assert dict(reference.left_out) == skipped
        assert list(reference.observed.values) == [s.id for s in reference.guide.steps if s.id not in skipped]
        errors = [
            (step, name)
            for step, values in reference.observed.values.items()
            for name, value in values.items()
            if isinstance(value, dict) and "error" in value
        ]
        assert errors == [], reference.guide.id


@pytest.mark.parametrize("guide_id", list(CHANGES))
def test_the_change_is_the_one_finding_and_the_rest_is_the_references(drafts_report: RunReport, guide_id: str):
    run = page_of(drafts_report, guide_id)
    step_id, old, new, kind = CHANGES[guide_id]
    verification = run.reference
    assert not run.reference.identification.path_hint  # found by what the code does
    assert verification.alignment.missing == () and verification.alignment.extra == ()
    assert [(f.kind, f.reference_step) for f in verification.findings] == [(kind, step_id)]
    (finding,) = verification.findings
    assert new in finding.page_code and old in finding.reference_code
    assert not any(r.verdict.fails for r in run.results)
    changed = guide(guide_id).position(step_id)
    skipped = left_out(verification.alignment.guide, installed_versions())
    for position, step in enumerate(guide(guide_id).steps):
        check = verification.check(step.id)
        found = verification.alignment.find(step.id)
        assert isinstance(found, AlignedStep)
        if step.id in skipped:
            assert check.status == "not-run" and skipped[step.id] in check.reason
        elif position < changed:
            assert check.status == "verified" and found.status == "same", (step.id, check.reason, found.differences)
        elif check.mismatches and step.id != step_id:  # what differs after the change is its consequence
            assert step_id in check.caused_by, step.id


def test_a_placeholder_namespace_reads_as_the_references_and_a_forgotten_import_as_the_plans(drafts_report: RunReport):
    run = page_of(drafts_report, FORGOTTEN_IMPORTS)
    for step_id in ("training-args", "train", "pipeline-inference", "manual-inference"):
        found = run.reference.alignment.find(step_id)
        assert isinstance(found, AlignedStep) and found.status == "same", (step_id, found)
    defects = {f.rule for r in run.results for f in r.findings if f.rule.startswith("doc-defect")}
    assert defects == {"doc-defect.missing-import"}


def test_a_learning_rate_change_names_both_values_and_what_follows_from_it(drafts_report: RunReport):
    (finding,) = page_of(drafts_report, "language-modeling").reference.findings
    assert "`learning_rate` is `5e-05`, the reference has `2e-05`" in finding.message
    assert {"train", "perplexity", "push"} <= set(finding.consequences)
