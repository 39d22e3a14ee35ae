"""Honest verdicts: what the harness cannot verify is `unsupported` (never the page's failure),
what the page gets wrong is a doc defect (remedied where the remedy is obvious), and GPU code
runs on the CPU or is skipped with its reason."""

from __future__ import annotations

import json

import pytest
from rich.console import Console

from polydoctest.pipeline import RunReport
from polydoctest.report.junit import junit_tree
from polydoctest.report.records import run_failed, run_record
from polydoctest.report.terminal import print_run
from polydoctest.run import Runner

from pipeline_pages import fence, page_results, page_verdicts, run_pages, write_page

pytestmark = pytest.mark.xdist_group("verdicts")

PAGES = {
    "unknown_model.md": fence(
        ">>> from transformers import AutoModelForSequenceClassification",
        '>>> model = AutoModelForSequenceClassification.from_pretrained("someone/an-architecture-we-lack")',
        ">>> model.config.num_labels",
        "2",
    ),
    "stale_value.md": fence(
        '>>> preds = [{"score": 0.5, "label": "cat"}]',
        ">>> from transformers import AutoModelForObjectDetection",
        '>>> detector = AutoModelForObjectDetection.from_pretrained("someone/a-detector-we-lack")',
        '>>> preds = detector("cat.png")',
        '>>> [pred["box"] for pred in preds]',
    ),
    "ocr_package.md": fence(
        ">>> from PIL import Image",
        ">>> from transformers import pipeline",
        '>>> answerer = pipeline("document-question-answering", model="impira/layoutlm-document-qa")',
        '>>> answerer(image=Image.new("RGB", (64, 64), "white"), question="What is the total?")',
    ),
    "unknown_dataset.md": fence(">>> from datasets import load_dataset", '>>> rows = load_dataset("someone/rows-we-lack")'),
    "missing_package.md": "```bash\npip install polydoctest-absent-package\n```\n\n"
    + fence(">>> import polydoctest_absent_package", ">>> polydoctest_absent_package.run()"),
    "hub_route.md": fence(
        ">>> import urllib.request",
        '>>> image = urllib.request.urlopen("https://huggingface.co/datasets/someone/images/resolve/main/cat.png", timeout=30)',
    ),
    "arabic_comma.md": fence('>>> pair = ("أ، ب"، max(1، 2))', ">>> pair", "('أ، ب', 2)"),
    "lost_prompt.md": fence(
        ">>> def pair(first, second):",
        "...     return (first, second)",
        ">>> both = pair(",
        "...     1,",
        "...     2,",
        ")",
        ">>> first = pair(",
        "...     3, 4",
        "...)[0]",
        ">>> (both, first)",
        "((1, 2), 3)",
    ),
    "repeated_code.md": fence(">>> rows = [1, 2]", ">>> rows.remove(2)") + "\n" + fence(">>> rows.remove(2)"),
    "output_in_code.md": fence(">>> scores = [0.5, 0.25]", ">>> len(scores)", "2")
    + "\n"
    + fence("[{'score': tensor([0.5000, 0.2500, ...], grad_fn=<IndexBackward0>),", "  'label': 'cat'}]"),
    "library_name.md": fence(">>> config = BertConfig(hidden_size=32)", ">>> config.hidden_size", "32"),
    "gpu.md": fence(
        ">>> import torch",
        '>>> ones = torch.ones(2).to("cuda")',
        ">>> ones.device.type",
        "'cpu'",
        ">>> import flash_attn",
    ),
    "unpushed.md": fence(
        ">>> from transformers import TrainingArguments, pipeline",
        '>>> args = TrainingArguments(output_dir="my_unpushed_model", push_to_hub=True, report_to="none")',
        '>>> raise RuntimeError("the training broke")',
        '>>> classifier = pipeline("text-classification", model="stevhliu/my_unpushed_model")',
    ),
    "quantized.md": fence(
        ">>> from transformers import AutoModelForCausalLM, BitsAndBytesConfig",
        ">>> quantization = BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type='nf4')",
        '>>> model = AutoModelForCausalLM.from_pretrained("facebook/opt-350m", quantization_config=quantization)',
        ">>> type(model.model.decoder.layers[0].fc1).__name__",
        "'Linear4bit'",
        ">>> model.generate(max_new_tokens=3).shape[0]",
        "1",
    ),
    "gpu_statistics.md": fence(
        ">>> import torch",
        ">>> torch.cuda.reset_peak_memory_stats()",
        ">>> torch.cuda.synchronize()",
        ">>> torch.ones(1).sum().item()",
        "1.0",
    ),
    "gpu_stacks.md": fence(
        ">>> import torch",
        ">>> from transformers import AutoModelForCausalLM, TorchAoConfig",
        '>>> model = AutoModelForCausalLM.from_pretrained("facebook/opt-125m", attn_implementation="flash_attention_2")',
        ">>> import flash_attn",
        '>>> quantization_config = TorchAoConfig("int4_weight_only", group_size=128)',
    ),
    "device_map.md": fence(
        ">>> from transformers import AutoModelForCausalLM",
        '>>> model = AutoModelForCausalLM.from_pretrained("facebook/opt-125m", device_map="auto")',
        ">>> model.hf_device_map",
        "{'': 'cpu'}",
    ),
    "shards.md": fence(
        ">>> import json, os, tempfile",
        ">>> from transformers import AutoModel",
        '>>> model = AutoModel.from_pretrained("google-bert/bert-base-cased")',
        ">>> with tempfile.TemporaryDirectory() as tmp_dir:",
        '...     model.save_pretrained(tmp_dir, max_shard_size="200MB")',
        "...     print(sorted(os.listdir(tmp_dir)))",
        '...     with open(os.path.join(tmp_dir, "model.safetensors.index.json")) as f:',
        "...         index = json.load(f)",
        "['config.json', 'model-00001-of-00003.safetensors', 'model-00002-of-00003.safetensors', "
        "'model-00003-of-00003.safetensors', 'model.safetensors.index.json']",
        ">>> sorted(index)",
        "['metadata', 'weight_map']",
    ),
    "launcher.md": fence(
        ">>> import os",
        '>>> rank = int(os.environ["RANK"])',
    ),
    "ocr.md": fence(">>> import pytesseract"),
    "gptq.md": fence(
        ">>> from transformers import AutoModelForCausalLM, AutoTokenizer, GPTQConfig",
        '>>> tokenizer = AutoTokenizer.from_pretrained("facebook/opt-125m")',
        '>>> gptq_config = GPTQConfig(bits=4, dataset=["a sentence to calibrate on"], tokenizer=tokenizer)',
        '>>> model = AutoModelForCausalLM.from_pretrained("facebook/opt-125m", quantization_config=gptq_config)',
    ),
    "adapter.md": fence(
        ">>> from transformers import AutoModelForCausalLM",
        '>>> model = AutoModelForCausalLM.from_pretrained("facebook/opt-350m")',
        '>>> model.load_adapter("someone/opt-350m-lora")',
    ),
    "skip_without.md": fence(
        ">>> import pytest",
        '>>> docutils = pytest.importorskip("docutils", minversion="0.3")',
    ),
    "outside_download.md": fence(
        ">>> import requests, urllib.request",
        ">>> from PIL import Image",
        '>>> image = Image.open(requests.get("http://images.cocodataset.org/val2017/000000039769.jpg", stream=True).raw)',
        '>>> archive = requests.get("https://example.org/files/data.zip")',
        '>>> text = urllib.request.urlopen("https://raw.githubusercontent.com/someone/repo/main/notes.txt", timeout=30)',
        '>>> local = urllib.request.urlopen("http://127.0.0.1:9/notes.txt", timeout=30)',
    ),
    "trl_config.md": fence(
        ">>> from trl import SFTConfig",
        '>>> args = SFTConfig(output_dir="out", report_to="none")',
        ">>> args.bf16",
        "False",
    ),
    "fine_tune_base.md": fence(
        ">>> from transformers import AutoModelForSequenceClassification",
        '>>> model = AutoModelForSequenceClassification.from_pretrained("google-bert/bert-base-cased", num_labels=5)',
        ">>> model.config.num_labels",
        "5",
    ),
    "placeholder.md": fence(
        ">>> from transformers import AutoModelForSequenceClassification",
        '>>> model = AutoModelForSequenceClassification.from_pretrained("distilbert/distilbert-base-uncased")',
        '>>> model.push_to_hub("placeholder_probe")  # doctest: +IGNORE_RESULT',
        '>>> again = AutoModelForSequenceClassification.from_pretrained("your_username/placeholder_probe")',
    ),
}


