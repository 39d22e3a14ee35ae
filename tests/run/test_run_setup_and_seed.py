"""The setup hook prepares each page process; seeding makes reruns reproducible."""

from __future__ import annotations

from pathlib import Path

from run_helpers import page

from polydoctest.run import SetupRef, run_pages


def test_the_setup_hook_runs_in_the_page_process_before_the_first_step():
    setup = SetupRef("run_helpers:set_variable", {"name": "HF_HUB_OFFLINE", "value": "1"})
    configured, plain = run_pages(
        [
            page("import os\nos.environ.get('HF_HUB_OFFLINE')", setup=setup),
            page("import os\nos.environ.get('HF_HUB_OFFLINE')"),
        ],
        warm_imports=(),
    )
    assert configured.steps[0].output == "'1'\n"
    assert plain.steps[0].output == ""  # the hook's effect stayed in its page


def test_a_setup_returning_a_context_manager_is_entered_and_exited(tmp_path: Path):
    marker = tmp_path / "teardown"  # the page's working directory: the sandbox lets it write there
    setup = SetupRef("run_helpers:session", {"name": "SESSION", "teardown_marker": str(marker)})
    job = page("import os\nos.environ['SESSION']", setup=setup, workdir=str(tmp_path))
    [outcome] = run_pages([job], warm_imports=())
    assert outcome.steps[0].output == "'inside'\n"
    assert marker.read_text() == "session closed"


def test_a_failing_setup_fails_the_page_and_runs_no_step():
    [outcome] = run_pages(
        [page("1", setup=SetupRef("run_helpers:broken_setup"))], warm_imports=()
    )
    assert outcome.status == "setup-failed"
    assert "RuntimeError: the fixture home is missing" in outcome.setup_error
    assert "child.py" not in outcome.setup_error
    # What the user reads names the cause, not only that setup failed.
    assert "RuntimeError: the fixture home is missing" in outcome.message
    assert [s.status for s in outcome.steps] == ["not-run"]


def test_reruns_draw_the_same_random_numbers():
    draw = "import random, numpy\n(random.random(), float(numpy.random.rand()))"
    first, second, reseeded = run_pages(
        [page(draw), page(draw), page(draw, seed=7)], warm_imports=()
    )
    assert first.steps[0].output == second.steps[0].output
    assert first.steps[0].output != reseeded.steps[0].output


def test_a_page_process_dying_in_setup_is_crashed_with_no_step_blamed():
    [outcome] = run_pages(
        [page("1", setup=SetupRef("run_helpers:exit_during_setup", {"status": 5}))],
        warm_imports=(),
    )
    assert (outcome.status, outcome.exit_code, outcome.at_step) == ("crashed", 5, None)
    assert "during setup" in outcome.setup_error
    assert [s.status for s in outcome.steps] == ["not-run"]
