"""The five bundled guides verified against their reference guides, as a translator reads it.

Acceptance: every reference passes and observes every step, twice the same; the ar, ko and zh
text classification pages align with nothing missing or extra, the matrix shows the drift on
ko/zh, the skipped TensorFlow twins and the missing import, and the values after training,
pushing and inference are exactly the reference's; the Arabic quicktour and token
classification pages account for every reference step.
"""

from __future__ import annotations

import json

import pytest
from rich.console import Console

from polydoctest.drift import installed_versions
from polydoctest.fixtures import DEFAULT_USER, ensure_home
from polydoctest.load import load_page
from polydoctest.pipeline import Limits, PageRun, RunReport, reference_job, run_loaded
from polydoctest.plan import plan_page
from polydoctest.reference import AlignedStep, MissingStep, prepare_page
from polydoctest.reference.jobs import split_observations
from polydoctest.report.records import run_record
from polydoctest.report.terminal import print_references

pytestmark = pytest.mark.xdist_group("seeds")

# The guides the bundled pages are; the other references run in test_reference_task_guides.
BUNDLED_GUIDES = {"quicktour", "text-classification", "token-classification"}
TEXT_CLASSIFICATION = ("ar/tasks/sequence_classification.md", "ko/tasks/sequence_classification.md", "zh/tasks/sequence_classification.md")
AFTER_TRAINING = ("train", "push", "pipeline-inference", "manual-inference")


def page(report: RunReport, suffix: str) -> PageRun:
    return next(run for run in report.pages if str(run.loaded.path).endswith(suffix))


def matrix(report: RunReport, guide_id: str):
    return next(m for m in report.matrices() if m.guide.id == guide_id)


def test_every_reference_passes_and_observes_every_step(seed_report: RunReport):
    assert sorted(r.guide.id for r in seed_report.references) == sorted(BUNDLED_GUIDES)
    for reference in seed_report.references:
        assert reference.passed, [(s.id, reference.failure(s.id)) for s in reference.guide.steps]
        assert list(reference.observed.values) == [s.id for s in reference.guide.steps]
        errors = [
            (step, name, value)
            for step, values in reference.observed.values.items()
            for name, value in values.items()
            if isinstance(value, dict) and "error" in value
        ]
        assert errors == []


def test_a_reference_observes_the_same_values_every_time(seed_report: RunReport, runner):
    home = ensure_home()
    jobs = [reference_job(r.guide, installed_versions(), home, DEFAULT_USER, Limits()) for r in seed_report.references]
    for reference, outcome in zip(seed_report.references, runner.run(jobs)):
        _, again = split_observations(outcome)
        assert again.values == reference.observed.values, reference.guide.id


def test_text_classification_pages_align_with_nothing_missing_or_extra(seed_report: RunReport):
    for suffix in TEXT_CLASSIFICATION:
        verification = page(seed_report, suffix).reference
        assert verification is not None and verification.alignment.guide.id == "text-classification"
        assert verification.alignment.missing == () and verification.alignment.extra == ()
        assert [a.status for a in verification.alignment.aligned] == ["same"] * 12
        assert verification.findings == () and verification.mismatches == ()


def test_the_text_classification_matrix_shows_drift_tensorflow_and_the_missing_import(seed_report: RunReport):
    table = matrix(seed_report, "text-classification")
    assert [c.label for c in table.columns] == ["ar", "ko", "zh"]
    assert all(cell.verdict is not None for cell in table.cells.values())  # no reference step missing
    for language in ("ko", "zh"):
        args, train = table.cell("training-args", language), table.cell("train", language)
        assert args.verdict == train.verdict == "passed-after-rewrite"
        assert "transformers.eval-strategy" in args.rules and "transformers.trainer-tokenizer" in train.rules
        assert len(table.cell("collator", language).tensorflow) == 2
        assert table.cell("manual-inference", language).tensorflow
    assert table.cell("training-args", "ar").verdict == "passed"
    for language in ("ar", "ko", "zh"):
        manual = table.cell("manual-inference", language)
        assert manual.verdict == "doc-defect" and "doc-defect.missing-import" in manual.rules
    console = Console(width=200, record=True, color_system=None)
    print_references(console, seed_report)
    text = console.export_text()
    assert "reference: Text classification (reference passed)" in text
    assert "eval-strategy" in text and "TF skipped ×2" in text and "missing-import" in text