@pytest.fixture(scope="module")
def report(runner: Runner, tmp_path_factory: pytest.TempPathFactory) -> RunReport:
    folder = tmp_path_factory.mktemp("verdicts")
    paths = [write_page(folder, name, "# Page\n\n" + body) for name, body in PAGES.items()]
    return run_pages(runner, *paths)


def test_an_unknown_model_is_unsupported_with_what_to_add_and_its_dependents_say_why(report):
    assert page_verdicts(report, "unknown_model.md") == ["passed", "unsupported", "blocked"]
    unsupported, blocked = page_results(report, "unknown_model.md")[1:]
    assert "someone/an-architecture-we-lack" in unsupported.reason and "overrides.py" in unsupported.reason
    assert blocked.blocked_by == unsupported.index
    assert f"the harness could not run step {unsupported.index}" in blocked.reason


def test_a_step_that_fails_on_a_value_an_unrun_step_should_have_replaced_is_blocked_by_it(report):
    assert page_verdicts(report, "stale_value.md") == ["passed", "passed", "unsupported", "blocked", "blocked"]
    *_, rebinding, reading = page_results(report, "stale_value.md")
    assert reading.blocked_by == rebinding.index
    assert f"needs `preds` as step {rebinding.index} should have rebound it" in reading.reason


