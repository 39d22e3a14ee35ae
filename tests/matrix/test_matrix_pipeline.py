"""The matrix reads what the real `polydoctest run --json` writes, on the installed versions."""

from __future__ import annotations

import subprocess
from importlib import metadata
import sys
from pathlib import Path

import pytest

from polydoctest.drift import Action, installed_versions
from polydoctest.drift.catalog import rule
from polydoctest.matrix.diff import diff, protects_the_run
from polydoctest.matrix.merge import load_matrix

PAGE = Path(__file__).parent / "pages" / "training_args.md"


@pytest.fixture(scope="module")
def real_run(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("run") / "run.json"
    done = subprocess.run(
        [sys.executable, "-m", "polydoctest", "run", str(PAGE), "--json", str(out)], capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def test_a_real_run_is_one_column_labelled_by_the_installed_transformers(real_run):
    matrix = load_matrix([real_run])
    (column,) = matrix.columns
    assert column.label == installed_versions()["transformers"]
    assert column.versions["torch"] == metadata.version("torch")
    assert [row.index for row in matrix.rows] == list(range(6))
    assert [row.line_start for row in matrix.rows][:3] == [6, 12, 13]


def test_the_drift_cell_follows_the_catalog_for_the_installed_version(real_run):
    matrix = load_matrix([real_run])
    cells = [row.cells[matrix.columns[0].label] for row in matrix.rows]
    assert cells[0].verdict == "skipped" and "shell step" in cells[0].reason
    assert all(cell.verdict == "passed" for cell in cells[3:])
    (finding,) = [f for f in cells[2].findings if f.rule == "transformers.eval-strategy"]
    action = rule("transformers.eval-strategy").verdict(installed_versions())
    assert finding.rewritten == (action is Action.REWRITTEN)
    page_rewrites = [f for f in cells[2].findings if f.rewritten and not protects_the_run(f.rule)]
    assert cells[2].verdict == ("passed-after-rewrite" if page_rewrites else "passed")


def test_a_run_compared_with_itself_has_no_changes(real_run, tmp_path):
    copy = tmp_path / "again.json"
    copy.write_text(real_run.read_text())
    matrix = load_matrix([real_run, copy])
    old, new = matrix.columns
    assert diff(matrix, old, new) == ()
