"""A run in a log (standard output and error not a terminal) on a cold cache: the stand-ins are
built as progress phases, one line each, and none of the libraries' own progress bars or
warnings reach the user; a page's own progress bars are still the page's."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    sys.platform != "linux", reason="pages run in Linux namespaces"
)

PAGE = """# A tiny page

```py
>>> from transformers import AutoModelForCausalLM
>>> model = AutoModelForCausalLM.from_pretrained("facebook/opt-125m")
>>> model.config.model_type
'opt'
```

Its own progress bars are on:

```py
>>> from transformers.utils import logging
>>> from huggingface_hub.utils import are_progress_bars_disabled
>>> import datasets
>>> logging.is_progress_bar_enabled(), are_progress_bars_disabled(), datasets.is_progress_bar_enabled()
(True, False, True)
```
"""

# What the libraries draw or say while polydoctest builds stand-ins.
THIRD_PARTY = ("Writing model shards", "Loading weights", "Map", "it/s]", "Warning", "%|")


def test_a_cold_run_in_a_log_shows_phases_and_no_third_party_bars(tmp_path: Path):
    page = tmp_path / "docs" / "source" / "en" / "page.md"
    page.parent.mkdir(parents=True)
    page.write_text(PAGE, encoding="utf-8")
    environment = {**os.environ, "POLYDOCTEST_CACHE": str(tmp_path / "cache")}
    environment.pop("POLYDOCTEST_FIXTURES", None)
    completed = subprocess.run(
        [sys.executable, "-m", "polydoctest", "run", str(page), "--json", str(tmp_path / "run.json")],
        capture_output=True, text=True, env=environment, timeout=900,
    )
    assert completed.returncode == 0, completed.stderr
    output = completed.stdout + completed.stderr
    for mark in THIRD_PARTY:
        assert mark not in output, f"{mark!r} reached the user:\n{output}"
    lines = completed.stderr.splitlines()
    assert any(line.startswith("fixtures: building the catalog: ") for line in lines), completed.stderr
    assert len(list((tmp_path / "cache" / "fixtures" / "synth").iterdir())) == 1  # built here, cold
    assert any(line.startswith("pages 1/1: ") and line.endswith("s)") for line in lines), completed.stderr
    (result,) = json.loads((tmp_path / "run.json").read_text())["pages"]
    assert {step["verdict"] for step in result["steps"]} == {"passed"}
    assert [step["output_check"]["status"] for step in result["steps"] if step["expected"]] == ["exact", "exact"]
