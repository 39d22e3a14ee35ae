"""`polydoctest run --transformers LINE`: a page runs on another transformers line without any
nox configuration. The line's environment is built for real under polydoctest's cache (from
the wheelhouse, which the first build fills from PyPI), so this is the slowest test: minutes
on a fresh machine, seconds once the environment exists."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from polydoctest.matrix.envs import env_folder
from polydoctest.matrix.versions import find_line

pytestmark = pytest.mark.xdist_group("line-4.46")

DOCS = Path(__file__).resolve().parents[2] / "docs" / "source" / "ar"
PAGES = [DOCS / "quicktour.md", DOCS / "tasks" / "sequence_classification.md"]


@pytest.fixture(scope="module")
def run_on_4_46(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("line") / "run.json"
    command = [sys.executable, "-m", "polydoctest", "run", "--transformers", "4.46", *map(str, PAGES), "-j", "2", "--json", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=3000)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    return json.loads(out.read_text())


def _step(record: dict, page: str, code: str) -> dict:
    steps = next(p for p in record["pages"] if p["path"].endswith(page))["steps"]
    return next(step for step in steps if code in step["source"])


def test_the_run_happens_with_the_lines_pins(run_on_4_46):
    line = find_line("4.46")
    versions = run_on_4_46["versions"]
    assert versions["transformers"] == line.transformers == "4.46.3"
    assert versions["huggingface_hub"] == line.pins["huggingface-hub"]
    assert versions["datasets"] == line.pins["datasets"]
    assert run_on_4_46["summary"].get("failed", 0) == 0


def test_old_forms_run_as_written_where_the_line_still_accepts_them(run_on_4_46):
    login = _step(run_on_4_46, "sequence_classification.md", "notebook_login()")
    assert login["verdict"] == "passed"  # huggingface_hub 0.x: needs ipywidgets, which the hf extra brings
    trainer = _step(run_on_4_46, "quicktour.md", "trainer = Trainer(")
    assert trainer["verdict"] == "passed"
    assert {f["rule"] for f in trainer["findings"]} == {"transformers.trainer-tokenizer"}
    assert all(f["new"] is None for f in trainer["findings"])  # reported as stale, not rewritten


def test_audio_from_a_newer_datasets_is_adapted_for_an_old_pipeline(run_on_4_46):
    transcribe = _step(run_on_4_46, "quicktour.md", 'speech_recognizer(dataset[:4]["audio"])')
    assert transcribe["verdict"] == "passed"
    assert [f["rule"] for f in transcribe["findings"]] == ["transformers.pipeline-audio-decoder"]
    printed = _step(run_on_4_46, "quicktour.md", 'print([d["text"] for d in result])')
    assert printed["verdict"] == "passed"


def test_the_reference_runs_on_the_old_line_and_the_pages_do_what_it_does(run_on_4_46):
    assert all(reference["passed"] for reference in run_on_4_46["references"])
    for page in run_on_4_46["pages"]:
        # Stale forms (`Trainer(tokenizer=)`) and the harness's own rewrites are not differences.
        assert page["reference"]["findings"] == [], page["path"]


def test_the_lines_environment_links_its_files_instead_of_copying_them(run_on_4_46):
    # Every line has its own torch; copies of it filled a CI machine's disk.
    (torch_library,) = env_folder(find_line("4.46")).glob("lib/python*/site-packages/torch/lib/libtorch_cpu.so")
    assert torch_library.stat().st_nlink >= 2
