"""A PID namespace per page, made by the warm parent without an extra fork of itself.

The warm parent asks the kernel for a new PID namespace for its next children only
(`unshare(CLONE_NEWPID)`), starts a tiny init there with `posix_spawn` (no copy of the warm
parent's memory), forks the page process into it, and takes its own namespace back for later
children (`setns`). The page process is the warm parent's own child, so its exit status comes
from the kernel, not from anything the page says; in its namespace it cannot see or signal a
process outside. The init waits on a pipe whose write end only the warm parent holds: when
the parent closes it (or dies), init exits, and the kernel ends every process left in the
namespace.

This needs CAP_SYS_ADMIN over the warm parent's PID namespace: root has it; otherwise
`enter_runner_namespaces` (at the warm parent's start) gives the parent a user and PID
namespace of its own. Where neither is possible the page is forked without one, and its
`Isolation` says so.
"""

from __future__ import annotations

import os
import signal
from dataclasses import dataclass
from typing import Callable

from polydoctest.run import kernel

INIT = ("/bin/sh", "-c", "read _")  # waits for end of input, then exits


@dataclass
class PidNamespace:
    """The warm parent's handle on a page's namespace: its init, and the pipe that keeps it."""

    init_pid: int
    keep_fd: int

    def close(self) -> None:
        """End the namespace: init exits on end of input, and the kernel ends the rest."""
        try:
            os.close(self.keep_fd)
        except OSError:
            pass
        try:
            os.kill(self.init_pid, signal.SIGKILL)
            os.waitpid(self.init_pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass


_own_namespace: int | None = None
_may_make_namespaces: bool | None = None  # this process may make PID namespaces and come back


def enter_runner_namespaces() -> None:
    """At the warm parent's start, before it imports anything: where it may not make PID
    namespaces for pages (not root, or root of a user namespace that does not own its PID
    namespace), become root of user, PID and mount namespaces of its own, with a /proc that
    matches (forking once, the original process waiting and passing on the status). Does
    nothing where that is impossible too (tried first in a throwaway child); pages then run
    without a PID namespace."""
    global _may_make_namespaces
    if not kernel.is_linux() or may_make_namespaces():
        return
    probe = os.fork()
    if probe == 0:
        _own_runner_namespaces()
        os._exit(0)
    if os.waitstatus_to_exitcode(os.waitpid(probe, 0)[1]) != 0:
        return
    _own_runner_namespaces()
    _may_make_namespaces = None


def _own_runner_namespaces() -> None:
    """Enter the namespaces and continue in a child that is PID 1 there; the calling process
    only waits for it. Exits (status 1) where this is not possible."""
    uid, gid = os.geteuid(), os.getegid()
    try:
        kernel.unshare(kernel.CLONE_NEWUSER | kernel.CLONE_NEWPID | kernel.CLONE_NEWNS)
        kernel.write_id_maps(uid, gid, inside=0)
    except OSError:
        os._exit(1)
    child = os.fork()
    if child:
        _, status = os.waitpid(child, 0)
        os._exit(os.waitstatus_to_exitcode(status) % 256)
    try:
        kernel.prctl(kernel.PR_SET_PDEATHSIG, signal.SIGKILL)
        kernel.mount("none", "/", None, kernel.MS_REC | kernel.MS_PRIVATE)
        kernel.mount("proc", "/proc", "proc", kernel.MS_NOSUID | kernel.MS_NODEV | kernel.MS_NOEXEC)
    except OSError:
        os._exit(1)


def may_make_namespaces() -> bool:
    """Whether this process can make a PID namespace for its next child and then take its own
    back (tried once, in a throwaway child)."""
    global _may_make_namespaces
    if _may_make_namespaces is None:
        probe = os.fork()
        if probe == 0:
            try:
                own = os.open("/proc/self/ns/pid", os.O_RDONLY)
                kernel.unshare(kernel.CLONE_NEWPID)
                kernel.setns(own, kernel.CLONE_NEWPID)
            except OSError:
                os._exit(1)
            os._exit(0)
        _may_make_namespaces = os.waitstatus_to_exitcode(os.waitpid(probe, 0)[1]) == 0
    return _may_make_namespaces


def fork_into_new_namespace(child: Callable[[bool, str | None], None]) -> tuple[int, PidNamespace | None]:
    """Fork a child that runs `child(in_namespace, why not)` and never returns; in a new PID
    namespace when the platform allows. Returns (child pid, its namespace if it has one)."""
    namespace, problem = _new_namespace()
    try:
        pid = os.fork()
        if pid == 0:
            child(namespace is not None, problem)
    finally:
        if namespace is not None:
            kernel.setns(_own_pid_namespace(), kernel.CLONE_NEWPID)
    return pid, namespace


def _new_namespace() -> tuple[PidNamespace | None, str | None]:
    if not kernel.is_linux():
        return None, "no PID namespaces on this platform"
    if not may_make_namespaces():
        return None, "no PID namespace (the runner may not make one here)"
    try:
        _own_pid_namespace()
        kernel.unshare(kernel.CLONE_NEWPID)
    except OSError as error:
        return None, f"no PID namespace ({error.strerror})"
    read_end, write_end = os.pipe()
    try:
        null = os.open(os.devnull, os.O_RDWR)
        try:
            actions = [(os.POSIX_SPAWN_DUP2, read_end, 0), (os.POSIX_SPAWN_DUP2, null, 1), (os.POSIX_SPAWN_DUP2, null, 2)]
            init = os.posix_spawn(INIT[0], list(INIT), {}, file_actions=actions)
        finally:
            os.close(null)
    except OSError as error:
        kernel.setns(_own_pid_namespace(), kernel.CLONE_NEWPID)
        os.close(write_end)
        return None, f"no init for a PID namespace ({error.strerror})"
    finally:
        os.close(read_end)
    return PidNamespace(init, write_end), None


def _own_pid_namespace() -> int:
    global _own_namespace
    if _own_namespace is None:
        _own_namespace = os.open("/proc/self/ns/pid", os.O_RDONLY | os.O_CLOEXEC)
    return _own_namespace
