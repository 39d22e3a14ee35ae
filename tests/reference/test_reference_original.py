"""A translated page that is no hand-written guide is held against its English original, found
as its `en/` twin in the docs tree: a faithful Korean translation has no finding, and an
altered copy (one step deleted, one learning rate changed, one checkpoint renamed, one
identifier translated) has exactly those four."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from polydoctest.cli import main

TREE = Path(__file__).resolve().parent / "originals" / "source"
PAGE = Path("tasks") / "sentence_embeddings.md"
SAVE_STEP = '```python\nmodel.save_pretrained("my_embedding_model")\ntokenizer.save_pretrained("my_embedding_model")\n```\n'
EDITS = (
    (SAVE_STEP, ""),
    ("learning_rate=2e-5", "learning_rate=3e-5"),
    ('checkpoint = "distilbert/distilbert-base-uncased"', 'checkpoint = "google-bert/bert-base-uncased"'),
    ('inputs = tokenizer(dataset[0]["text"]', 'inputs = tokenizer(데이터셋[0]["text"]'),
)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """One run of the faithful translation and the altered one, each in a docs tree of its own
    beside the same English original."""
    folder = tmp_path_factory.mktemp("trees")
    faithful = folder / "faithful" / "source"
    altered = folder / "altered" / "source"
    shutil.copytree(TREE, faithful)
    shutil.copytree(TREE, altered)
    text = (altered / "ko" / PAGE).read_text(encoding="utf-8")
    for old, new in EDITS:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    (altered / "ko" / PAGE).write_text(text, encoding="utf-8")
    json_path = folder / "run.json"
    main(["run", str(faithful / "ko"), str(altered / "ko"), "-j", "2", "--json", str(json_path)])
    record = json.loads(json_path.read_text(encoding="utf-8"))
    return {Path(page["path"]).parts[-5]: page for page in record["pages"]} | {"record": record}


def test_the_page_is_held_against_its_english_original(run):
    reference = run["faithful"]["reference"]
    assert reference["source"] == "original"
    assert Path(reference["original_path"]).parts[-3:] == ("en", "tasks", "sentence_embeddings.md")
    assert all(reference_run["passed"] for reference_run in run["record"]["references"])
    assert [p["path"] for p in run["record"]["pages"] if "/en/" in p["path"]] == []  # the original is no page of the run


def test_a_faithful_translation_has_no_finding(run):
    reference = run["faithful"]["reference"]
    assert reference["findings"] == [] and reference["mismatches"] == []
    assert {step["verification"] for step in reference["aligned"]} == {"verified"}
    assert len(reference["aligned"]) == 7


def test_the_altered_copy_has_exactly_its_four_changes(run):
    findings = run["altered"]["reference"]["findings"]
    assert [f["kind"] for f in findings] == ["code-differs", "translated", "code-differs", "missing"]
    checkpoint, identifier, learning_rate, missing = findings
    assert "google-bert/bert-base-uncased" in checkpoint["message"] and "distilbert/distilbert-base-uncased" in checkpoint["message"]
    assert "`데이터셋`, which no step of the page defines (the reference reads `dataset` there)" in identifier["message"]
    assert "`learning_rate` is `3e-05`, the reference has `2e-05`" in learning_rate["message"]
    assert "model.save_pretrained" in missing["reference_code"] and missing["page_code"] == ""


def test_a_changed_checkpoint_changes_what_the_model_step_observes(run):
    """The model loads the renamed checkpoint: its observed config differs, as a consequence of
    the checkpoint's step, not as a finding of its own."""
    reference = run["altered"]["reference"]
    model = next(m for m in reference["mismatches"] if m["observation"] == "model")
    assert model["reference_value"]["type"] == "DistilBertModel" and model["page_value"]["type"] == "BertModel"
    assert reference["findings"][0]["reference_step"] in model["caused_by"]
    learning_rate = next(m for m in reference["mismatches"] if m["observation"] == "training_args")
    assert learning_rate["reference_value"]["settings"]["learning_rate"] == 2e-05
    assert learning_rate["page_value"]["settings"]["learning_rate"] == 3e-05


def test_an_original_that_is_a_hand_written_guide_names_that_guide(tmp_path):
    """The stronger check is kept: an original with a guide's code and its upstream file name is
    that guide; the same code under a name no guide has is held as an original of its own."""
    from polydoctest.drift import installed_versions
    from polydoctest.load import load_page
    from polydoctest.plan import plan_page
    from polydoctest.reference.original import held_against

    guide_page = Path(__file__).resolve().parents[2] / "docs" / "source" / "ar" / "tasks" / "sequence_classification.md"
    renamed = tmp_path / "chapter-7.md"
    renamed.write_bytes(guide_page.read_bytes())
    versions = installed_versions()
    for path, expected in ((guide_page, "text-classification"), (renamed, f"original:{renamed}")):
        loaded = load_page(path)
        identification, original = held_against(loaded.page, plan_page(loaded.page, versions))
        assert identification.guide.id == expected
        assert (original is None) == (expected == "text-classification")
