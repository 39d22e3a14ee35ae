"""What runs inside a page process, from the fork to its end.

The page process is a fork of the warm parent (into a PID namespace of its own: see
`pidns.py`), so it must never return into the caller's code. It detaches first: every
descriptor but its channel and key pipe closed, a session of its own (so the page can signal
only its own group), death when the parent dies, first pick for the kernel's OOM killer, stdin
from /dev/null (a headless `input()` fails instead of blocking). It reads the key that signs
its messages and closes that pipe (see `wire.py`), enters its namespaces, runs the setup hook,
locks itself down (see `sandbox.py`), and runs the steps.

Once it has reported that it is done it waits to be killed: the runner's executor never ends
the process itself, so a page process that ended on its own did so through page code.
"""

from __future__ import annotations

import faulthandler
import importlib
import os
import signal
import sys
import tempfile
import traceback
from contextlib import ExitStack
from typing import NoReturn

from polydoctest.run import kernel, sandbox
from polydoctest.run.capture import StepCapture
from polydoctest.run.execute import Explainer, Notes, run_step
from polydoctest.run.fresh import start_fresh
from polydoctest.run.job import PageJob, SetupRef
from polydoctest.run.limits import cap_data_segment, lift_data_cap, own_peak_rss_mb
from polydoctest.run.namespace import PageNamespace
from polydoctest.run.observe import observe
from polydoctest.run.scratch import PageDirs
from polydoctest.run.seeding import seed_everything
from polydoctest.run.warm import limit_page_threads
from polydoctest.run.wire import Send, receive_key, signed_sender

# Sent by the parent just before it kills the page, to get the page's stack in the dump.
DUMP_SIGNAL = signal.SIGUSR1
INTERNAL_ERROR = 70  # EX_SOFTWARE: the runner itself failed in the page process


def page_main(
    job: PageJob,
    dirs: PageDirs,
    message_fd: int,
    key_fd: int,
    threads: int,
    in_pid_namespace: bool,
    pid_problem: str | None,
) -> NoReturn:
    """Run `job` in this freshly forked process; `pid_problem` says why it is not in a PID
    namespace of its own, if it is not."""
    try:
        _detach((message_fd, key_fd), in_pid_namespace)
        send = signed_sender(message_fd, receive_key(key_fd))  # the key lives in its closure only
        view = sandbox.enter_page_namespaces([dirs.scratch, dirs.workdir], in_pid_namespace)
        problems = ((pid_problem,) if pid_problem else ()) + view.problems
        isolation = sandbox.Isolation(in_pid_namespace and view.proc, view.network, problems=problems)
        capture = StepCapture(dirs.scratch)
        dump = open(dirs.dump_file, "w", encoding="utf-8")  # noqa: SIM115 - lives until the end
        faulthandler.enable(dump, all_threads=True)
        faulthandler.register(DUMP_SIGNAL, dump, all_threads=True)
        _enter_page(dirs, bool(job.files))
        cap_data_segment(job.memory_limit_mb)
        limit_page_threads(threads)
        _run(job, dirs, view.tmp, isolation, send, capture)
    except BaseException:  # noqa: BLE001 - reported through stderr and the exit status
        traceback.print_exc()
        _flush()
        os._exit(INTERNAL_ERROR)
    _flush()
    while True:  # the parent kills us; ending ourselves would read as the page's doing
        signal.pause()


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass


def _detach(pipes: tuple[int, ...], in_pid_namespace: bool) -> None:
    """Keep only `pipes` (from the parent) and the standard streams. `in_pid_namespace`: the
    parent is outside it (so `getppid()` is 0) and its death ends the namespace's init, which
    ends this process too."""
    _close_all_but(0, 1, 2, *pipes)  # the parent's protocol pipe, other pages' channels
    parent = os.getppid()
    os.setsid()
    if kernel.is_linux():
        kernel.prctl(kernel.PR_SET_PDEATHSIG, signal.SIGKILL)
        if not in_pid_namespace and os.getppid() != parent:  # it died before prctl took effect
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


def _close_all_but(*kept: int) -> None:
    bounds = [-1, *sorted(set(kept)), os.sysconf("SC_OPEN_MAX")]
    for low, high in zip(bounds, bounds[1:]):
        if high > low + 1:  # an empty range would close every descriptor from `low` on
            os.closerange(low + 1, high)


def _enter_page(dirs: PageDirs, imports_from_workdir: bool) -> None:
    os.chdir(dirs.workdir)
    if imports_from_workdir:
        sys.path.insert(0, str(dirs.workdir))
    environment = sandbox.page_environment(os.environ, dirs.home, dirs.tmp)
    os.environ.clear()
    os.environ.update(environment)
    dirs.home.mkdir(exist_ok=True)
    tempfile.tempdir = None  # recomputed from TMPDIR on next use
    start_fresh()


def _run(
    job: PageJob,
    dirs: PageDirs,
    private_tmp: bool,
    isolation: sandbox.Isolation,
    send: Send,
    capture: StepCapture,
) -> None:
    namespace = PageNamespace()
    namespace.install()
    page_context = ExitStack()
    try:
        environment = _call_setup(job.setup, page_context)
        filesystem, capabilities, problems = sandbox.lock_down([dirs.scratch, dirs.workdir], private_tmp)
        isolation = sandbox.Isolation(
            isolation.processes, isolation.network, filesystem, capabilities, True, isolation.problems + problems
        )
        if job.require_sandbox and not isolation.complete:
            raise SandboxUnavailable(f"the page must run sandboxed, and this platform allows only this {isolation.describe()}")
    except BaseException as error:  # noqa: BLE001 - a setup failure is the page's outcome
        send("setup", error=_format_without_runner_frames(error), isolation=isolation.to_dict())
    else:
        send("setup", error=None, isolation=isolation.to_dict())
        seed_everything(job.seed)
        _run_steps(job, namespace, send, capture, getattr(environment, "explain", None), getattr(environment, "notes", None))
    send("done", teardown_error=_close(page_context))


class SandboxUnavailable(RuntimeError):
    """The job requires a complete sandbox and the platform cannot give one."""


def _run_steps(
    job: PageJob,
    namespace: PageNamespace,
    send: Send,
    capture: StepCapture,
    explain: Explainer | None,
    notes: Notes | None,
) -> None:
    for position, step in enumerate(job.steps):
        if step.observes:
            send("start", position=position)
            send("observed", position=position, values=observe(step, namespace, capture))
            continue
        outcome = run_step(
            step,
            namespace,
            capture,
            on_attempt=lambda p=position: send("start", position=p),
            explain=explain,
            notes=notes,
        )
        if outcome.status == "memory":
            lift_data_cap()  # so that the report and the teardown can still allocate
        send(
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