def test_document_question_answering_reads_the_page_with_the_setups_tesseract(report):
    assert page_verdicts(report, "ocr_package.md") == ["passed", "passed", "passed", "passed"]


def test_ocr_without_the_tesseract_program_is_unsupported_with_its_install_line():
    from polydoctest.check.gaps import harness_gap
    from polydoctest.run import StepError

    gap = harness_gap(StepError("TesseractNotFoundError", "tesseract is not installed or it's not in your PATH."), [])
    assert gap.verdict == "unsupported"
    assert gap.reason.startswith("needs pytesseract and the Tesseract OCR program, not installed here")
    assert gap.reason.endswith("apt-get install tesseract-ocr")


def test_an_unknown_dataset_is_unsupported(report):
    assert page_verdicts(report, "unknown_dataset.md") == ["passed", "unsupported"]
    assert "no offline fixture for dataset 'someone/rows-we-lack'" in page_results(report, "unknown_dataset.md")[1].reason


def test_a_missing_package_is_unsupported_with_the_pages_own_install_line(report):
    shell, missing, blocked = page_results(report, "missing_package.md")
    assert (shell.verdict, missing.verdict, blocked.verdict) == ("skipped", "unsupported", "blocked")
    assert missing.reason.endswith("pip install polydoctest-absent-package")


def test_a_refused_hub_route_is_unsupported(report):
    assert page_verdicts(report, "hub_route.md") == ["passed", "unsupported"]
    assert "huggingface.co" in page_results(report, "hub_route.md")[1].reason


def test_an_arabic_comma_in_code_is_a_doc_defect_that_runs_after_its_remedy(report):
    assert page_verdicts(report, "arabic_comma.md") == ["doc-defect", "passed"]
    defect, shown = page_results(report, "arabic_comma.md")
    (finding,) = defect.findings
    assert finding.rule == "doc-defect.translated-punctuation" and "،" in finding.message
    assert finding.new == 'pair = ("أ، ب", max(1, 2))'  # the comma inside the string is the page's text
    assert shown.output_check.status == "exact"


def test_a_closing_line_that_lost_its_prompt_is_a_doc_defect_that_runs_as_code(report):
    assert page_verdicts(report, "lost_prompt.md") == ["passed", "doc-defect", "doc-defect", "passed"]
    _, bare, unspaced, shown = page_results(report, "lost_prompt.md")
    page = next(run for run in report.pages if run.loaded.path.name == "lost_prompt.md").loaded.path.read_text().splitlines()
    (finding,) = bare.findings
    assert finding.rule == "doc-defect.lost-prompt" and page[finding.line - 1] == ")"
    assert "lost its `... ` prompt" in finding.message and finding.new == "... )"
    (finding,) = unspaced.findings
    assert "lacks the space after `...`" in finding.message and finding.new == "... )[0]"
    assert shown.output_check.status == "exact"  # both calls ran, closed by the lines taken back


def test_a_failure_of_code_the_page_already_ran_says_the_page_shows_it_twice(report):
    assert page_verdicts(report, "repeated_code.md") == ["passed", "passed", "failed"]
    _, first, again = page_results(report, "repeated_code.md")
    assert again.reason.startswith("ValueError: list.remove(x): x not in list")
    assert again.reason.endswith(f"repeats the code of step {first.index}, which already ran: the page shows the same code twice")


def test_printed_output_in_a_code_fence_is_a_doc_finding_and_not_run(report):
    assert page_verdicts(report, "output_in_code.md") == ["passed", "passed", "doc-defect"]
    output = page_results(report, "output_in_code.md")[2]
    assert [finding.rule for finding in output.findings] == ["doc-defect.output-in-code"]
    assert output.reason.startswith("not run: the code fence holds printed output")


