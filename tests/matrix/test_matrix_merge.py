from __future__ import annotations

import json

import pytest
from matrix_runs import DEMO, QUICKTOUR, RUNS

from polydoctest.errors import InputError
from polydoctest.matrix.merge import load_matrix, load_run, merge


def test_columns_are_ordered_by_transformers_version_whatever_the_file_order(matrix):
    assert [c.label for c in matrix.columns] == ["4.46.3", "4.57.6", "5.23.0"]
    shuffled = merge(load_run(RUNS / name) for name in ("transformers-5.23.json", "transformers-4.46.json", "transformers-4.57.json"))
    assert [c.label for c in shuffled.columns] == ["4.46.3", "4.57.6", "5.23.0"]
    assert shuffled.columns[0].versions["huggingface_hub"] == "0.36.2"


def test_a_step_is_one_row_across_versions_keyed_by_page_and_index(matrix):
    assert [(row.page, row.index) for row in matrix.rows] == [(DEMO, i) for i in range(7)] + [(QUICKTOUR, 0), (QUICKTOUR, 1)]
    trainer = matrix.page_rows(DEMO)[2]
    assert trainer.line_start == 30
    assert {label: cell.verdict for label, cell in trainer.cells.items()} == {
        "4.46.3": "passed",
        "4.57.6": "passed",
        "5.23.0": "passed-after-rewrite",
    }
    assert trainer.cells["5.23.0"].rules == ("transformers.trainer-tokenizer",)
    assert trainer.cells["4.57.6"].findings[0].rewritten is False


def test_page_status_is_kept_per_version(matrix):
    quicktour = next(page for page in matrix.pages if page.path == QUICKTOUR)
    assert quicktour.status == {"4.46.3": "ok", "4.57.6": "ok", "5.23.0": "crashed"}
    assert "signal 9" in quicktour.message["5.23.0"]


def test_a_page_missing_from_a_run_leaves_its_cells_empty(tmp_path):
    data = json.loads((RUNS / "transformers-4.57.json").read_text())
    data["pages"] = [page for page in data["pages"] if page["path"] == DEMO]
    (tmp_path / "partial.json").write_text(json.dumps(data))
    merged = merge([load_run(RUNS / "transformers-4.46.json"), load_run(tmp_path / "partial.json")])
    quicktour_rows = merged.page_rows(QUICKTOUR)
    assert quicktour_rows and all(set(row.cells) == {"4.46.3"} for row in quicktour_rows)


def test_two_runs_of_the_same_version_are_told_apart_by_file_name(tmp_path):
    for name in ("a.json", "b.json"):
        (tmp_path / name).write_text((RUNS / "transformers-4.57.json").read_text())
    merged = load_matrix([tmp_path])
    assert [c.label for c in merged.columns] == ["4.57.6 (a)", "4.57.6 (b)"]


def test_columns_are_found_by_version_prefix_label_or_file(matrix):
    assert matrix.column("4.57").label == "4.57.6"
    assert matrix.column("5").label == "5.23.0"
    assert matrix.column("4.46.3").label == "4.46.3"
    assert matrix.column(str(RUNS / "transformers-5.23.json")).label == "5.23.0"
    with pytest.raises(InputError, match="several runs"):
        matrix.column("4")
    with pytest.raises(InputError, match="no run matches '5.0'"):
        matrix.column("5.0")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not JSON"),
        ('{"columns": [], "pages": []}', "not the JSON of `polydoctest run --json`"),
        ('{"versions": {}, "pages": [{"path": "x.md"}]}', "without `path` and `steps`"),
        ('{"versions": {}, "pages": [{"path": "x.md", "steps": [{"index": 1}]}]}', "without `index` and `verdict`"),
    ],
)
def test_files_that_are_not_run_results_are_input_errors(tmp_path, content, message):
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    with pytest.raises(InputError, match=message):
        load_run(bad)


def test_missing_files_and_empty_folders_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="cannot read"):
        load_run(tmp_path / "absent.json")
    with pytest.raises(InputError, match="no .json results"):
        load_matrix([tmp_path])
