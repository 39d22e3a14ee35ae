"""What runs inside a page process, from the fork to `os._exit`.

The page process is a fork of the caller (a CLI, or pytest), so it must never return into the
caller's code: every path ends in `os._exit`. It detaches from the caller first: a session of
its own (so it can kill its whole process group without touching the parent, and the parent
can kill the page's subprocesses with it), death when the parent dies, first pick for the
kernel's OOM killer, stdin from /dev/null (a headless `input()` fails instead of blocking).
"""

from __future__ import annotations

import ctypes
import faulthandler
import importlib
import os
import signal
import sys
import tempfile
import traceback
from contextlib import ExitStack
from typing import NoReturn, Sequence

from polydoctest.run.capture import StepCapture
from polydoctest.run.execute import Explainer, run_step
from polydoctest.run.fresh import start_fresh
from polydoctest.run.job import PageJob, SetupRef
from polydoctest.run.limits import cap_data_segment, lift_data_cap, own_peak_rss_mb
from polydoctest.run.namespace import PageNamespace
from polydoctest.run.scratch import PageDirs
from polydoctest.run.seeding import seed_everything
from polydoctest.run.warm import limit_page_threads
from polydoctest.run.wire import Channel

# Sent by the parent just before it kills the page, to get the page's stack in the dump.
DUMP_SIGNAL = signal.SIGUSR1

_PR_SET_PDEATHSIG = 1
INTERNAL_ERROR = 70  # EX_SOFTWARE: the runner itself failed in the page process


def page_main(
    job: PageJob,
    dirs: PageDirs,
    message_fd: int,
    threads: int,
    parent_pid: int,
    foreign_fds: Sequence[int],
) -> NoReturn:
    """Run `job` in this freshly forked process and exit; `foreign_fds` are the parent's
    descriptors for other pages, which this page must not hold open."""
    status = 0
    try:
        _detach(parent_pid, foreign_fds)
        capture = StepCapture(dirs.scratch)
        dump = open(dirs.dump_file, "w", encoding="utf-8")  # noqa: SIM115 - lives until _exit
        faulthandler.enable(dump, all_threads=True)
        faulthandler.register(DUMP_SIGNAL, dump, all_threads=True)
        _enter_page(dirs)
        cap_data_segment(job.memory_limit_mb)
        limit_page_threads(threads)
        _run(job, Channel(message_fd), capture)
    except BaseException:  # noqa: BLE001 - reported through stderr and the exit status
        traceback.print_exc()
        status = INTERNAL_ERROR
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(status)


def _detach(parent_pid: int, foreign_fds: Sequence[int]) -> None:
    os.setsid()
    for fd in foreign_fds:
        os.close(fd)
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent_pid:  # the parent died before prctl took effect
            os._exit(INTERNAL_ERROR)
        try:
            with open("/proc/self/oom_score_adj", "w") as score:
                score.write("1000")
        except OSError:
            pass
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, signal.SIG_DFL)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115


def _enter_page(dirs: PageDirs) -> None:
    os.chdir(dirs.workdir)
    os.environ["TMPDIR"] = str(dirs.tmp)
    tempfile.tempdir = None  # recomputed from TMPDIR on next use
    start_fresh()


def _run(job: PageJob, channel: Channel, capture: StepCapture) -> None:
    namespace = PageNamespace()
    namespace.install()
    page_context = ExitStack()
    try:
        environment = _call_setup(job.setup, page_context)
    except BaseException as error:  # noqa: BLE001 - a setup failure is the page's outcome
        channel.send("setup", error=_format_without_runner_frames(error))
    else:
        channel.send("setup", error=None)
        seed_everything(job.seed)
        _run_steps(job, namespace, channel, capture, getattr(environment, "explain", None))
    channel.send("done", teardown_error=_close(page_context))


def _run_steps(
    job: PageJob,
    namespace: PageNamespace,
    channel: Channel,
    capture: StepCapture,
    explain: Explainer | None,
) -> None:
    for position, step in enumerate(job.steps):
        outcome = run_step(
            step,
            namespace,
            capture,
            on_attempt=lambda p=position: channel.send("start", position=p),
            explain=explain,
        )
        if outcome.status == "memory":
            lift_data_cap()  # so that the report and the teardown can still allocate
        channel.send(
            "step", position=position, outcome=outcome.to_dict(), peak_rss_mb=own_peak_rss_mb()
        )
        if outcome.status == "memory":
            return  # the namespace still holds the memory and is in an unknown state


def _call_setup(setup: SetupRef | None, page_context: ExitStack) -> object:
    """Call the setup hook; returns what it gave (entered, if it is a context manager)."""
    if setup is None:
        return None
    module_name, _, qualname = setup.target.partition(":")
    target = importlib.import_module(module_name)
    for attribute in qualname.split("."):
        target = getattr(target, attribute)
    result = target(**setup.kwargs)
    if hasattr(result, "__enter__") and hasattr(result, "__exit__"):
        return page_context.enter_context(result)
    return result


def _close(page_context: ExitStack) -> str | None:
    try:
        page_context.close()
    except BaseException as error:  # noqa: BLE001
        return _format_without_runner_frames(error)
    return None


def _format_without_runner_frames(error: BaseException) -> str:
    tb = error.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename == __file__:
        tb = tb.tb_next
    return "".join(traceback.format_exception(type(error), error, tb))
