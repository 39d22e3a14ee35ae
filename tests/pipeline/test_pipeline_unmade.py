"""Files, folders and pipeline tasks a page reads and never makes: the reader's own (a fragment,
not a failure), or made by an earlier step that did not run (blocked by it)."""

from __future__ import annotations

import pytest

from polydoctest.pipeline import RunReport
from polydoctest.run import Runner

from pipeline_pages import fence, page_results, page_verdicts, run_pages, write_page

pytestmark = pytest.mark.xdist_group("unmade")

PAGES = {
    "own_file.md": fence(
        ">>> with open('my_long_prompt.txt') as handle:",
        "...     prompt = handle.read()",
    ),
    "own_files.md": fence(
        ">>> names = [f'recording_{i}.flac' for i in range(3)]",
        ">>> sizes = [len(open(name, 'rb').read()) for name in names]",
    ),
    "own_folder.md": fence(
        ">>> from transformers import AutoModel",
        '>>> model = AutoModel.from_pretrained("./path/to/my/checkpoint")',
    ),
    "converted.md": "```bash\npython convert_weights.py --input_dir weights --output_dir ./converted/model\n```\n\n"
    + fence(
        ">>> from transformers import AutoModel",
        '>>> model = AutoModel.from_pretrained("./converted/model")',
    ),
    "own_task.md": fence(
        ">>> from transformers import pipeline",
        '>>> pipe = pipeline("my-new-task")',
    ),
    "registered_with_tensorflow.md": fence(
        ">>> from transformers import AutoModelForSequenceClassification, TFAutoModelForSequenceClassification, TextClassificationPipeline",
        ">>> from transformers.pipelines import PIPELINE_REGISTRY",
        '>>> PIPELINE_REGISTRY.register_pipeline("pair-classification", pipeline_class=TextClassificationPipeline, '
        "pt_model=AutoModelForSequenceClassification, tf_model=TFAutoModelForSequenceClassification)",
    )
    + "\n"
    + fence(">>> from transformers import pipeline", '>>> classifier = pipeline("pair-classification")'),
    "written.md": fence(
        ">>> with open('notes.txt', 'w') as handle:",
        "...     _ = handle.write('hello')",
        ">>> open('notes.txt').read()",
        "'hello'",
        ">>> import os",
        ">>> os.path.exists('other.txt')",
        "False",
        ">>> open('other.txt').read()",
    ),
}


@pytest.fixture(scope="module")
def report(runner: Runner, tmp_path_factory: pytest.TempPathFactory) -> RunReport:
    folder = tmp_path_factory.mktemp("unmade")
    return run_pages(runner, *(write_page(folder, name, "# Page\n\n" + body) for name, body in PAGES.items()))


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("own_file.md", "reads the file `my_long_prompt.txt`, which no step creates (the reader's own file)"),
        ("own_files.md", "reads the file `recording_0.flac`, which no step creates (the reader's own file)"),
        ("own_folder.md", "reads the folder `./path/to/my/checkpoint`, which no step creates (the reader's own folder)"),
        ("own_task.md", "reads the pipeline task `my-new-task`, which no step registers (the reader's own task)"),
    ],
)
def test_what_no_step_makes_is_the_readers_own(report, name, message):
    assert page_verdicts(report, name)[-1] == "doc-defect"
    finding = page_results(report, name)[-1].findings[-1]
    assert finding.rule == "doc-defect.fragment-unmade"
    assert finding.message == f"a fragment: {message}"


def test_a_folder_an_unrun_shell_step_makes_is_skipped_with_it(report):
    shell, _, loading = page_results(report, "converted.md")
    assert (shell.verdict, loading.verdict) == ("skipped", "skipped")
    assert loading.blocked_by == shell.index
    assert "reads the folder `./converted/model`, which step" in loading.reason
    assert f"step {shell.index} is skipped: shell step, not executed" in loading.reason


def test_a_task_a_skipped_tensorflow_step_registers_is_skipped_with_it(report):
    registration, _, using = page_results(report, "registered_with_tensorflow.md")[-3:]
    assert (registration.verdict, using.verdict) == ("skipped", "skipped")
    assert using.blocked_by == registration.index
    assert f"step {registration.index} is skipped: " in using.reason


def test_a_file_a_completed_step_only_looked_for_is_still_the_readers_and_one_it_wrote_is_read(report):
    assert page_verdicts(report, "written.md") == ["passed", "passed", "passed", "passed", "doc-defect"]
