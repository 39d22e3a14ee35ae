from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from matrix_runs import DEMO, QUICKTOUR
from rich.console import Console

from polydoctest.matrix.diff import diff
from polydoctest.matrix.html import matrix_html
from polydoctest.matrix.records import diff_record, matrix_record
from polydoctest.matrix.render import print_diff, print_matrix


def terminal(render, *args) -> str:
    console = Console(width=200, record=True, color_system=None)
    render(console, *args)
    return console.export_text()


def test_the_terminal_table_has_a_row_per_step_and_a_column_per_version(matrix):
    text = terminal(print_matrix, matrix)
    assert "2 pages, 9 steps, 3 versions (4.46.3, 4.57.6, 5.23.0)" in text
    assert DEMO in text and f"{QUICKTOUR} (5.23.0: crashed)" in text
    trainer_line = next(line for line in text.splitlines() if "30 #2" in line)
    assert re.search(r"passed\s+│\s+passed\s+│\s+rewritten", trainer_line)
    assert "trainer-tokenizer" in text and "TypeError: Trainer.train()" in text


def test_changed_only_keeps_the_steps_whose_verdict_differs(matrix):
    text = terminal(print_matrix, matrix, True)
    assert "30 #2" in text and "70 #6" in text
    assert "10 #0" not in text and "60 #5" not in text


def test_the_terminal_diff_lists_each_change_with_its_rule_or_error(matrix):
    old, new = matrix.column("4.57"), matrix.column("5.23")
    text = terminal(print_diff, diff(matrix, old, new), old, new)
    assert "verdict changes 4.57.6 → 5.23.0: 5 steps (2 regressions, 2 not explained by a drift rule)" in text
    assert f"{DEMO}:30 step 2: passed → passed-after-rewrite" in text
    assert "transformers.pipeline-question-answering: blocked by step 3" in text
    assert f"regression {DEMO}:70 step 6: passed → failed" in text


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_the_html_is_self_contained_and_coloured_by_verdict(matrix):
    old, new = matrix.column("4.57"), matrix.column("5.23")
    page = matrix_html(matrix, (diff(matrix, old, new), old, new))
    parser = _Collect()
    parser.feed(page)
    tags = {tag for tag, _ in parser.tags}
    assert "script" not in tags and "link" not in tags and "img" not in tags
    assert not any(value and value.startswith(("http:", "https:", "//")) for _, attrs in parser.tags for value in attrs.values())
    cells = [attrs["class"] for tag, attrs in parser.tags if tag == "td" and "cell" in attrs.get("class", "")]
    assert len(cells) == 9 * 3
    assert cells.count("cell v-failed") == 1 and cells.count("cell v-crashed") == 1
    assert "Verdict changes 4.57.6 → 5.23.0: 5 steps" in page


def test_the_html_shows_findings_and_escapes_page_code(matrix):
    page = matrix_html(matrix)
    assert "<code>tokenizer=tokenizer</code> → <code>processing_class=tokenizer</code>" in page
    assert "(reported, not rewritten)" in page
    assert "`Trainer(tokenizer=...)` was renamed" in page
    assert '"question-answering"' not in page  # quotes in code are escaped
    assert "&quot;question-answering&quot;" in page


def test_the_json_keys_cells_by_version(matrix):
    record = json.loads(json.dumps(matrix_record(matrix)))
    assert [c["label"] for c in record["columns"]] == ["4.46.3", "4.57.6", "5.23.0"]
    demo = next(page for page in record["pages"] if page["path"] == DEMO)
    step = next(s for s in demo["steps"] if s["index"] == 2)
    assert step["cells"]["5.23.0"]["verdict"] == "passed-after-rewrite"
    assert step["cells"]["5.23.0"]["rules"] == ["transformers.trainer-tokenizer"]
    old, new = matrix.column("4.57"), matrix.column("5.23")
    changes = diff_record(diff(matrix, old, new), old, new)["changes"]
    assert [(c["index"], c["regression"], c["explained"]) for c in changes if c["page"] == DEMO] == [
        (2, False, True),
        (3, False, True),
        (4, False, True),
        (6, True, False),
    ]
