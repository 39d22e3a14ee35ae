"""API drift the translated trees show, on pages of our own: each old form runs rewritten (or is
skipped where it has no successor), and the page is told what to change."""

from __future__ import annotations

import pytest

from polydoctest.pipeline import RunReport
from polydoctest.run import Runner

from pipeline_pages import fence, page_results, page_verdicts, run_pages, write_page

pytestmark = pytest.mark.xdist_group("api_drift")

PAGES = {
    "generation_settings.md": fence(
        ">>> from transformers import BartForConditionalGeneration",
        '>>> model = BartForConditionalGeneration.from_pretrained("facebook/bart-base", forced_bos_token_id=0)',
        ">>> model.generation_config.forced_bos_token_id",
        "0",
    ),
    "asserted_output.md": fence(
        ">>> from transformers import AutoModelForSequenceClassification",
        '>>> model = AutoModelForSequenceClassification.from_pretrained("distilbert/distilbert-base-uncased-finetuned-sst-2-english")',
        '>>> assert model.config.id2label[int(model(**{"input_ids": __import__("torch").tensor([[101, 102]])}).logits.argmax())] == "NOT A LABEL"',
        ">>> assert len([1, 2]) == 3",
    ),
    "from_pt.md": fence(
        ">>> from transformers import AutoModelForSequenceClassification",
        '>>> model = AutoModelForSequenceClassification.from_pretrained("distilbert/distilbert-base-uncased")',
        '>>> model.save_pretrained("./pt_save_pretrained")',
        '>>> reloaded = AutoModelForSequenceClassification.from_pretrained("./pt_save_pretrained", from_pt=True)',
        ">>> reloaded.config.model_type",
        "'distilbert'",
    ),
    "configs.md": fence(
        ">>> from transformers import BitsAndBytesConfig, TimmBackboneConfig",
        '>>> TimmBackboneConfig("resnet50", use_pretrained_backbone=False).backbone',
        "'resnet50'",
        ">>> BitsAndBytesConfig(llm_int8_threshold=10).llm_int8_threshold",
        "10.0",
    ),
    "flax.md": fence(
        ">>> from transformers import FlaxAutoModelForCausalLM",
        '>>> model = FlaxAutoModelForCausalLM.from_pretrained("openai-community/gpt2")',
    ),
    "chat_ids_shape.md": fence(
        ">>> from transformers import AutoModelForCausalLM, AutoTokenizer",
        '>>> tokenizer = AutoTokenizer.from_pretrained("HuggingFaceH4/zephyr-7b-beta")',
        '>>> model = AutoModelForCausalLM.from_pretrained("HuggingFaceH4/zephyr-7b-beta")',
        '>>> messages = [{"role": "user", "content": "Hi"}]',
        '>>> model_inputs = tokenizer.apply_chat_template(messages, add_generation_prompt=True, return_tensors="pt")',
        ">>> input_length = model_inputs.shape[1]",
        ">>> model.generate(model_inputs, max_new_tokens=2).shape[1] > input_length",
        "True",
    ),
    "pipeline_calls.md": fence(
        ">>> from PIL import Image",
        ">>> from transformers import pipeline",
        '>>> vision_classifier = pipeline("image-classification", model="google/vit-base-patch16-224")',
        '>>> preds = vision_classifier(images=Image.new("RGB", (32, 32), "white"))',
        '>>> sorted(preds[0])',
        "['label', 'score']",
        '>>> classifier = pipeline("text-classification")',
        '>>> classifier(model="distilbert/distilbert-base-uncased-finetuned-sst-2-english")',
        '>>> from datasets import Dataset',
        '>>> from transformers.pipelines.pt_utils import KeyDataset',
        '>>> rows = Dataset.from_dict({"text": ["good", "bad"]})',
        '>>> len([out for out in classifier(KeyDataset(rows["text"]))])',
        "2",
        '>>> writer = pipeline("text-generation", model="openai-community/gpt2")',
        '>>> writer("Hello", max_new_tokens=2)["generated_text"].startswith("Hello")',
        "True",
    ),
}


