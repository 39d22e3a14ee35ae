from __future__ import annotations

import json

from matrix_runs import DEMO, RUNS

from polydoctest.cli import main


def test_the_table_writes_json_and_html_and_exits_1_when_a_step_fails_on_any_version(tmp_path, capsys):
    status = main(["matrix", str(RUNS), "--json", str(tmp_path / "m.json"), "--html", str(tmp_path / "m.html")])
    assert status == 1  # the unexplained failure on 5.23
    assert "steps per verdict" in capsys.readouterr().out
    record = json.loads((tmp_path / "m.json").read_text())
    assert [c["label"] for c in record["columns"]] == ["4.46.3", "4.57.6", "5.23.0"]
    assert (tmp_path / "m.html").read_text().startswith("<!DOCTYPE html>")
    older = [str(RUNS / "transformers-4.46.json"), str(RUNS / "transformers-4.57.json")]
    assert main(["matrix", *older]) == 0


def test_a_diff_with_a_regression_exits_1_and_one_without_exits_0(capsys):
    assert main(["matrix", str(RUNS), "--diff", "4.57", "5.23"]) == 1
    assert f"regression {DEMO}:70 step 6" in capsys.readouterr().out
    assert main(["matrix", str(RUNS), "--diff", "4.46", "4.57"]) == 0


def test_json_to_standard_output_carries_the_diff(capsys):
    main(["matrix", str(RUNS), "--diff", "4.46", "4.57", "--json", "-"])
    record = json.loads(capsys.readouterr().out)
    assert [(c["page"], c["index"]) for c in record["diff"]["changes"]] == [(DEMO, 1)]


def test_user_mistakes_are_messages_not_tracebacks(tmp_path, capsys):
    assert main(["matrix", str(RUNS), "--diff", "4.57", "6.1"]) == 65
    assert "no run matches '6.1'; the runs are: 4.46.3, 4.57.6, 5.23.0" in capsys.readouterr().err
    (tmp_path / "merged.json").write_text('{"columns": [], "pages": []}')
    assert main(["matrix", str(tmp_path / "merged.json")]) == 65
    assert "not the JSON of `polydoctest run --json`" in capsys.readouterr().err


def _with_reference(tmp_path, name: str, passed: bool):
    """A copy of run `name` that also ran the text classification reference guide."""
    record = json.loads((RUNS / name).read_text())
    error = None if passed else "Traceback (most recent call last):\nTypeError: Trainer.__init__() got an unexpected keyword argument 'tokenizer'"
    record["references"] = [
        {"guide": "text-classification", "status": "ok", "passed": passed, "steps": [{"id": "login", "error": None}, {"id": "train", "error": error}]}
    ]
    path = tmp_path / name
    path.write_text(json.dumps(record))
    return str(path)


def test_a_reference_guide_that_fails_on_a_version_fails_the_matrix_and_says_where(tmp_path, capsys):
    # 4.46 -> 4.57 changes no step for the worse; only the reference breaks.
    old, new = _with_reference(tmp_path, "transformers-4.46.json", True), _with_reference(tmp_path, "transformers-4.57.json", False)
    assert main(["matrix", old, new, "--json", str(tmp_path / "m.json")]) == 1
    out = capsys.readouterr().out
    assert "reference guides" in out and "text-classification" in out and "train: TypeError" in out
    outcomes = json.loads((tmp_path / "m.json").read_text())["references"][0]["outcomes"]
    assert outcomes["4.46.3"]["passed"] and not outcomes["4.57.6"]["passed"]
    assert main(["matrix", old, new, "--diff", "4.46", "4.57"]) == 1
    assert (
        "regression reference guide text-classification: passed on 4.46.3, failed on 4.57.6: train: TypeError: "
        "Trainer.__init__() got an unexpected keyword argument 'tokenizer'"
    ) in " ".join(capsys.readouterr().out.split())
    assert main(["matrix", old, new, "--diff", "4.57", "4.46"]) == 0  # fixed, not broken, going that way
