"""`pytest docs/`: each page a file, each step an item, verdicts mapped to pytest outcomes."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

PAGE = """# Plugin probe

```py
>>> values = [3, 1, 2]
>>> sorted(values)
[1, 2, 3]
```

```bash
pip install polydoctest
```

## Defects[[defects]]

```py
>>> json.dumps({"a": 1})
'{"a": 1}'
>>> 1 / 0
```

```py
>>> from transformers import TrainingArguments
>>> args = TrainingArguments(output_dir="out", evaluation_strategy="epoch")
```
"""


@pytest.fixture(scope="module")
def pytest_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess, Path]:
    folder = tmp_path_factory.mktemp("plugin")
    page = folder / "docs" / "source" / "en" / "probe.md"
    page.parent.mkdir(parents=True)
    page.write_text(PAGE, encoding="utf-8")
    junit = folder / "junit.xml"
    command = [sys.executable, "-m", "pytest", str(folder / "docs"), "-p", "no:cacheprovider", "-rA", f"--junitxml={junit}", "-n", "2", "--dist", "loadgroup"]
    result = subprocess.run(command, capture_output=True, text=True, cwd=folder, timeout=600)
    return result, junit


def test_steps_are_items_named_by_section_and_line(pytest_run):
    result, _ = pytest_run
    assert "probe.md::Plugin-probe:4" in result.stdout
    assert "probe.md::defects:16" in result.stdout


def test_verdicts_map_to_pytest_outcomes(pytest_run):
    result, _ = pytest_run
    assert result.returncode == 1, result.stdout  # the division by zero fails the run
    last = result.stdout.strip().splitlines()[-1]
    # passed: values, sorted; skipped: the shell step; xfailed: the missing import, the stale
    # evaluation_strategy; failed: 1 / 0; passed: the import of TrainingArguments
    assert "1 failed" in last and "3 passed" in last and "1 skipped" in last and "2 xfailed" in last, last


def test_failure_shows_page_line_and_reason(pytest_run):
    result, _ = pytest_run
    assert "probe.md:18" in result.stdout
    assert "ZeroDivisionError" in result.stdout


def test_xfail_reasons_name_the_fix(pytest_run):
    result, _ = pytest_run
    assert "import json" in result.stdout
    assert "eval_strategy" in result.stdout


def test_junit_xml_has_one_case_per_step(pytest_run):
    _, junit = pytest_run
    cases = ET.parse(junit).getroot().iter("testcase")
    assert len(list(cases)) == 7