def test_text_classification_values_after_training_are_exactly_the_references(seed_report: RunReport):
    reference = next(r for r in seed_report.references if r.guide.id == "text-classification")
    assert reference.observed.values["train"]["global-step"] > 0
    assert "model.safetensors" in reference.observed.values["push"]["repo"]["files"]
    for suffix in TEXT_CLASSIFICATION:
        verification = page(seed_report, suffix).reference
        for step in AFTER_TRAINING:
            check = verification.check(step)
            assert check.status == "verified" and check.mismatches == (), (suffix, step, check.reason)


@pytest.mark.parametrize("suffix", ["ar/quicktour.md", "ar/tasks/token_classification.md"])
def test_every_reference_step_is_found_or_missing_with_a_reason(seed_report: RunReport, suffix: str):
    verification = page(seed_report, suffix).reference
    guide = verification.alignment.guide
    for step in guide.steps:
        found = verification.alignment.find(step.id)
        assert isinstance(found, AlignedStep) or (isinstance(found, MissingStep) and found.reason)
    assert verification.alignment.extra == ()
    assert verification.mismatches == ()
    assert {check.status for check in verification.steps} == {"verified"}
    assert {finding.kind for finding in verification.findings} <= {"code-differs"}
    table = matrix(seed_report, guide.id)
    assert [c.label for c in table.columns] == ["ar"] and len(table.cells) == len(guide.steps)


def test_a_page_is_identified_by_content_whatever_its_file_name(seed_report: RunReport, tmp_path):
    versions = installed_versions()
    for position, run in enumerate(seed_report.pages):
        copy = tmp_path / f"draft-{position}.md"
        copy.write_text(run.loaded.reading.text, encoding="utf-8")
        loaded = load_page(copy)
        check = prepare_page(loaded.page, plan_page(loaded.page, versions))
        assert check is not None and check.identification.guide is run.reference.alignment.guide
        assert not check.identification.path_hint


def test_observation_steps_do_not_change_a_pages_verdicts(seed_report: RunReport, runner):
    observed = page(seed_report, "ar/tasks/sequence_classification.md")
    (alone,) = run_loaded([observed.loaded], runner=runner).pages
    assert alone.reference is None
    assert [(r.index, r.verdict, r.reason) for r in alone.results] == [(r.index, r.verdict, r.reason) for r in observed.results]
    assert [r.output_check and r.output_check.status for r in alone.results] == [
        r.output_check and r.output_check.status for r in observed.results
    ]
    assert [s.index for s in alone.outcome.steps] == [s.index for s in observed.outcome.steps]


def test_the_run_json_gives_each_page_its_reference(seed_report: RunReport):
    record = json.loads(json.dumps(run_record(seed_report)))
    for page_record in record["pages"]:
        reference = page_record["reference"]
        assert {"guide", "aligned", "missing", "extra", "mismatches", "findings"} <= set(reference)
        assert all({"reference_step", "page_steps", "status", "verification"} <= set(a) for a in reference["aligned"])
    ko = next(p for p in record["pages"] if p["path"].endswith("ko/tasks/sequence_classification.md"))["reference"]
    assert ko["guide"] == "text-classification" and ko["missing"] == [] and ko["mismatches"] == []
    assert {r["guide"] for r in record["references"]} == {m["guide"] for m in record["matrices"]} == BUNDLED_GUIDES
    text = next(m for m in record["matrices"] if m["guide"] == "text-classification")
    assert [c["label"] for c in text["columns"]] == ["ar", "ko", "zh"]
    cell = next(r for r in text["rows"] if r["reference_step"] == "training-args")["cells"]["ko"]
    assert cell["verdict"] == "passed-after-rewrite" and cell["verification"] == "verified"
