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
from polydoctest.report.html import run_html
from test_reference_html import ARTIFACTS, Tags, chromium  # noqa: F401 (a fixture)

TREE = Path(__file__).resolve().parent / "originals" / "source"
PAGE = Path("tasks") / "sentence_embeddings.md"
SAVE_STEP = '```python\nmodel.save_pretrained("my_embedding_model")\ntokenizer.save_pretrained("my_embedding_model")\n```\n'
EDITS = (
    (SAVE_STEP, ""),
    ("learning_rate=2e-5", "learning_rate=3e-5"),
    ('checkpoint = "distilbert/distilbert-base-uncased"', 'checkpoint = "google-bert/bert-base-uncased"'),
    ('inputs = tokenizer(dataset[0]["text"]', 'inputs = tokenizer(데이터셋[0]["text"]'),
)


# A translation made from an older original: its embedding section pooled with a pipeline the
# original no longer uses, and a quote in the tokenize step typed as a typographic one.
EMBEDDING_STEPS = (
    '```python\nfrom transformers import AutoModel\n\nmodel = AutoModel.from_pretrained(checkpoint)\n```\n\n'
    "리뷰의 임베딩은 마지막 은닉 상태의 평균입니다.\n\n"
    '```python\nimport torch\n\ninputs = tokenizer(dataset[0]["text"], return_tensors="pt")\nwith torch.no_grad():\n'
    "    embeddings = model(**inputs).last_hidden_state.mean(dim=1)\n```\n"
)
OLDER_EMBEDDING_STEPS = (
    '```python\nfrom transformers import pipeline\n\nextractor = pipeline("feature-extraction", model=checkpoint)\n'
    "model = extractor.model\n```\n\n"
    "특징 추출 파이프라인으로 리뷰의 특징을 얻습니다.\n\n"
    '```python\nfeatures = extractor(dataset[0]["text"], return_tensors=True)\n```\n'
)
SAVE_INTRO = "인코더와 토크나이저를 함께 저장합니다.\n"
# Two steps of the translation's own before the save, under the fine-tuning heading.
OWN_STEPS = (
    '```python\nimport numpy as np\n\nscores = np.zeros(3)\n```\n\n'
    "```python\nscores = np.maximum(scores, 1.0)\n```\n\n"
)
OLDER_EDITS = (
    (EMBEDDING_STEPS, OLDER_EMBEDDING_STEPS),
    (SAVE_INTRO, OWN_STEPS + SAVE_INTRO),
    ('return tokenizer(examples["text"]', "return tokenizer(examples[\u201ctext\u201d]"),
)


def edited(tree: Path, edits: tuple[tuple[str, str], ...]) -> Path:
    """A copy of the test tree whose Korean page has `edits` made, each exactly once."""
    shutil.copytree(TREE, tree)
    text = (tree / "ko" / PAGE).read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    (tree / "ko" / PAGE).write_text(text, encoding="utf-8")
    return tree / "ko"


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """One run of the faithful translation, the altered one and one made from an older original,
    each in a docs tree of its own beside the same English original."""
    folder = tmp_path_factory.mktemp("trees")
    trees = [edited(folder / name / "source", edits) for name, edits in (("faithful", ()), ("altered", EDITS), ("older", OLDER_EDITS))]
    json_path = folder / "run.json"
    main(["run", *map(str, trees), "-j", "2", "--json", str(json_path)])
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


def test_a_part_the_original_rewrote_and_code_that_no_longer_parses_are_one_finding_each(run):
    """The older embedding section is reported once, as a part to translate again, not as two
    steps missing beside two steps added; the tokenize step whose quote was typed as a
    typographic one is that step, broken, not a step missing beside a step added; the two steps
    the translation adds under one heading are one finding."""
    reference = run["older"]["reference"]
    assert [f["kind"] for f in reference["findings"]] == ["unparsed", "outdated", "extra"]
    unparsed, outdated, own = reference["findings"]
    assert "code that no longer parses" in unparsed["message"] and "\u201ctext\u201d" in unparsed["page_code"]
    assert "def tokenize(examples):" in unparsed["reference_code"]
    assert outdated["message"].startswith("section «Embed»: the page does this part differently")
    assert "AutoModel.from_pretrained" in outdated["reference_code"] and "feature-extraction" in outdated["page_code"]
    assert "last_hidden_state.mean" in outdated["reference_code"] and "features = extractor" in outdated["page_code"]
    # The alignment still says which steps have no counterpart; the findings say it once.
    assert [extra["page_step"] for extra in reference["extra"]] == [3, 6, 7] and len(reference["missing"]) == 2
    assert own["page_steps"] == [6, 7] and own["message"].startswith("section «미세 조정 준비»: 2 page steps (6, 7)")
    assert "`numpy.zeros`" in own["message"] and "np.maximum" in own["page_code"]
    verified = {step["reference_step"] for step in reference["aligned"] if step["verification"] == "verified"}
    assert len(verified) == 4  # the reviews, the tokenizer, the training arguments, the save


def test_the_matrix_has_the_original_as_its_english_column(run):
    """Reference steps down; the translations, then the English original as the reference,
    across: the original's cells say how its steps ran, the pages' whether they match."""
    matrices = {Path(matrix["guide"]).parts[-5]: matrix for matrix in run["record"]["matrices"]}
    assert sorted(matrices) == ["altered", "faithful", "older"]  # each tree has its own original
    for tree, matrix in matrices.items():
        assert [(column["label"], column["reference"]) for column in matrix["columns"]] == [("ko", False), ("en", True)]
        assert Path(matrix["columns"][1]["path"]).parts[-5:] == (tree, "source", "en", "tasks", "sentence_embeddings.md")
        for row in matrix["rows"]:
            assert (row["cells"]["en"]["verdict"], row["cells"]["en"]["verification"]) == ("passed", "reference")
    assert {row["cells"]["ko"]["verification"] for row in matrices["faithful"]["rows"]} == {"verified"}
    older = [row["cells"]["ko"]["verification"] for row in matrices["older"]["rows"]]
    assert older.count("missing") == 2 and older.count("mismatch") == 1
    html = run_html(run["record"])
    assert html.count(">ko</th>") == 3 and html.count(">en (reference)</th>") == 3
    assert html.count("class='cell reference v-passed'") == sum(len(matrix["rows"]) for matrix in matrices.values())


def test_the_report_with_the_english_column_renders_in_headless_chromium(run, chromium):
    """The three trees' report in a real browser (the screenshot is kept): each matrix has the
    Korean page and the English original's own column, and each finding its code beside the
    original's."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    report = ARTIFACTS / "original-report.html"
    screenshot = ARTIFACTS / "original-report.png"
    report.write_text(run_html(run["record"]), encoding="utf-8")
    screenshot.unlink(missing_ok=True)
    shot = chromium(f"--screenshot={screenshot}", "--window-size=1400,3000", report.as_uri())
    assert shot.returncode == 0, shot.stderr[-2000:]
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    dom = chromium("--dump-dom", report.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    cells = [c for c in Tags(dom.stdout).classes("td") if c.startswith("cell ")]
    rows = sum(len(matrix["rows"]) for matrix in run["record"]["matrices"])
    assert len(cells) == 2 * rows and cells.count("cell reference v-passed") == rows
    assert dom.stdout.count("code that no longer parses") >= 1 and "section «Embed»" in dom.stdout


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