@pytest.fixture(scope="module")
def report(runner: Runner, tmp_path_factory: pytest.TempPathFactory) -> RunReport:
    folder = tmp_path_factory.mktemp("api_drift")
    return run_pages(runner, *(write_page(folder, name, "# Page\n\n" + body) for name, body in PAGES.items()))


def rules(report: RunReport, name: str) -> set[str]:
    return {finding.rule for result in page_results(report, name) for finding in result.findings}


def test_generation_settings_given_to_from_pretrained_reach_the_generation_config(report):
    assert page_verdicts(report, "generation_settings.md") == ["passed", "passed-after-rewrite", "passed"]
    finding = next(f for f in page_results(report, "generation_settings.md")[1].findings if f.rule == "transformers.generation-keywords")
    assert "`forced_bos_token_id=`" in finding.message
    assert finding.new == 'generation_config=GenerationConfig.from_pretrained("facebook/bart-base", forced_bos_token_id=0)'


def test_the_tensorflow_tabs_from_pt_is_a_page_bug_dropped_and_named(report):
    """`from_pt=` fails on every release of a PyTorch class: the page is wrong, not stale."""
    assert page_verdicts(report, "from_pt.md") == ["passed", "passed", "passed", "doc-defect", "passed"]
    step = page_results(report, "from_pt.md")[3]
    assert step.reason == "ran after the remedy dropping `from_pt=True`"
    finding = next(f for f in step.findings if f.rule == "doc-defect.from-pt")
    assert "TensorFlow" in finding.message and "drop it" in finding.message and finding.new == ""


def test_an_integer_threshold_is_a_page_bug_and_a_positional_backbone_drift(report):
    """The threshold was refused on every release (remedied: a doc defect); the backbone
    argument changed in a release (rewritten: the page is stale)."""
    assert page_verdicts(report, "configs.md") == ["passed", "passed-after-rewrite", "doc-defect"]
    backbone, threshold = page_results(report, "configs.md")[1:]
    assert backbone.reason == "rewritten: transformers.timm-backbone-positional"
    assert threshold.reason == "ran after the remedy `llm_int8_threshold=10.0`"
    assert [f.rule for f in threshold.findings] == ["doc-defect.int8-threshold-float"]
    assert "write it as a float" in threshold.findings[0].message


def test_flax_classes_are_skipped_as_removed(report):
    assert page_verdicts(report, "flax.md") == ["skipped", "skipped"]
    assert "Flax support was removed in transformers 5.0" in page_results(report, "flax.md")[0].reason


def test_chat_template_ids_asked_for_their_shape_are_taken_from_the_batch_encoding(report):
    assert page_verdicts(report, "chat_ids_shape.md") == ["passed"] * 5 + ["passed-after-rewrite"] * 2
    assert "transformers.chat-template-ids" in rules(report, "chat_ids_shape.md")


def test_pipeline_calls_the_trees_get_wrong_are_rewritten_and_named(report):
    assert page_verdicts(report, "pipeline_calls.md") == ["passed"] * 3 + ["passed-after-rewrite", "passed", "passed"] + [
        "doc-defect",
        "passed",
        "passed",
        "passed",
        "doc-defect",
        "passed",
        "doc-defect",
    ]
    assert {
        "doc-defect.pipeline-result-list",
        "transformers.pipeline-images-keyword",
        "doc-defect.pipeline-called-with-model",
        "doc-defect.key-dataset-column",
    } <= rules(report, "pipeline_calls.md")


def test_an_assert_on_a_stand_ins_output_is_unsupported_and_a_plain_one_fails(report):
    assert page_verdicts(report, "asserted_output.md") == ["passed", "passed", "unsupported", "failed"]
    assert "which a stand-in cannot reproduce" in page_results(report, "asserted_output.md")[2].reason
