"""`polydoctest run PAGE --watch`: the page runs, runs again when it is saved, and Ctrl-C ends
the loop with exit status 130 and one line, no traceback."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="pages run in Linux namespaces")

FIRST = """# A page

```py
>>> numbers = [1, 2, 3]
>>> sum(numbers)
6
```
"""

SECOND = FIRST + """
Then one more step:

```py
>>> max(numbers)
3
```
"""


def wait_for_steps(result: Path, count: int, watcher: subprocess.Popen, timeout_s: float = 240) -> list[dict]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        assert watcher.poll() is None, watcher.stderr.read()
        try:
            (page,) = json.loads(result.read_text())["pages"]
        except (FileNotFoundError, json.JSONDecodeError):
            page = {"steps": []}
        if len(page["steps"]) == count:
            return page["steps"]
        time.sleep(0.2)
    raise AssertionError(f"no result with {count} steps in {timeout_s} s")


def test_watch_runs_the_page_again_when_it_is_saved_and_stops_on_ctrl_c(tmp_path: Path):
    page = tmp_path / "source" / "en" / "page.md"
    page.parent.mkdir(parents=True)
    page.write_text(FIRST, encoding="utf-8")
    result = tmp_path / "run.json"
    watcher = subprocess.Popen(
        [sys.executable, "-m", "polydoctest", "run", str(page), "--watch", "--json", str(result)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    try:
        first = wait_for_steps(result, 2, watcher)
        page.write_text(SECOND, encoding="utf-8")
        second = wait_for_steps(result, 3, watcher)
        watcher.send_signal(signal.SIGINT)
        _, errors = watcher.communicate(timeout=60)
    finally:
        watcher.kill()
    assert [step["verdict"] for step in first] == ["passed", "passed"]
    assert [step["verdict"] for step in second] == ["passed", "passed", "passed"]
    assert watcher.returncode == 130
    assert errors.count("watching 1 page(s) for changes") == 2
    assert errors.rstrip().endswith("polydoctest: interrupted")
    assert "Traceback" not in errors