def test_a_library_class_used_without_import_gets_the_import(report):
    assert page_verdicts(report, "library_name.md") == ["doc-defect", "passed"]
    (finding,) = page_results(report, "library_name.md")[0].findings
    assert finding.new == "from transformers import BertConfig"


def test_gpu_code_runs_on_the_cpu_and_a_gpu_library_is_skipped(report):
    assert page_verdicts(report, "gpu.md") == ["passed", "passed", "passed", "skipped"]
    moved, _, gpu_library = page_results(report, "gpu.md")[1:]
    assert [finding.rule for finding in moved.findings] == ["torch.cuda-device"]
    assert gpu_library.reason.startswith("needs a CUDA GPU (flash-attn")


def test_a_model_the_page_never_got_to_push_blocks_its_load_on_the_step_that_broke(report):
    assert page_verdicts(report, "unpushed.md") == ["passed", "passed", "failed", "blocked"]
    load = page_results(report, "unpushed.md")[3]
    assert load.blocked_by == page_results(report, "unpushed.md")[2].index
    assert load.reason.startswith("needs the model `stevhliu/my_unpushed_model`, which the page pushes or saves itself")


def test_bitsandbytes_quantizes_a_stand_in_on_the_cpu(report):
    assert page_verdicts(report, "quantized.md") == ["passed"] * 5


def test_cuda_only_torch_calls_are_skipped_as_needing_a_gpu(report):
    assert page_verdicts(report, "gpu_statistics.md") == ["passed", "skipped", "skipped", "passed"]
    peak, synchronize = page_results(report, "gpu_statistics.md")[1:3]
    # A CPU build of torch lacks the call; a CUDA build run on the CPU has no device for it.
    assert "CUDA GPU (torch.cuda" in peak.reason
    assert "_cuda_resetPeakMemoryStats" in peak.reason or "reset_peak_memory_stats" in peak.reason
    assert "CUDA GPU (torch.cuda" in synchronize.reason


def test_gpu_stacks_are_skipped_and_a_package_the_setup_lacks_is_unsupported_with_its_install_command(report):
    assert page_verdicts(report, "gpu_stacks.md") == ["passed", "passed", "skipped", "skipped", "unsupported"]
    flash_attention, flash_import, torchao = page_results(report, "gpu_stacks.md")[2:]
    assert flash_attention.reason.startswith('needs a CUDA GPU (flash-attn, for `attn_implementation="flash_attention_2"`)')
    assert flash_import.reason == flash_attention.reason
    assert "TorchAoConfig requires torchao" in torchao.reason and torchao.reason.endswith("pip install torchao")


def test_the_device_map_of_a_model_on_the_one_cpu_is_read_as_transformers_4_gave_it(report):
    assert page_verdicts(report, "device_map.md") == ["passed", "passed", "passed"]
    read = page_results(report, "device_map.md")[2]
    assert [finding.rule for finding in read.findings] == ["transformers.device-map-one-device"]
    assert read.findings[0].message.startswith("transformers 5 sets `hf_device_map` only on a model")
    assert read.output_check.status == "exact"


def test_a_stand_in_is_saved_in_as_many_shards_as_the_model_it_stands_for_and_says_at_what_size(report):
    assert page_verdicts(report, "shards.md") == ["passed"] * 5
    saved, keys = page_results(report, "shards.md")[3:]
    assert saved.output_check.status == "exact" and keys.output_check.status == "exact"
    adapted, note = saved.findings
    assert (adapted.rule, adapted.old, adapted.new) == (
        "transformers.shard-size",
        'max_shard_size="200MB"',
        'max_shard_size=stand_in_shard_size(model, "200MB")',
    )
    assert note.rule == "harness.stand-in"
    assert note.message.startswith("split the stand-in of google-bert/bert-base-cased (")
    assert "for max_shard_size='200MB'" in note.message and note.message.endswith("makes 3 shards of that size")


def test_state_only_a_distributed_launcher_sets_is_skipped_as_needing_the_launcher(report):
    assert page_verdicts(report, "launcher.md") == ["passed", "skipped"]
    assert page_results(report, "launcher.md")[1].reason.startswith("needs a distributed launcher (torchrun, accelerate launch) that sets `RANK`")


def test_pytesseract_comes_with_the_guides_extra(report):
    (ocr,) = page_results(report, "ocr.md")
    assert ocr.verdict == "passed"


