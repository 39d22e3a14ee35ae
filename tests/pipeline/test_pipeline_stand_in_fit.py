"""Stand-ins fit what pages do with the real repos: a checkpoint that several pages load with
different heads is a base checkpoint, token ids a page writes out itself are in the
stand-in's vocabulary, a PEFT adapter loads over its base as the real one does, and a model
loaded by a bare name that the page never saves is the page's defect, not a stand-in the
harness lacks."""

from __future__ import annotations

import pytest

from polydoctest.pipeline import RunReport
from polydoctest.run import Runner

from pipeline_pages import fence, run_pages, write_page

pytestmark = pytest.mark.xdist_group("stand-in-fit")

PAGES = {
    "classify.md": fence(
        ">>> from transformers import BertForSequenceClassification",
        '>>> model = BertForSequenceClassification.from_pretrained("google-bert/bert-base-cased")',
        ">>> model.config.num_labels",
        "2",
    ),
    "choose.md": fence(
        ">>> from transformers import AutoModelForMultipleChoice",
        '>>> model = AutoModelForMultipleChoice.from_pretrained("google-bert/bert-base-cased")',
        ">>> type(model).__name__",
        "'BertForMultipleChoice'",
    ),
    "padding.md": fence(
        ">>> import torch",
        ">>> from transformers import AutoModelForSequenceClassification",
        '>>> model = AutoModelForSequenceClassification.from_pretrained("google-bert/bert-base-uncased")',
        ">>> input_ids = torch.tensor([[7592, 2057, 2097, 2393, 9611, 2115], [7592, 0, 0, 0, 0, 0]])",
        ">>> output = model(input_ids)",
        ">>> output.logits.shape",
        "torch.Size([2, 2])",
    ),
    "wrong_name.md": fence(
        ">>> from transformers import AutoModelForTokenClassification, pipeline",
        '>>> AutoModelForTokenClassification.from_pretrained("distilbert/distilbert-base-uncased", num_labels=3).save_pretrained("tagger-finetuned")',
        '>>> tagger = pipeline("ner", model="my_awesome_tagger")',
    ),
    "adapter.md": fence(
        ">>> from peft import PeftModel",
        ">>> from transformers import AutoModelForCausalLM",
        '>>> model = AutoModelForCausalLM.from_pretrained("facebook/opt-350m")',
        '>>> model.load_adapter("ybelkada/opt-350m-lora")',
        ">>> model.active_adapters()",
        "['default']",
        '>>> adapted = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained("facebook/opt-350m"), "ybelkada/opt-350m-lora")',
        ">>> adapted.peft_config['default'].base_model_name_or_path",
        "'facebook/opt-350m'",
        '>>> direct = AutoModelForCausalLM.from_pretrained("ybelkada/opt-350m-lora")',
        ">>> direct.active_adapters()",
        "['default']",
    ),
}


@pytest.fixture(scope="module")
def report(runner: Runner, tmp_path_factory: pytest.TempPathFactory) -> RunReport:
    folder = tmp_path_factory.mktemp("stand-in-fit")
    paths = [write_page(folder, name, "# Page\n\n" + body) for name, body in PAGES.items()]
    return run_pages(runner, *paths)


def results(report: RunReport, name: str) -> list:
    return next(run for run in report.pages if run.loaded.path.name == name).results


@pytest.mark.parametrize("name", ["classify.md", "choose.md"])
def test_a_checkpoint_loaded_by_one_head_class_here_and_another_there_serves_both(report, name):
    steps = results(report, name)
    assert [step.verdict for step in steps] == ["passed"] * len(steps)
    assert steps[-1].output_check.status == "exact"


def test_token_ids_a_page_writes_out_are_in_the_vocabulary(report):
    steps = results(report, "padding.md")
    assert [step.verdict for step in steps] == ["passed"] * len(steps)
    assert steps[-1].output_check.status == "exact"


def test_a_model_loaded_by_a_name_the_page_never_saves_is_the_pages_defect(report):
    _, train, load = results(report, "wrong_name.md")
    assert train.verdict == "passed"
    assert load.verdict == "doc-defect"
    (finding,) = load.findings
    assert finding.rule == "doc-defect.model-never-saved"
    assert finding.message == (
        "loads the model `my_awesome_tagger`, which no step of the page saves or pushes "
        "(it saves or pushes `tagger-finetuned`): load the name the page gives its model"
    )


def test_a_peft_adapter_loads_over_its_base_by_every_route_a_page_takes(report):
    steps = results(report, "adapter.md")
    assert [step.verdict for step in steps] == ["passed"] * len(steps)
    assert [steps[at].output_check.status for at in (4, 6, 8)] == ["exact"] * 3
