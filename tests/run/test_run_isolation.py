"""Each page runs isolated: a page that hangs, crashes or exhausts memory is reported as such,
with the step it was in, and every other page completes."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import psutil
from run_helpers import page

from polydoctest.run import (
    PageFinished,
    PageJob,
    PageStarted,
    Runner,
    StepFinished,
    StepJob,
    StepStarted,
    run_page,
    run_pages,
)


def test_a_hanging_step_times_out_and_the_other_page_passes():
    hanging = PageJob(
        "hangs",
        (StepJob(0, "x = 1"), StepJob(1, "while True: pass", timeout_s=1.0), StepJob(2, "x")),
    )
    healthy = page("1 + 1", "'done'", page_id="passes")
    outcomes = run_pages([hanging, healthy], workers=2, warm_imports=())

    assert [s.status for s in outcomes[0].steps] == ["ok", "timeout", "not-run"]
    assert (outcomes[0].status, outcomes[0].at_step) == ("timed-out", 1)
    timeout = outcomes[0].steps[1].error
    assert timeout.type == "Timeout" and "1 s" in timeout.message
    assert 'File "<step 1>", line 1' in timeout.traceback  # where it hung
    assert outcomes[1].status == "ok"
    assert [s.output for s in outcomes[1].steps] == ["2\n", "'done'\n"]


def test_a_hang_in_code_that_blocks_signals_is_killed_too():
    source = "import signal, time\nsignal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1, signal.SIGTERM, signal.SIGINT})\ntime.sleep(60)"
    job = PageJob("blocked", (StepJob(0, source, timeout_s=0.5),))
    outcome = run_page(job, warm_imports=())
    assert (outcome.status, outcome.steps[0].status) == ("timed-out", "timeout")


def test_a_page_that_exits_is_crashed_with_its_exit_code_and_step():
    outcome = run_page(page("print('partial')", "import os\nprint('last words')\nos._exit(3)", "1"), warm_imports=())
    assert outcome.status == "crashed"
    assert (outcome.exit_code, outcome.at_step) == (3, 1)
    assert [s.status for s in outcome.steps] == ["ok", "crashed", "not-run"]
    assert outcome.steps[1].output == "last words\n"  # written before it died
    assert "status 3" in outcome.message


def test_a_segfault_is_crashed_with_the_signal_and_the_stack_in_the_step():
    outcome = run_page(page("import ctypes\nctypes.string_at(0)"), warm_imports=())
    assert (outcome.status, outcome.signal) == ("crashed", "SIGSEGV")
    error = outcome.steps[0].error
    assert error.type == "Crash" and error.lineno == 2
    assert 'File "<step 0>", line 2' in error.traceback


def test_a_page_cannot_kill_the_runner_or_another_page_with_signals():
    killer = page(
        "import os, signal\nos.killpg(0, signal.SIGKILL)",
        "os.kill(os.getppid(), signal.SIGKILL)",
        "os.kill(-1, signal.SIGKILL)",
        "'still here'",
        page_id="killer",
    )
    with Runner(warm_imports=()) as runner:
        outcomes = runner.run([killer, page("import time\ntime.sleep(0.5)\n'alive'", page_id="survivor")])
        again = runner.run([page("'the runner still runs pages'")])
    assert outcomes[1].steps[0].output == "'alive'\n"
    assert again[0].steps[0].output == "'the runner still runs pages'\n"
    assert outcomes[0].status in ("ok", "crashed")  # it may end itself, nothing else


def test_unbounded_allocation_is_stopped_at_the_memory_cap():
    job = page(
        "x = []\nwhile True: x.append(bytearray(10**7))", "'never'", memory_limit_mb=300
    )
    outcome = run_page(job, warm_imports=())
    assert outcome.status == "memory"
    assert outcome.at_step == 0
    assert [s.status for s in outcome.steps] == ["memory", "not-run"]
    assert outcome.steps[0].error.lineno == 2
    assert 250 < outcome.peak_rss_mb < 1000


def test_pages_get_their_own_working_directory():
    writer = page("open('my_awesome_model.txt', 'w').write('A')", page_id="writer")
    reader = page("import os\nos.path.exists('my_awesome_model.txt')", page_id="reader")
    outcomes = run_pages([writer, reader], warm_imports=())
    assert outcomes[1].steps[0].output == "False\n"
    assert outcomes[0].workdir is None  # temporary and removed


def test_a_kept_or_given_workdir_stays(tmp_path: Path):
    given = tmp_path / "given"
    kept, used = run_pages(
        [
            page("open('out.txt', 'w').write('kept')", keep_workdir=True),
            page("import os\nprint(os.getcwd())\nopen('out.txt', 'w').write('given')", workdir=str(given)),
        ],
        warm_imports=(),
    )
    assert Path(kept.workdir, "out.txt").read_text() == "kept"
    shutil.rmtree(kept.workdir)
    assert used.workdir == str(given)
    assert (given / "out.txt").read_text() == "given"
    assert used.steps[0].output.splitlines()[0] == os.path.realpath(given)


def test_outcomes_come_back_in_job_order_with_two_workers():
    slow = page("import time\ntime.sleep(0.6)\n'slow'", page_id="slow")
    fast = [page(f"'fast {n}'", page_id=f"fast {n}") for n in range(3)]
    outcomes = run_pages([slow, *fast], workers=2, warm_imports=())
    assert [o.page_id for o in outcomes] == ["slow", "fast 0", "fast 1", "fast 2"]
    assert [o.steps[0].output for o in outcomes] == ["'slow'\n", "'fast 0'\n", "'fast 1'\n", "'fast 2'\n"]


def test_two_workers_run_pages_at_the_same_time():
    # Pages cannot see each other, so the runner's events show it: both start before either ends.
    events = []
    pages = [page("import time\ntime.sleep(1)\n'done'", page_id=name) for name in ("a", "b")]
    run_pages(pages, workers=2, warm_imports=(), on_event=events.append)
    kinds = [type(event).__name__ for event in events if isinstance(event, (PageStarted, PageFinished))]
    assert kinds == ["PageStarted", "PageStarted", "PageFinished", "PageFinished"]


def test_events_report_each_page_and_every_step_once():
    events = []
    run_pages(
        [page("1", "import os\nos._exit(1)", "3", page_id="dies")],
        warm_imports=(),
        on_event=events.append,
    )
    kinds = [type(e).__name__ for e in events]
    assert kinds[0] == "PageStarted" and kinds[-1] == "PageFinished"
    finished = [e.outcome for e in events if isinstance(e, StepFinished)]
    assert [(s.index, s.status) for s in finished] == [(0, "ok"), (1, "crashed"), (2, "not-run")]
    assert [e.index for e in events if isinstance(e, StepStarted)] == [0, 1]
    assert isinstance(events[0], PageStarted) and events[0].steps == 3
    assert isinstance(events[-1], PageFinished) and events[-1].outcome.status == "crashed"


def test_subprocesses_a_page_leaves_behind_end_with_it():
    marker = f"polydoctest-leftover-{os.getpid()}"
    source = (
        "import subprocess\n"
        f"_ = subprocess.Popen(['sh', '-c', 'exec -a {marker} sleep 300'])\n"
        f"_ = subprocess.Popen(['sh', '-c', 'exec -a {marker} sleep 300'], start_new_session=True)\n"
        "'started'"
    )
    outcome = run_page(page(source), warm_imports=())
    assert outcome.steps[0].output == "'started'\n"
    time.sleep(0.2)
    survivors = [p for p in psutil.process_iter(["cmdline", "status"]) if marker in " ".join(p.info["cmdline"] or ())]
    assert [p for p in survivors if p.info["status"] != psutil.STATUS_ZOMBIE] == []