def test_gptq_quantization_without_gptqmodel_is_unsupported_not_a_name_error_on_the_page(report):
    assert page_verdicts(report, "gptq.md") == ["passed", "passed", "passed", "unsupported"]
    assert page_results(report, "gptq.md")[3].reason.startswith("needs gptqmodel (GPT-QModel")


def test_a_peft_adapter_whose_base_is_not_known_is_unsupported_and_says_what_to_add(report):
    assert page_verdicts(report, "adapter.md") == ["passed", "passed", "unsupported"]
    reason = page_results(report, "adapter.md")[2].reason
    assert "no offline stand-in for model repo 'someone/opt-350m-lora': a PEFT adapter whose base model is not known" in reason
    assert "add an Override with its base" in reason


def test_the_guides_extra_has_what_the_testing_guide_imports_or_skips(report):
    assert page_verdicts(report, "skip_without.md") == ["passed", "passed"]


def test_trl_trains_on_the_cpu_in_full_precision_and_says_so(report):
    assert page_verdicts(report, "trl_config.md") == ["passed", "passed", "passed"]
    config, shown = page_results(report, "trl_config.md")[1:]
    assert [finding.rule for finding in config.findings] == ["trl.bf16-on-cpu"]
    assert shown.output_check.status == "exact"


def test_a_picture_from_a_public_host_is_a_stand_in_said_so_another_download_is_unsupported_and_loopback_is_the_pages(report):
    assert page_verdicts(report, "outside_download.md") == ["passed", "passed", "passed", "unsupported", "unsupported", "failed"]
    image, archive, text = page_results(report, "outside_download.md")[2:5]
    assert [(finding.rule, finding.message) for finding in image.findings] == [
        ("harness.stand-in", "served a stand-in picture for http://images.cocodataset.org/val2017/000000039769.jpg: the real file was not checked")
    ]
    assert "https://example.org/files/data.zip" in archive.reason
    assert "https://raw.githubusercontent.com/someone/repo/main/notes.txt" in text.reason


def test_a_page_fine_tunes_a_base_checkpoint_with_its_own_labels(report):
    assert page_verdicts(report, "fine_tune_base.md") == ["passed"] * 3


def test_a_placeholder_namespace_is_the_logged_in_user(report):
    assert page_verdicts(report, "placeholder.md") == ["passed"] * 4
    (finding,) = page_results(report, "placeholder.md")[3].findings
    assert (finding.rule, finding.new) == ("polydoctest.placeholder-user", '"stevhliu/placeholder_probe"')


def test_reports_keep_unsupported_apart_and_never_fail_the_run_for_it(report):
    unsupported_pages = ("unknown_model.md", "unknown_dataset.md", "missing_package.md", "hub_route.md")
    only_gaps = RunReport(report.versions, report.wall_s, tuple(r for r in report.pages if r.loaded.path.name in unsupported_pages))
    assert not run_failed(run_record(only_gaps))
    record = json.loads(json.dumps(run_record(only_gaps)))
    assert record["summary"]["unsupported"] == 4 and record["summary"]["failed"] == 0
    page = next(p for p in record["pages"] if p["path"].endswith("unknown_model.md"))
    assert page["verified"] == {"steps": 1, "of": 3}
    skipped = [case.find("skipped") for case in junit_tree(run_record(only_gaps)).iter("testcase")]
    assert sum(s is not None and s.get("message", "").startswith("unsupported: ") for s in skipped) == 4
    console = Console(record=True, width=200)
    print_run(console, only_gaps)
    text = console.export_text()
    assert "4 unsupported" in text and "could not verify" in text and "failed" not in text.split("steps in")[1].split("\n")[0]


def test_a_module_the_page_wrote_itself_is_the_pages_failure():
    from polydoctest.check.gaps import harness_gap
    from polydoctest.parse import parse_page
    from polydoctest.run import StepError

    steps = parse_page(fence('>>> open("mytools.py", "w").write("x = 1")', ">>> import mytools"), "docs/source/en/p.md").steps
    error = StepError("ModuleNotFoundError", "No module named 'mytools'")
    assert harness_gap(error, steps) is None
    assert harness_gap(error, steps[1:]).verdict == "unsupported"


def test_a_model_placed_on_gpu_devices_by_index_needs_a_gpu():
    from polydoctest.check.gaps import harness_gap
    from polydoctest.run import StepError

    placed = harness_gap(StepError("RuntimeError", "Cannot access accelerator device when none is available."), [])
    assert placed.verdict == "skipped" and placed.reason.startswith("needs a CUDA GPU (the step places the model on GPU devices")


