"""Fidelity of what the stand-ins give a page: a long training fits the step's time and still
checkpoints where the page expects, a photo host's download without a suffix is a picture,
datasets rows look as the real ones print, and the real dataset's schema under datasets 4
(a Sequence of a dict is a dict of Lists) is drift the page is told about."""

from __future__ import annotations

import pytest

from polydoctest.pipeline import RunReport
from polydoctest.run import Runner

from pipeline_pages import fence, page_results, run_pages, write_page

pytestmark = pytest.mark.xdist_group("fidelity")

PHOTO_URL = "https://unsplash.com/photos/AbCdEf12345/download?ixid=probe&force=true&w=640"

PAGES = {
    "long_training.md": fence(
        ">>> import os",
        ">>> from datasets import load_dataset",
        ">>> from transformers import AutoModelForSequenceClassification, AutoTokenizer, Trainer, TrainingArguments",
        '>>> tokenizer = AutoTokenizer.from_pretrained("distilbert/distilbert-base-uncased")',
        '>>> reviews = load_dataset("rotten_tomatoes", split="train").map(lambda rows: tokenizer(rows["text"], truncation=True), batched=True)',
        '>>> model = AutoModelForSequenceClassification.from_pretrained("distilbert/distilbert-base-uncased", num_labels=2)',
        '>>> args = TrainingArguments(output_dir="long_run", max_steps=2000, save_steps=1000, logging_steps=50, per_device_train_batch_size=4)',
        ">>> trainer = Trainer(model=model, args=args, train_dataset=reviews, processing_class=tokenizer)",
        ">>> result = trainer.train()",
        '>>> sorted(os.listdir("long_run"))',
        "['checkpoint-10', 'checkpoint-5']",
    ),
    "photo_host.md": fence(
        ">>> import requests",
        ">>> from PIL import Image",
        f'>>> image = Image.open(requests.get("{PHOTO_URL}", stream=True).raw)',
        ">>> image.mode",
        "'RGB'",
    ),
    "detection_labels.md": fence(
        ">>> from datasets import load_dataset",
        '>>> cppe5 = load_dataset("cppe-5")',
        '>>> categories = cppe5["train"].features["objects"].feature["category"].names',
        ">>> categories",
        "['Coverall', 'Face_Shield', 'Gloves', 'Goggles', 'Mask']",
    ),
    "segmentation_row.md": fence(
        ">>> from datasets import load_dataset",
        '>>> scenes = load_dataset("scene_parse_150", split="train[:50]")',
        ">>> scenes[0]",
        "{'image': <PIL.JpegImagePlugin.JpegImageFile image mode=RGB size=640x480 at 0x7F0000000001>,",
        " 'annotation': <PIL.PngImagePlugin.PngImageFile image mode=L size=640x480 at 0x7F0000000002>,",
        " 'scene_category': 12}",
    ),
}


@pytest.fixture(scope="module")
def report(runner: Runner, tmp_path_factory: pytest.TempPathFactory) -> RunReport:
    folder = tmp_path_factory.mktemp("fidelity")
    paths = [write_page(folder, name, "# Page\n\n" + body) for name, body in PAGES.items()]
    return run_pages(runner, *paths)


def test_a_long_training_is_cut_to_the_budget_and_still_checkpoints_where_the_page_expects(report):
    steps = page_results(report, "long_training.md")
    assert [step.verdict for step in steps] == ["passed"] * len(steps)
    arguments, listing = steps[6], steps[-1]
    (finding,) = arguments.findings
    assert finding.rule == "transformers.training-budget"  # adapted: the step still passed as written
    assert "max_steps=2000, save_steps=1000, logging_steps=50" in finding.message
    assert finding.new == "max_steps=10, save_steps=5, logging_steps=1"
    assert listing.output_check.status == "exact"  # the two checkpoints, halfway and at the end


def test_a_photo_host_download_without_a_suffix_is_a_stand_in_picture(report):
    steps = page_results(report, "photo_host.md")
    assert [step.verdict for step in steps] == ["passed"] * 4
    assert [(f.rule, f.message) for f in steps[2].findings] == [
        ("harness.stand-in", f"served a stand-in picture for {PHOTO_URL}: the real file was not checked")
    ]
    assert steps[3].output_check.status == "exact"


def test_a_sequence_feature_reached_through_feature_is_rewritten_for_datasets_4(report):
    load, _, labels, shown = page_results(report, "detection_labels.md")
    assert (load.verdict, labels.verdict, shown.verdict) == ("passed", "passed-after-rewrite", "passed")
    (finding,) = labels.findings
    assert finding.rule == "datasets.sequence-dict-feature" and "datasets 4.0" in finding.message
    assert finding.new == 'cppe5["train"].features["objects"]["category"].feature'
    assert shown.output_check.status == "exact"


def test_a_segmentation_row_prints_as_the_real_one_does(report):
    row = page_results(report, "segmentation_row.md")[-1]
    assert row.verdict == "passed"
    assert row.output_check.status == "structural", row.output_check
