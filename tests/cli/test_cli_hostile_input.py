"""The command line against input and output a hostile contributor would try: every probe ends
in time (the subprocess timeout), with one error line, the documented exit status and no
traceback; a write keeps the file's mode and links, and never replaces what it may not."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from polydoctest.cli import EXIT_STATUSES

README = Path(__file__).resolve().parents[2] / "README.md"
PAGE = "# Guide\n\n```py\n>>> x = 1\n>>> x\n1\n```\n"
# A page `fix` rewrites (a renamed argument), so `fix --write` has something to write.
STALE = (
    "# Guide\n\n```py\n>>> from transformers import TrainingArguments\n"
    '>>> args = TrainingArguments(output_dir="o", evaluation_strategy="epoch")\n```\n'
)


def polydoctest(*args: str | Path, timeout: float = 20) -> subprocess.CompletedProcess[str]:
    """The command as a user runs it; a wide terminal, so that a line of output stays one line."""
    return subprocess.run(
        [sys.executable, "-m", "polydoctest", *map(str, args)],
        capture_output=True, text=True, timeout=timeout, env={**os.environ, "COLUMNS": "400"},
    )


def error_line(result: subprocess.CompletedProcess[str], status: int, *words: str) -> str:
    """The one error line of a failed command, checked for its status and words."""
    assert result.returncode == status, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("polydoctest: error:")]
    assert len(errors) == 1, result.stderr
    for word in words:
        assert word in errors[0], errors[0]
    return errors[0]


def test_a_fifo_named_like_a_page_is_refused_without_waiting_for_a_writer(tmp_path: Path):
    fifo = tmp_path / "page.md"
    os.mkfifo(fifo)
    error_line(polydoctest("extract", fifo), 65, "page.md", "named pipe")


def test_a_device_that_never_ends_is_refused():
    error_line(polydoctest("extract", "/dev/zero"), 65, "/dev/zero", "device")


def test_a_symlink_loop_is_one_line(tmp_path: Path):
    loop = tmp_path / "loop.md"
    loop.symlink_to(loop)
    error_line(polydoctest("repair", loop), 65, "loop.md", "symlink loop")


def test_a_bad_page_in_a_folder_is_that_pages_error_and_the_others_are_extracted(tmp_path: Path):
    (tmp_path / "good.md").write_text(PAGE, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.md")
    (tmp_path / "loop.md").symlink_to(tmp_path / "loop.md")
    result = polydoctest("extract", "--json", tmp_path)
    assert result.returncode == 65 and "Traceback" not in result.stderr
    records = {Path(record["path"]).name: record for record in json.loads(result.stdout)}
    assert [step["source"] for step in records["good.md"]["steps"]] == ["x = 1\n", "x\n"]
    assert "named pipe" in records["pipe.md"]["error"] and "symlink loop" in records["loop.md"]["error"]
    assert len(result.stderr.strip().splitlines()) == 2  # one line per bad page


def test_a_bad_page_in_a_folder_is_that_pages_error_and_the_others_run(tmp_path: Path):
    (tmp_path / "good.md").write_text(PAGE, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.md")
    record, junit = tmp_path / "run.json", tmp_path / "run.xml"
    result = polydoctest("run", tmp_path, "--no-reference", "--json", record, "--junit", junit, timeout=300)
    error_line(result, 65, "pipe.md is a named pipe")
    data = json.loads(record.read_text(encoding="utf-8"))
    assert [Path(error["path"]).name for error in data["errors"]] == ["pipe.md"]
    (page,) = data["pages"]
    assert [step["verdict"] for step in page["steps"]] == ["passed", "passed"]
    error = ET.parse(junit).find("testsuite/testcase/error")
    assert error is not None and "named pipe" in error.get("message")


def test_repair_to_a_directory_is_one_line(tmp_path: Path):
    page = tmp_path / "page.md"
    page.write_text(PAGE, encoding="utf-8")
    error_line(polydoctest("repair", page, "-o", tmp_path), 73, "is a directory")


def test_a_report_into_a_read_only_folder_is_one_line(tmp_path: Path):
    page = tmp_path / "page.md"
    page.write_text(PAGE, encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    error_line(polydoctest("repair", page, "--report", locked / "report.json"), 73, "read-only")
    assert not any(locked.iterdir())


def test_write_in_a_read_only_folder_is_one_line_and_leaves_the_page(tmp_path: Path):
    folder = tmp_path / "docs"
    folder.mkdir()
    page = folder / "page.md"
    page.write_text(STALE, encoding="utf-8")
    folder.chmod(0o555)
    error_line(polydoctest("fix", "--write", page), 73, "read-only")
    assert page.read_text(encoding="utf-8") == STALE
    assert sorted(p.name for p in folder.iterdir()) == ["page.md"]


def test_write_refuses_a_read_only_page_unless_forced_and_keeps_its_mode(tmp_path: Path):
    page = tmp_path / "page.md"
    page.write_text(STALE, encoding="utf-8")
    page.chmod(0o444)
    error_line(polydoctest("fix", "--write", page), 73, "page.md is read-only", "--force")
    assert page.read_text(encoding="utf-8") == STALE
    assert polydoctest("fix", "--write", "--force", page).returncode == 0
    assert "eval_strategy" in page.read_text(encoding="utf-8")
    assert stat.S_IMODE(page.stat().st_mode) == 0o444
    assert page.with_name("page.md.orig").read_text(encoding="utf-8") == STALE


def test_write_through_a_symlink_rewrites_the_target_and_the_link_stays(tmp_path: Path):
    target = tmp_path / "real" / "page.md"
    target.parent.mkdir()
    target.write_text(STALE, encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "page.md"
    link.symlink_to(target)
    assert polydoctest("fix", "--write", link).returncode == 0
    assert link.is_symlink() and link.resolve() == target
    assert "eval_strategy" in target.read_text(encoding="utf-8")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert tmp_path.joinpath("page.md.orig").read_text(encoding="utf-8") == STALE


def test_an_unterminated_fence_is_reported_with_its_line(tmp_path: Path):
    page = tmp_path / "page.md"
    page.write_text("# Guide\n\n```py\n>>> a = 1\n\nProse.\n\n```py\n>>> b = 2\n```\n", encoding="utf-8")
    result = polydoctest("extract", "--json", page)
    assert result.returncode == 1, result.stderr
    (record,) = json.loads(result.stdout)
    (problem,) = record["problems"]
    assert problem["rule"] == "parse.unterminated-fence" and problem["line"] == 3
    assert [step["source"] for step in record["steps"]] == ["a = 1\n", "b = 2\n"]
    shown = polydoctest("extract", page).stdout
    assert f"parse.unterminated-fence {page}:3 the fence opened at line 3 is not closed before line 8" in shown


# A raw ESC in the page's code, and a step whose error holds ESC, NUL, a colour and rich markup.
HOSTILE = (
    "# Guide\n\n```py\n"
    '>>> raise ValueError("\\x1b[31m[bold]red\\x00\\x1b[0m")  # \x1b[2J\n'
    "```\n"
)


def test_control_characters_in_a_step_never_reach_the_terminal_or_break_the_reports(tmp_path: Path):
    page = tmp_path / "page.md"
    page.write_text(HOSTILE, encoding="utf-8")
    junit, html, record = tmp_path / "run.xml", tmp_path / "run.html", tmp_path / "run.json"
    result = polydoctest("run", page, "--no-reference", "--junit", junit, "--html", html, "--json", record, timeout=300)
    assert result.returncode == 1, result.stderr
    for shown in (result.stdout, result.stderr, html.read_text(encoding="utf-8")):
        assert "\x1b" not in shown and "\x00" not in shown
    assert "\\x1b[31m[bold]red\\x00" in result.stdout
    failure = ET.parse(junit).find("testsuite/testcase/failure")
    assert failure is not None and "\\x1b[31m[bold]red\\x00" in failure.get("message")
    assert "\\x1b[2J" in failure.text
    (step,) = json.loads(record.read_text(encoding="utf-8"))["pages"][0]["steps"]
    assert "\x1b[31m[bold]red\x00" in step["reason"]  # the data keeps what the step raised


def test_every_exit_status_is_in_the_readme():
    readme = README.read_text(encoding="utf-8")
    for status, meaning in EXIT_STATUSES.items():
        assert f"| {status} |" in readme, meaning


@pytest.fixture(autouse=True)
def _writable_again(tmp_path: Path):
    """Give pytest back a removable tmp_path after the read-only probes."""
    yield
    for path in [tmp_path, *tmp_path.rglob("*")]:
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() else 0o644)