def test_a_part_an_installed_package_lacks_is_named_with_the_package():
    from polydoctest.check.gaps import harness_gap
    from polydoctest.run import StepError

    gap = harness_gap(StepError("ModuleNotFoundError", "No module named 'torch.polydoctest_absent'"), [])
    assert gap.verdict == "unsupported"
    assert gap.reason.startswith("needs `torch.polydoctest_absent`, which the installed `torch` does not have")
    assert gap.reason.endswith(": pip install torch")
    nvml = harness_gap(StepError("ModuleNotFoundError", "No module named 'pynvml'"), [])
    assert nvml.verdict == "skipped" and nvml.reason.startswith("needs a CUDA GPU (NVIDIA's management library, pynvml)")


def test_a_module_moved_to_a_package_that_cannot_install_here_says_so_not_pip_install():
    from polydoctest.check.gaps import harness_gap
    from polydoctest.parse import parse_page
    from polydoctest.run import StepError

    steps = parse_page("```bash\npip install optimum[onnxruntime]\n```\n" + fence(">>> from optimum.onnxruntime import ORTModelForQuestionAnswering"), "docs/source/en/p.md").steps
    gap = harness_gap(StepError("ModuleNotFoundError", "No module named 'optimum.onnxruntime'"), steps)
    assert gap.verdict == "unsupported"
    assert "optimum.onnxruntime is in optimum-onnx, whose releases (up to 0.1.0) need transformers<4.58" in gap.reason
    assert "pip install optimum" not in gap.reason


def test_a_library_refusing_an_old_package_is_unsupported_with_the_version_it_needs():
    from polydoctest.check.gaps import harness_gap
    from polydoctest.run import StepError

    error = StepError("ValueError", "The version of PEFT you are using is not compatible, please use a version >= 9.1.0")
    gap = harness_gap(error, [])
    assert gap.verdict == "unsupported" and gap.reason.endswith("pip install -U 'peft>=9.1.0'")
    assert harness_gap(StepError("ValueError", "please use a larger batch"), []) is None


def test_a_library_naming_the_backend_it_requires_is_unsupported_with_its_install_line():
    from polydoctest.check.gaps import harness_gap
    from polydoctest.run import StepError

    message = (
        "\npost_process_for_mask_generation requires the Torchvision library but it was not found in your environment. "
        "Check out the instructions on the\ninstallation page: https://pytorch.org/get-started/locally/"
    )
    gap = harness_gap(StepError("ImportError", message), [])
    assert gap.verdict == "unsupported" and gap.reason.startswith("needs the package `torchvision`, not installed here: ")
    # A plain `pip install torchvision` would pull a torchvision that does not load beside the pinned torch.
    assert "pip install -c constraints.txt torch torchvision" in gap.reason


def test_a_package_no_install_can_provide_here_says_so_instead_of_the_pages_pip_line():
    from polydoctest.check.gaps import harness_gap
    from polydoctest.parse import parse_page
    from polydoctest.run import StepError

    steps = parse_page(fence(">>> !pip install -q pytorchvideo transformers evaluate"), "docs/source/en/p.md").steps
    assert "pip install -q pytorchvideo" in steps[0].source
    gap = harness_gap(StepError("ModuleNotFoundError", "No module named 'pytorchvideo'"), steps)
    assert gap.verdict == "unsupported"
    assert "pip install" not in gap.reason and "torchvision.transforms.functional_tensor" in gap.reason


def test_a_module_of_a_package_the_page_saves_as_files_is_unsupported_not_failed():
    from polydoctest.check.gaps import harness_gap
    from polydoctest.parse import parse_page
    from polydoctest.run import StepError

    steps = parse_page(fence(">>> from .configuration_resnet import ResnetConfig"), "docs/source/en/p.md").steps
    gap = harness_gap(StepError("ImportError", "attempted relative import with no known parent package"), steps)
    assert gap.verdict == "unsupported" and "package" in gap.reason


def test_fbgemm_fp8_quantization_is_skipped_as_needing_a_gpu():
    from polydoctest.check.gaps import harness_gap
    from polydoctest.run import StepError

    gap = harness_gap(StepError("ImportError", "Using fbgemm fp8 quantization requires a GPU or XPU"), [])
    assert gap.verdict == "skipped" and gap.reason.startswith("needs a CUDA GPU (FBGEMM's FP8 quantization)")
