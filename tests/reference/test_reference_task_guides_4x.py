"""The task guides' references on the last 4.x line: the drafts of `task_drafts.py` run with
`polydoctest run --transformers 4.57` (the line's environment is built under polydoctest's
cache, once, as in `tests/matrix/test_matrix_run_line.py`), each reference runs green there,
observes every step, and each draft is held against it with its one change as the one finding.

The references are written in the newest API; on 4.57 they go through the drift stage like a
page, and every step runs there, including the pipeline tasks transformers 5 removed.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from task_drafts import CHANGES, write_drafts

from polydoctest.matrix.versions import find_line

LINE = "4.57"

pytestmark = pytest.mark.xdist_group(f"line-{LINE}")


@pytest.fixture(scope="module")
def run_on_4x(tmp_path_factory: pytest.TempPathFactory) -> dict:
    drafts = write_drafts(tmp_path_factory.mktemp("task-drafts"))
    out = tmp_path_factory.mktemp("line") / "run.json"
    command = [sys.executable, "-m", "polydoctest", "run", "--transformers", LINE, *map(str, drafts), "-j", "2", "--json", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=3000)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    return json.loads(out.read_text(encoding="utf-8"))


def test_the_run_is_on_the_lines_transformers(run_on_4x):
    assert run_on_4x["versions"]["transformers"] == find_line(LINE).transformers


def test_each_reference_passes_and_observes_every_step_on_the_line(run_on_4x):
    references = {reference["guide"]: reference for reference in run_on_4x["references"]}
    assert sorted(references) == sorted(CHANGES)
    for guide_id, reference in references.items():
        assert reference["passed"], [(step["id"], step["error"]) for step in reference["steps"] if step["error"]]
        assert [step["left_out"] for step in reference["steps"]] == [None] * len(reference["steps"]), guide_id
        assert list(reference["observations"]) == [step["id"] for step in reference["steps"]], guide_id
        errors = [
            (step, name)
            for step, values in reference["observations"].items()
            for name, value in values.items()
            if isinstance(value, dict) and "error" in value
        ]
        assert errors == [], guide_id


def test_each_draft_has_its_change_as_the_one_finding_on_the_line(run_on_4x):
    for page in run_on_4x["pages"]:
        reference = page["reference"]
        step_id, _, new, kind = CHANGES[reference["guide"]]
        assert reference["missing"] == [] and reference["extra"] == [], page["path"]
        assert [(f["kind"], f["reference_step"]) for f in reference["findings"]] == [(kind, step_id)], page["path"]
        assert new in reference["findings"][0]["page_code"]
        assert page["summary"]["failed"] == 0 and page["summary"]["crashed"] == 0, page["path"]
