"""The page's warden: the process that watches the page and never runs page code.

The warm parent forks a process that enters the sandbox's namespaces (see `sandbox.py`) and
forks the warden, PID 1 of the new PID namespace; it only waits for the warden. The warden
makes the namespace's mounts, forks the page process and from then on only watches it. Page
code cannot reach the warden: it shares no descriptor with it, and Landlock keeps the page's
signals, ptrace and abstract sockets inside the page's own processes. So what the warden says
is the truth about how the page process ended, above all whether the page ended itself or
the runner ended it: the page's executor never exits on its own, it waits to be killed once it
has said it is done. When the warden ends, the kernel ends every process of the namespace.

Control bytes from the parent: `STOP` (dump signal, a short grace, then SIGKILL) and `END`
(SIGKILL: the page said it was done). The warden answers with one JSON line on the witness
pipe, {"status": wait status, "by_runner": bool}, and exits.
"""

from __future__ import annotations

import json
import os
import select
import signal
import time
import traceback
from pathlib import Path
from typing import Callable, NoReturn, Sequence

from polydoctest.run import kernel, sandbox

STOP = b"s"
END = b"e"
DUMP_SIGNAL = signal.SIGUSR1  # the page's faulthandler writes its stack on this signal
DUMP_GRACE_S = 0.2
INTERNAL_ERROR = 70  # EX_SOFTWARE: the runner itself failed

PageMain = Callable[[sandbox.Isolation, int, int], NoReturn]  # (isolation, namespaces, parent pid)


def sandbox_main(
    run_page: PageMain,
    page_fds: Sequence[int],
    page_dirs: Sequence[Path],
    control_fd: int,
    witness_fd: int,
    parent_pid: int,
) -> NoReturn:
    """In the process forked by the warm parent: detach, enter the namespaces, fork the warden
    and wait for it. `page_fds` are the page's alone: every other descriptor the warm parent
    had (its protocol pipe, other pages' channels) is closed before the page exists."""
    status = INTERNAL_ERROR
    try:
        os.setsid()
        _die_with_parent(parent_pid)
        _close_all_but(0, 1, 2, control_fd, witness_fd, *page_fds)
        flags, problems = sandbox.enter_namespaces()
        warden_pid = os.fork()
        if warden_pid == 0:
            _warden(run_page, flags, problems, page_fds, page_dirs, control_fd, witness_fd)
        for fd in (control_fd, witness_fd, *page_fds):
            os.close(fd)
        status = os.waitstatus_to_exitcode(os.waitpid(warden_pid, 0)[1]) % 256
    except BaseException:  # noqa: BLE001 - reported on stderr; the parent sees the status
        traceback.print_exc()
    finally:
        os._exit(status)


def _warden(
    run_page: PageMain,
    flags: int,
    problems: tuple[str, ...],
    page_fds: Sequence[int],
    page_dirs: Sequence[Path],
    control_fd: int,
    witness_fd: int,
) -> NoReturn:
    status = INTERNAL_ERROR
    try:
        _die_with_parent(None)
        processes, network, more = sandbox.inside_namespaces(flags, page_dirs)
        isolation = sandbox.Isolation(processes, network, problems=problems + more)
        my_pid = os.getpid()
        page_pid = os.fork()
        if page_pid == 0:
            os.close(control_fd)
            os.close(witness_fd)
            run_page(isolation, flags, my_pid)
        for fd in page_fds:
            os.close(fd)
        signal.signal(DUMP_SIGNAL, signal.SIG_IGN)
        _watch(page_pid, control_fd, witness_fd)
        status = 0
    except BaseException:  # noqa: BLE001
        traceback.print_exc()
    finally:
        os._exit(status)


def _close_all_but(*kept: int) -> None:
    bounds = [-1, *sorted(set(kept)), os.sysconf("SC_OPEN_MAX")]
    for low, high in zip(bounds, bounds[1:]):
        if high > low + 1:  # an empty range would close every descriptor from `low` on
            os.closerange(low + 1, high)


def _die_with_parent(parent_pid: int | None) -> None:
    """Be killed when the parent dies; `parent_pid` None: the parent is in another PID
    namespace, and waits for us, so it cannot have died yet."""
    if kernel.is_linux():
        kernel.prctl(kernel.PR_SET_PDEATHSIG, signal.SIGKILL)
    if parent_pid is not None and os.getppid() != parent_pid:  # it died before prctl took effect
        os._exit(INTERNAL_ERROR)


def _watch(page_pid: int, control_fd: int, witness_fd: int) -> None:
    """Wait for the page process to end or for the parent's word, then report."""
    watched = [control_fd]
    pidfd = os.pidfd_open(page_pid) if hasattr(os, "pidfd_open") else None
    if pidfd is not None:
        watched.append(pidfd)
    killed = False
    while True:
        ready, _, _ = select.select(watched, [], [], None if pidfd is not None else 0.02)
        if control_fd in ready:
            command = os.read(control_fd, 1)
            if command == STOP:
                _signal(page_pid, DUMP_SIGNAL)
                time.sleep(DUMP_GRACE_S)
            killed = _signal(page_pid, signal.SIGKILL) or killed
            if not command:  # the parent is gone: end the page with it
                watched.remove(control_fd)
        ended, status = os.waitpid(page_pid, 0 if killed else os.WNOHANG)
        if ended:
            by_runner = killed and os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
            os.write(witness_fd, (json.dumps({"status": status, "by_runner": by_runner}) + "\n").encode())
            return


def _signal(pid: int, signum: int) -> bool:
    """Signal the page process if it has not ended yet (an unreaped page keeps its pid)."""
    try:
        if os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None:
            return False
        os.kill(pid, signum)
    except (ChildProcessError, ProcessLookupError):
        return False
    return True
