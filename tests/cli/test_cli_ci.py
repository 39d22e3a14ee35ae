"""The command line in a docs repository's CI, on a git repository the test builds: a log that
reads well at 80 columns, GitHub annotations in the documented syntax, only the pages a change
touches, and shards merged into the report one run gives."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

PAGES = {
    "en/tasks/stale.md": "# Training\n\n```py\n>>> from transformers import TrainingArguments\n```\n",
    "ko/tasks/stale.md": (
        "# 훈련\n\n```py\n>>> from transformers import TrainingArguments\n"
        '>>> args = TrainingArguments(output_dir="out", evaluation_strategy="epoch")\n```\n'
    ),
    "ko/tasks/defect.md": "# 텐서\n\n```py\n>>> x = torch.ones(2)\n>>> x.shape\ntorch.Size([2])\n```\n",
    "ko/tasks/a_page_whose_name_is_long_enough_to_squeeze_any_table.md": (
        "# 오류\n\n```py\n>>> values = [1, 2, 3]\n>>> values[7]\n3\n```\n"
    ),
    "ko/tasks/gap.md": (
        "# 패키지\n\n```bash\npip install polydoctest-absent-package\n```\n\n"
        "```py\n>>> import polydoctest_absent_package\n```\n"
    ),
}
# What a third-party progress bar leaves in a log.
PROGRESS_BARS = ("Writing model shards", "Loading weights", "it/s", "s/it")
ANNOTATION = re.compile(r"^::(error|warning|notice) ((?:[a-z]+=[^,:]*)(?:,[a-z]+=[^,:]*)*)::(.*)$")


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=repo, check=True, capture_output=True, text=True,
    ).stdout


def polydoctest(cwd: Path, *args: str | Path) -> tuple[int, str, str]:
    """The command with standard output to a file, as in `polydoctest run docs/ > log.txt`."""
    log = cwd / f"log-{os.getpid()}-{len(list(cwd.glob('log-*')))}.txt"
    with log.open("w", encoding="utf-8") as out:
        done = subprocess.run(
            [sys.executable, "-m", "polydoctest", *map(str, args)],
            cwd=cwd, stdout=out, stderr=subprocess.PIPE, text=True, timeout=600,
            env={**os.environ, "COLUMNS": "80"},
        )
    return done.returncode, log.read_text(encoding="utf-8"), done.stderr


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("docs-repo")
    for name, text in PAGES.items():
        (repo / "docs" / "source" / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / "docs" / "source" / name).write_text(text, encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "docs")
    git(repo, "commit", "-q", "-m", "pages")
    return repo


@pytest.fixture(scope="module")
def full_run(repo: Path) -> tuple[int, str, dict]:
    status, log, _ = polydoctest(repo, "run", "docs", "--no-reference", "--json", "full.json")
    return status, log, json.loads((repo / "full.json").read_text(encoding="utf-8"))


def verdicts(record: dict) -> dict[str, list[str]]:
    return {page["path"]: [step["verdict"] for step in page["steps"]] for page in record["pages"]}


def test_a_log_at_80_columns_has_every_page_with_full_verdict_names_and_counts(full_run):
    status, log, record = full_run
    assert status == 1  # the failing page
    assert "…" not in log
    flowing = " ".join(log.split())  # a line the log wrapped reads as one
    for page in record["pages"]:
        name = os.path.relpath(page["path"], "docs/source/ko/tasks") if "/ko/" in page["path"] else None
        counts = ", ".join(f"{count} {verdict}" for verdict, count in page["summary"].items() if count)
        if name:
            assert f"{name}: {counts}" in flowing, (name, counts)
    assert "1 failed" in flowing and "1 doc-defect" in flowing and "1 passed-after-rewrite" in flowing
    assert "1 unsupported" in flowing
    for line in log.splitlines():
        assert len(line) <= 80, line
        assert not any(bar in line for bar in PROGRESS_BARS), line


def test_github_annotations_follow_the_documented_syntax_and_levels(repo: Path):
    status, log, _ = polydoctest(repo, "run", "docs", "--no-reference", "--format", "github")
    assert status == 1
    found = []
    for line in log.splitlines():
        if line.startswith("::"):
            match = ANNOTATION.match(line)
            assert match, line
            level, properties, message = match.groups()
            fields = dict(field.split("=", 1) for field in properties.split(","))
            unescaped = {k: v.replace("%3A", ":").replace("%2C", ",").replace("%25", "%") for k, v in fields.items()}
            found.append((level, unescaped["file"], int(unescaped["line"]), unescaped["title"], message))
    by_file = {(file, level): (line, title, message) for level, file, line, title, message in found}
    failing = "docs/source/ko/tasks/a_page_whose_name_is_long_enough_to_squeeze_any_table.md"
    assert by_file[(failing, "error")][:2] == (5, "polydoctest: failed")
    assert "IndexError" in by_file[(failing, "error")][2]
    line, title, message = by_file[("docs/source/ko/tasks/stale.md", "warning")]
    assert line == 5 and "passed-after-rewrite" in title and 'eval_strategy="epoch"' in message
    line, title, _ = by_file[("docs/source/ko/tasks/defect.md", "warning")]
    assert line == 4 and "doc-defect" in title
    assert ("docs/source/ko/tasks/gap.md", "notice") in by_file
    assert [level for level, *_ in found].count("error") == 1  # the gap is never an error


def test_changed_since_runs_changed_pages_and_translations_of_a_changed_original(repo: Path, tmp_path: Path):
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(repo), str(clone))
    status, log, stderr = polydoctest(clone, "run", "docs", "--changed-since", "HEAD", "--json", "none.json")
    assert status == 0 and "no page changed since HEAD in docs" in stderr
    assert json.loads((clone / "none.json").read_text(encoding="utf-8"))["pages"] == []
    source = clone / "docs" / "source"
    (source / "en" / "tasks" / "stale.md").write_text(PAGES["en/tasks/stale.md"] + "\nMore words.\n", encoding="utf-8")
    (source / "ko" / "tasks" / "new.md").write_text("# 새\n\n```py\n>>> 2 + 2\n4\n```\n", encoding="utf-8")
    status, _, stderr = polydoctest(clone, "run", "docs", "--no-reference", "--changed-since", "HEAD", "--json", "changed.json")
    assert status == 0, stderr
    record = json.loads((clone / "changed.json").read_text(encoding="utf-8"))
    assert sorted(verdicts(record)) == [
        "docs/source/en/tasks/stale.md", "docs/source/ko/tasks/new.md", "docs/source/ko/tasks/stale.md",
    ]


def test_changed_since_judges_a_branch_by_its_own_changes(repo: Path, tmp_path: Path):
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(repo), str(clone))
    git(clone, "checkout", "-q", "-b", "translation")
    (clone / "docs" / "source" / "ko" / "tasks" / "defect.md").write_text(PAGES["ko/tasks/defect.md"] + "\n", encoding="utf-8")
    git(clone, "commit", "-q", "-am", "the branch's change")
    git(clone, "checkout", "-q", "main")
    (clone / "docs" / "source" / "ko" / "tasks" / "gap.md").unlink()
    git(clone, "commit", "-q", "-am", "the base moved on")
    git(clone, "checkout", "-q", "translation")
    status, _, stderr = polydoctest(clone, "run", "docs", "--no-reference", "--changed-since", "main", "--json", "pr.json")
    assert status == 0, stderr
    assert list(verdicts(json.loads((clone / "pr.json").read_text(encoding="utf-8")))) == ["docs/source/ko/tasks/defect.md"]


@pytest.mark.parametrize(
    ("where", "revision", "words"),
    [("outside", "HEAD", "not a git repository"), ("repo", "no-such-revision", "unknown revision 'no-such-revision'")],
)
def test_changed_since_errors_are_one_line_with_the_usage_status(repo: Path, tmp_path: Path, where, revision, words):
    folder = repo / "docs"
    if where == "outside":
        folder = tmp_path / "pages"
        shutil.copytree(repo / "docs", folder)
    status, _, stderr = polydoctest(tmp_path, "run", folder, "--changed-since", revision)
    errors = [line for line in stderr.splitlines() if line.startswith("polydoctest: error:")]
    assert status == 2 and "Traceback" not in stderr and len(errors) == 1 and words in errors[0], stderr


def test_shards_merged_give_the_verdicts_of_one_run(repo: Path, full_run):
    status, _, record = full_run
    shards = []
    for k in (1, 2):
        shard_status, _, stderr = polydoctest(repo, "run", "docs", "--no-reference", "--shard", f"{k}/2", "--json", f"shard{k}.json")
        assert shard_status in (0, 1), stderr
        shards.append(verdicts(json.loads((repo / f"shard{k}.json").read_text(encoding="utf-8"))))
    assert shards[0] and shards[1] and not shards[0].keys() & shards[1].keys()
    merged_status, log, stderr = polydoctest(
        repo, "merge", "shard1.json", "shard2.json", "--json", "merged.json", "--junit", "merged.xml", "--html", "merged.html"
    )
    assert merged_status == status, stderr
    merged = json.loads((repo / "merged.json").read_text(encoding="utf-8"))
    assert verdicts(merged) == verdicts(record)
    assert merged["summary"] == record["summary"] and merged["verified"] == record["verified"]
    cases = ET.parse(repo / "merged.xml").getroot().iter("testcase")
    assert sum(1 for _ in cases) == sum(len(steps) for steps in verdicts(record).values())
    assert "1 failed" in " ".join(log.split())
    html = (repo / "merged.html").read_text(encoding="utf-8")
    assert all(f">{path}</h2>" in html for path in verdicts(record))  # a section per page
    assert "IndexError" in html and f"polydoctest run: {len(record['pages'])} pages" in html


def test_merge_refuses_a_page_in_two_shards(repo: Path, full_run):
    status, _, stderr = polydoctest(repo, "merge", "full.json", "full.json")
    assert status == 65 and "in more than one shard" in stderr
