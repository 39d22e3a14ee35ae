"""No page can make another pass or fail: pushes stay in the page's own fixture home, and a
page that crashes, hangs, exhausts memory or reaches for the network is reported as such while
the pages beside it pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from polydoctest.pipeline import Limits
from polydoctest.run import Runner

from pipeline_pages import fence, run_pages, write_page

PUSH = fence(
    ">>> from transformers import AutoModelForSequenceClassification",
    '>>> model = AutoModelForSequenceClassification.from_pretrained("distilbert/distilbert-base-uncased")',
    '>>> model.push_to_hub("isolation_probe")  # doctest: +IGNORE_RESULT',
    '>>> reloaded = AutoModelForSequenceClassification.from_pretrained("stevhliu/isolation_probe")',
)
LOAD_UNPUSHED = fence(
    ">>> from transformers import AutoModelForSequenceClassification",
    '>>> model = AutoModelForSequenceClassification.from_pretrained("stevhliu/isolation_probe")',
)


def verdicts(run) -> list[str]:
    return [result.verdict for result in run.results]


def test_a_pushed_model_is_visible_to_its_page_only(runner: Runner, tmp_path: Path):
    pusher = write_page(tmp_path, "push.md", "# Push\n\n" + PUSH)
    loader = write_page(tmp_path, "load.md", "# Load\n\n" + LOAD_UNPUSHED)
    (pushed,) = run_pages(runner, pusher).pages
    assert verdicts(pushed) == ["passed"] * 4
    # Whatever ran before, a page that loads a model it never pushed does not pass: the
    # harness has no such repo, says so and what to add.
    (loaded,) = run_pages(runner, loader).pages
    assert verdicts(loaded) == ["passed", "unsupported"]
    reason = loaded.results[1].reason
    assert "stevhliu/isolation_probe" in reason and "overrides.py" in reason


FAULTS = {
    "exits.md": fence(">>> import os", ">>> os._exit(3)", ">>> 1 + 1", "2"),
    "hangs.md": fence(">>> while len('x') > 0:", "...     pass", ">>> 1 + 1", "2"),
    "dials_out.md": fence(">>> import socket", '>>> socket.create_connection(("203.0.113.7", 80), timeout=30)'),
}
EATS_MEMORY = fence(">>> hoard = []", ">>> while len(hoard) >= 0:", "...     hoard.append(bytearray(50_000_000))")
HEALTHY = fence(">>> words = ['ok'] * 3", ">>> len(words)", "3")


@pytest.fixture(scope="module")
def fault_report(runner: Runner, tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("faults")
    paths = [write_page(folder, name, "# Fault\n\n" + body) for name, body in FAULTS.items()]
    paths.insert(2, write_page(folder, "healthy.md", "# Healthy\n\n" + HEALTHY))
    report = run_pages(runner, *paths, limits=Limits(step_timeout_s=5))
    return {run.loaded.path.name: run for run in report.pages}


def test_healthy_page_passes_beside_faulty_ones(fault_report):
    assert verdicts(fault_report["healthy.md"]) == ["passed", "passed"]


def test_os_exit_is_a_crash_and_later_steps_are_blocked(fault_report):
    run = fault_report["exits.md"]
    assert run.outcome.status == "crashed"
    assert verdicts(run) == ["passed", "crashed", "blocked"]
    assert run.results[2].blocked_by == 1


def test_infinite_loop_times_out(fault_report):
    run = fault_report["hangs.md"]
    assert verdicts(run) == ["timed-out", "blocked"]


def test_unbounded_allocation_is_stopped_at_the_cap(runner: Runner, tmp_path: Path):
    # The step must meet the memory cap, not the clock: on a loaded machine filling 1.5 GB
    # can take longer than the other faults' 5 s timeout.
    page = write_page(tmp_path, "eats_memory.md", "# Fault\n\n" + EATS_MEMORY)
    (run,) = run_pages(runner, page, limits=Limits(step_timeout_s=300, memory_limit_mb=1500)).pages
    assert run.results[1].verdict == "crashed"
    assert "memory" in (run.results[1].reason or "").lower()


def test_network_access_is_refused_and_named(fault_report):
    run = fault_report["dials_out.md"]
    assert verdicts(run) == ["passed", "failed"]
    reason = run.results[1].reason
    assert "203.0.113.7" in reason and "network" in reason.lower()
