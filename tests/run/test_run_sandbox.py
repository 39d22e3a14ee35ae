"""The sandbox each page runs in, as a page sees it: its own processes, network, files and
environment; and the same sandbox when the runner is not root."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from run_helpers import page

from polydoctest.run import run_page, run_pages


def output(source: str, **options) -> str:
    [step] = run_page(page(source, **options), warm_imports=()).steps
    assert step.status == "ok", step.error
    return step.output


def test_every_page_reports_a_complete_sandbox_on_this_machine():
    outcome = run_page(page("1"), warm_imports=())
    assert outcome.isolation["processes"] and outcome.isolation["network"]
    assert outcome.isolation["filesystem"].startswith("Landlock") and outcome.isolation["capabilities"]
    assert outcome.isolation["problems"] == []


def test_a_page_sees_only_its_own_processes():
    listed = output("import os\nsorted(int(p) for p in os.listdir('/proc') if p.isdigit())")
    assert listed == "[1, 2]\n"  # the namespace's init and the page itself


def test_a_page_has_loopback_and_nothing_else():
    source = (
        "import socket\n"
        "server = socket.create_server(('127.0.0.1', 0))\n"
        "client = socket.create_connection(server.getsockname())\n"
        "sorted(name for _, name in socket.if_nameindex())"
    )
    assert output(source) == "['lo']\n"


def test_a_page_writes_to_tmp_privately(tmp_path: Path):
    target = Path("/tmp") / f"polydoctest-page-wrote-{os.getpid()}"
    assert output(f"_ = open({str(target)!r}, 'w').write('x')\nopen({str(target)!r}).read()") == "'x'\n"
    assert not target.exists()


def test_a_page_cannot_write_outside_its_folders():
    target = Path.home() / f".polydoctest-escaped-{os.getpid()}"
    [step] = run_page(page(f"open({str(target)!r}, 'w')"), warm_imports=()).steps
    assert (step.status, step.error.type) == ("error", "PermissionError")
    assert not target.exists()


def test_a_page_sees_no_secret_of_its_caller(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("HF_TOKEN", "hf_secret_of_the_caller")
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_secret_of_the_caller")
    source = (
        "import glob, os\n"
        "def readable(path):\n"
        "    try:\n"
        "        return open(path, 'rb').read()\n"
        "    except OSError:\n"
        "        return b''\n"
        "[v for v in os.environ.values() if 'secret' in v] + [p for p in glob.glob('/proc/*/environ') if b'secret' in readable(p)]"
    )
    assert output(source) == "[]\n"


def test_a_required_sandbox_runs_here():
    [outcome] = run_pages([page("'sandboxed'", require_sandbox=True)], warm_imports=())
    assert outcome.status == "ok" and outcome.steps[0].output == "'sandboxed'\n"


@pytest.mark.skipif(shutil.which("unshare") is None, reason="util-linux unshare is not installed")
def test_a_runner_that_is_not_root_sandboxes_pages_the_same(tmp_path: Path):
    # uid 1000 in a user namespace of its own: not root, no capabilities over this machine.
    script = (
        "import json, os\n"
        "from polydoctest.run import PageJob, StepJob, run_page\n"
        "outcome = run_page(PageJob('p', (StepJob(0, 'import os\\nos.geteuid(), os.getpid()'),)), warm_imports=())\n"
        "print(json.dumps({'uid': os.geteuid(), 'isolation': outcome.isolation, 'output': outcome.steps[0].output}))\n"
    )
    command = ["unshare", "--user", "--map-user=1000", "--map-group=1000", sys.executable, "-c", script]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    if finished.returncode != 0 and "unshare failed" in finished.stderr:
        pytest.skip(f"no user namespaces here: {finished.stderr.strip()}")
    result = json.loads(finished.stdout.splitlines()[-1])
    assert result["uid"] == 1000
    assert result["isolation"]["processes"] and result["isolation"]["network"] and result["isolation"]["filesystem"]
    assert result["output"] == "(0, 2)\n"  # root of its namespaces only, PID 2 after the init
