"""The command line as a user meets it: stable JSON names, clear errors, safe writes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from polydoctest.cli import main
from polydoctest.read import damage

DOCS = Path(__file__).resolve().parents[2] / "docs"
PAGE = """# Título

Una página en español con acentos: canción, niño, acción.

```py
>>> texto = "Ídolo de acción"  # ÁRBOL: señal
>>> len(texto)
15
```
"""


def write(folder: Path, text: str, name: str = "page.md") -> Path:
    path = folder / "source" / "es" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_extract_json_has_the_documented_names(capsys):
    assert main(["extract", "--json", str(DOCS / "source" / "ar" / "tasks" / "sequence_classification.md")]) == 0
    (page,) = json.loads(capsys.readouterr().out)
    assert {"path", "language", "damage", "steps"} <= page.keys()
    assert page["language"] == "ar"
    assert {"codepage", "holes", "filled", "low_confidence"} <= page["damage"].keys()
    assert page["damage"]["codepage"] is not None and page["damage"]["holes"] > 0
    for entry in page["damage"]["low_confidence"]:
        assert {"line", "column", "chosen", "alternatives"} <= entry.keys()
    step = page["steps"][0]
    assert {"index", "kind", "framework", "section", "line_start", "line_end", "source", "expected"} <= step.keys()


BAD_INPUTS = {
    "missing": (None, "no such file"),
    "directory": ("", "directory"),
    "empty": (b"", "empty"),
    "binary": (b"\x00\x01\x02PNG\x00" * 50, "binary"),
    "latin-1": ("café".encode("latin-1"), "UTF-8"),
}


@pytest.mark.parametrize("kind", BAD_INPUTS)
def test_repair_rejects_bad_input_with_a_message_not_a_traceback(tmp_path: Path, kind: str):
    content, message = BAD_INPUTS[kind]
    path = tmp_path / "page.md"
    if content == "":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    result = subprocess.run([sys.executable, "-m", "polydoctest", "repair", str(path)], capture_output=True, text=True)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert message.lower() in result.stderr.lower(), result.stderr


def test_repair_leaves_a_clean_page_byte_for_byte(tmp_path: Path, capsys):
    path = write(tmp_path, PAGE)
    assert main(["repair", str(path)]) == 0
    assert capsys.readouterr().out == PAGE
    assert main(["repair", "--write", str(path)]) == 0
    assert path.read_text(encoding="utf-8") == PAGE
    assert not path.with_name("page.md.orig").exists()


def test_repair_write_restores_a_damaged_page_and_keeps_a_backup(tmp_path: Path):
    damaged = damage(PAGE, "cp1252")
    assert damaged != PAGE
    path = write(tmp_path, damaged)
    report = tmp_path / "report.json"
    assert main(["repair", "--write", "--report", str(report), str(path)]) == 0
    assert path.with_name("page.md.orig").read_text(encoding="utf-8") == damaged
    repaired = path.read_text(encoding="utf-8")
    assert repaired.count("\n") == PAGE.count("\n")
    assert "```py\n>>> texto" in repaired and "len(texto)" in repaired
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["damage"]["codepage"] in ("cp1252", "cp1254", "latin-1", "cp1250")
    assert data["damage"]["filled"] == data["damage"]["holes"] > 0
    # every fill inside the fence sits in a comment or a string: none changes executable code
    assert data["damage"]["in_code"] and all(not fill["error"] for fill in data["damage"]["in_code"])
    assert {fill["where"] for fill in data["damage"]["in_code"]} <= {"comment", "string"}


def test_fix_diff_shows_the_rewrite_on_the_page_line(capsys):
    path = DOCS / "source" / "ko" / "tasks" / "sequence_classification.md"
    assert main(["fix", "--diff", str(path)]) == 0
    diff = capsys.readouterr().out
    assert '-...     evaluation_strategy="epoch",' in diff
    assert '+...     eval_strategy="epoch",' in diff
    assert "+...     processing_class=tokenizer," in diff


def test_fix_write_changes_only_what_it_reports(tmp_path: Path):
    text = PAGE + '\n```py\n>>> from transformers import TrainingArguments\n>>> args = TrainingArguments(output_dir="o", evaluation_strategy="epoch")\n```\n'
    path = write(tmp_path, text)
    assert main(["fix", "--write", str(path)]) == 0
    fixed = path.read_text(encoding="utf-8")
    assert fixed == text.replace("evaluation_strategy", "eval_strategy")


def test_fix_write_replaces_an_arabic_comma_in_code_and_keeps_the_one_in_a_string(tmp_path: Path):
    text = '# صفحة\n\n```py\n>>> pair = ("أ، ب"، max(1، 2))\n```\n'
    path = write(tmp_path, text)
    assert main(["fix", "--write", str(path)]) == 0
    assert path.read_text(encoding="utf-8") == '# صفحة\n\n```py\n>>> pair = ("أ، ب", max(1, 2))\n```\n'
