"""A deliberately altered copy of the Arabic text classification page, under a file name that
says nothing: one step deleted (the push), one learning rate changed, one checkpoint renamed.
The run finds exactly those three, each with the step, the values and both versions of code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from polydoctest.cli import main
from polydoctest.load import load_page

ARABIC = Path(__file__).resolve().parents[2] / "docs" / "source" / "ar" / "tasks" / "sequence_classification.md"
EDITS = (
    (">>> trainer.push_to_hub()\n", ""),
    ("learning_rate=2e-5", "learning_rate=5e-5"),
    ('model="stevhliu/my_awesome_model")', 'model="distilbert/distilbert-base-uncased-finetuned-sst-2-english")'),
)


@pytest.fixture(scope="module")
def altered_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, dict, str]:
    folder = tmp_path_factory.mktemp("drafts")
    text = load_page(ARABIC).reading.text
    for old, new in EDITS:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    page = folder / "chapter-7.md"
    page.write_text(text, encoding="utf-8")
    json_path, html_path = folder / "run.json", folder / "run.html"
    status = main(["run", str(page), "-j", "2", "--strict", "--json", str(json_path), "--html", str(html_path)])
    return status, json.loads(json_path.read_text(encoding="utf-8")), html_path.read_text(encoding="utf-8")


def altered_run_text(altered_run) -> str:
    _, record, _ = altered_run
    return Path(record["pages"][0]["path"]).read_text(encoding="utf-8")


def test_exactly_the_three_changes_are_found(altered_run):
    status, record, _ = altered_run
    (page,) = record["pages"]
    reference = page["reference"]
    assert reference["guide"] == "text-classification"
    assert [(f["kind"], f["reference_step"]) for f in reference["findings"]] == [
        ("code-differs", "training-args"),
        ("missing", "push"),
        ("code-differs", "pipeline-inference"),
    ]
    assert [m["reference_step"] for m in reference["missing"]] == ["push"] and reference["extra"] == []
    assert status == 1  # --strict: the page does not do what the guide does
    assert page["summary"]["failed"] == 0  # ... though every step of it runs


def test_each_finding_names_the_value_and_both_versions_of_the_code(altered_run):
    _, record, _ = altered_run
    reference = record["pages"][0]["reference"]
    args, push, checkpoint = reference["findings"]
    assert "`learning_rate` is `5e-05`, the reference has `2e-05`" in args["message"]
    assert "learning_rate=5e-5" in args["page_code"] and "learning_rate=2e-5" in args["reference_code"]
    assert args["consequences"] == ["train", "pipeline-inference", "manual-inference"]
    assert push["page_code"] == "" and "trainer.push_to_hub()" in push["reference_code"]
    assert "distilbert/distilbert-base-uncased-finetuned-sst-2-english" in checkpoint["message"]
    assert 'model="stevhliu/my_awesome_model"' in checkpoint["reference_code"]
    lines = altered_run_text(altered_run).splitlines()  # findings point at the page line to change
    assert "learning_rate=5e-5" in lines[args["line"] - 1]
    assert 'model="distilbert/distilbert-base-uncased-finetuned-sst-2-english"' in lines[checkpoint["line"] - 1]
    learning_rate = next(m for m in reference["mismatches"] if m["reference_step"] == "training-args")
    assert learning_rate["reference_value"]["learning_rate"] == 2e-05 and learning_rate["page_value"]["learning_rate"] == 5e-05
    assert learning_rate["caused_by"] == []
    inference = next(m for m in reference["mismatches"] if m["reference_step"] == "pipeline-inference")
    assert inference["reference_value"] != inference["page_value"]
    assert set(inference["caused_by"]) >= {"training-args", "push"}


def test_steps_the_changes_do_not_touch_are_still_verified(altered_run):
    _, record, _ = altered_run
    aligned = {a["reference_step"]: a for a in record["pages"][0]["reference"]["aligned"]}
    for step in ("login", "load-dataset", "tokenize", "collator", "metric", "labels", "model"):
        assert aligned[step]["verification"] == "verified" and aligned[step]["status"] == "same"
    assert aligned["train"]["status"] == "same" and aligned["train"]["verification"] == "mismatch"


def test_the_html_report_shows_the_findings_code_beside_code(altered_run):
    _, _, html = altered_run
    assert html.count("class='finding'") == 3
    assert "learning_rate=5e-5" in html and "learning_rate=2e-5" in html
    assert "<code>hyperparameters.learning_rate</code>: reference <code>2e-05</code>, page <code>5e-05</code>" in html
