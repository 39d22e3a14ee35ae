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
