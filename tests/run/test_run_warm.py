"""Pages forked from a warm parent find the heavy libraries already imported.

Runs in a fresh interpreter so that this test process stays light: the other tests fork it,
and a memory cap counts the pages a page shares with its parent.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.skipif(
    not all(importlib.util.find_spec(name) for name in ("torch", "transformers")),
    reason="needs torch and transformers",
)

SCRIPT = textwrap.dedent(
    """
    import json
    from polydoctest.run import PageJob, Runner, StepJob

    steps = (
        StepJob(0, "import sys\\n[name in sys.modules for name in ('torch', 'transformers', 'transformers.trainer')]"),
        StepJob(1, "torch.rand(2).tolist()"),
        StepJob(2, "torch.get_num_threads()"),
    )
    with Runner(workers=2, warm_imports=("torch", "transformers", "transformers.Trainer")) as runner:
        outcomes = runner.run([PageJob("first", steps), PageJob("second", steps)])
        report = runner.warm_report
    print(json.dumps({
        "imported": report.imported,
        "pages": [outcome.to_dict() for outcome in outcomes],
    }))
    """
)


def test_forked_pages_start_with_the_warm_imports_loaded_and_seeded_torch():
    completed = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=300, check=True
    )
    result = json.loads(completed.stdout.splitlines()[-1])
    assert result["imported"] == ["torch", "transformers", "transformers.Trainer"]
    first, second = result["pages"]
    assert first["steps"][0]["output"] == "[True, True, True]\n"
    assert first["steps"][1]["status"] == "ok"
    assert first["steps"][1]["remedy"]["fix"] == "import torch"
    assert first["steps"][1]["output"] == second["steps"][1]["output"]  # seeded alike
    assert first["steps"][2]["output"] == f"{max(1, (os.cpu_count() or 1) // 2)}\n"  # its share
