"""The main job on the five bundled guides, as a translator reads its verdicts.

Acceptance of the run: every PyTorch step ends passed, passed after a drift rewrite, or as a
doc defect with its remedy applied; nothing fails; no TensorFlow step runs; the stale API use
of the ko/zh pages and the quicktour is rewritten and reported; the missing `import torch` is a
doc defect; the quicktour's speech recognition runs on real audio.
"""

from __future__ import annotations

import pytest

from polydoctest.pipeline import PageRun, RunReport

pytestmark = pytest.mark.xdist_group("seeds")

RUNS_OK = {"passed", "passed-after-rewrite", "doc-defect"}


def page(report: RunReport, suffix: str) -> PageRun:
    return next(run for run in report.pages if str(run.loaded.path).endswith(suffix))


def rules_rewritten(run: PageRun) -> set[str]:
    return {
        finding.rule
        for result in run.results
        if result.verdict == "passed-after-rewrite"
        for finding in result.findings
        if finding.new is not None
    }


def test_every_page_completes_and_nothing_fails(seed_report: RunReport):
    assert len(seed_report.pages) == 5
    for run in seed_report.pages:
        assert run.outcome.status == "ok", run.outcome.message
        bad = [(r.index, r.verdict, r.reason) for r in run.results if r.verdict in ("failed", "crashed", "timed-out")]
        assert bad == [], run.loaded.path


def test_every_pytorch_step_runs(seed_report: RunReport):
    for run in seed_report.pages:
        plans = {plan.step.index: plan for plan in run.plans}
        for result in run.results:
            step = plans[result.index].step
            if step.kind == "shell" or step.framework == "tf":
                continue
            if result.verdict in ("skipped", "blocked"):
                # Only untagged TensorFlow code may be skipped among untagged steps.
                assert "TensorFlow" in (result.reason or ""), (run.loaded.path, step.line_start, result.reason)
            else:
                assert result.verdict in RUNS_OK, (run.loaded.path, step.line_start, result.verdict, result.reason)


def test_no_tensorflow_step_is_executed(seed_report: RunReport):
    tf_steps = 0
    for run in seed_report.pages:
        outcomes = {outcome.index: outcome for outcome in run.outcome.steps}
        for plan in run.plans:
            if plan.step.framework == "tf":
                tf_steps += 1
                assert not plan.runs
                assert outcomes[plan.step.index].status == "skipped"
    assert tf_steps > 80  # the tagged TensorFlow tabs of four pages


def test_untagged_tensorflow_in_the_quicktour_is_skipped_with_its_reason(seed_report: RunReport):
    run = page(seed_report, "ar/quicktour.md")
    by_line = {plan.step.line_start: plan for plan in run.plans}
    for line in (211, 274, 277, 402, 404, 426, 434, 436, 437):
        assert not by_line[line].runs
        assert "TensorFlow" in by_line[line].skip_reason


@pytest.mark.parametrize("suffix", ["ko/tasks/sequence_classification.md", "zh/tasks/sequence_classification.md"])
def test_stale_training_api_is_rewritten_and_reported(seed_report: RunReport, suffix: str):
    assert {"transformers.eval-strategy", "transformers.trainer-tokenizer"} <= rules_rewritten(page(seed_report, suffix))


def test_quicktour_trainer_tokenizer_is_rewritten(seed_report: RunReport):
    assert "transformers.trainer-tokenizer" in rules_rewritten(page(seed_report, "ar/quicktour.md"))


def test_arabic_text_classification_needs_no_rewrite(seed_report: RunReport):
    assert rules_rewritten(page(seed_report, "ar/tasks/sequence_classification.md")) == set()


@pytest.mark.parametrize(
    "suffix",
    [
        "ar/tasks/sequence_classification.md",
        "ko/tasks/sequence_classification.md",
        "zh/tasks/sequence_classification.md",
        "ar/tasks/token_classification.md",
    ],
)
def test_missing_import_torch_is_a_doc_defect_with_its_fix(seed_report: RunReport, suffix: str):
    run = page(seed_report, suffix)
    defects = [r for r in run.results if r.verdict == "doc-defect"]
    assert len(defects) == 1
    (finding,) = [f for f in defects[0].findings if f.rule == "doc-defect.missing-import"]
    assert finding.new == "import torch"
    assert "torch" in finding.message


def test_quicktour_speech_recognition_runs_on_audio(seed_report: RunReport):
    run = page(seed_report, "ar/quicktour.md")
    results = {r.index: r for r in run.results}
    asr = [p for p in run.plans if "speech_recognizer(dataset" in p.step.source]
    assert asr, "the quicktour's ASR step"
    result = results[asr[0].step.index]
    assert result.verdict == "passed", result.reason
    printed = next(p for p in run.plans if p.step.source.startswith("print([d[\"text\"]"))
    assert results[printed.step.index].output_check.status in ("exact", "structural")


def test_findings_point_at_page_lines_holding_the_old_code(seed_report: RunReport):
    for run in seed_report.pages:
        lines = run.loaded.reading.text.splitlines()
        for result in run.results:
            for finding in result.findings:
                if finding.rule.startswith(("transformers.eval", "transformers.trainer-tokenizer")):
                    assert finding.old.split("=")[0].strip() in lines[finding.line - 1], (run.loaded.path, finding)
