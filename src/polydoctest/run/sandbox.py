"""The page's sandbox, built from the operating system's own mechanisms.

Applied in the forked page process itself, so that the warm fork keeps its speed, in two moves:

1. `enter_page_namespaces` (first thing, before the setup hook): new network, mount, IPC and
   UTS namespaces (the PID namespace was made by the warm parent: see `pidns.py`); private
   mounts, a fresh `/proc` for the page's PID namespace, a private `/dev/shm`, a `/tmp` that
   shows the caller's files but keeps the page's writes to itself (an overlay), loopback up
   (the only interface).
2. `lock_down` (after the setup hook, before the first step): Landlock confines every write to
   the page's own directories and keeps signals, ptrace and abstract sockets inside the page's
   own processes; every capability is dropped, so nothing above can be undone.

The environment is rebuilt from an allow-list before the page sees it (`page_environment`),
and the warm parent itself is started with a scrubbed one (`runner_environment`), because
`/proc/self/environ` shows the environment a process was started with.

Where the platform allows less (no namespaces, no Landlock, not Linux), the page runs with what
it allows and `Isolation` says what it had; a job with `require_sandbox` refuses to run then.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

from polydoctest.run import kernel

PAGE_NAMESPACES = kernel.CLONE_NEWNS | kernel.CLONE_NEWNET | kernel.CLONE_NEWIPC | kernel.CLONE_NEWUTS
TMP = Path("/tmp")
SHM = Path("/dev/shm")
WRITABLE_FILES = ("/dev/null", "/dev/zero", "/dev/full")

# What a page may see of its caller's environment: locale, paths to run programs, thread counts
# and library switches. Tokens, keys and everything else stay out.
PASSED_VARIABLES = frozenset({
    "PATH", "LANG", "LANGUAGE", "TZ", "TERM", "COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR",
    "PYTHONPATH", "PYTHONHASHSEED", "PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED", "PYTHONWARNINGS",
    "VIRTUAL_ENV", "LD_LIBRARY_PATH", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
})
PASSED_PREFIXES = ("LC_", "OPENBLAS_", "POLYDOCTEST_")


@dataclass(frozen=True)
class Isolation:
    """What one page's sandbox had. `filesystem` names the mechanism confining writes."""

    processes: bool = False
    network: bool = False
    filesystem: str | None = None
    capabilities: bool = False
    environment: bool = False
    problems: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return self.processes and self.network and self.filesystem is not None and self.environment

    def describe(self) -> str:
        parts = [
            name
            for name, present in (
                ("processes", self.processes),
                ("network", self.network),
                (f"filesystem ({self.filesystem})", self.filesystem),
                ("capabilities dropped", self.capabilities),
                ("environment", self.environment),
            )
            if present
        ]
        text = "sandbox: " + (", ".join(parts) if parts else "none")
        return text + ("; missing: " + "; ".join(self.problems) if self.problems else "")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Isolation:
        return cls(**{**data, "problems": tuple(data.get("problems", ()))})


def is_passed(name: str) -> bool:
    return name in PASSED_VARIABLES or name.startswith(PASSED_PREFIXES)


def runner_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """The warm parent's environment: the caller's, less anything not on the allow-list."""
    kept = {name: value for name, value in environ.items() if is_passed(name)}
    kept.setdefault("PATH", os.defpath)
    if "HOME" in environ:  # the parent may need the user's caches (fixtures, models)
        kept["HOME"] = environ["HOME"]
    return kept


def page_environment(environ: Mapping[str, str], home: Path, tmp: Path) -> dict[str, str]:
    """The page's environment: the allow-listed variables, its own HOME and TMPDIR."""
    kept = {name: value for name, value in environ.items() if is_passed(name)}
    kept.setdefault("PATH", os.defpath)
    kept.update(HOME=str(home), TMPDIR=str(tmp), XDG_CACHE_HOME=str(home / ".cache"))
    return kept


@dataclass(frozen=True)
class PageView:
    """What `enter_page_namespaces` made the page's own."""

    network: bool = False
    tmp: bool = False
    proc: bool = False
    problems: tuple[str, ...] = ()


def enter_page_namespaces(keep: Sequence[Path], in_pid_namespace: bool) -> PageView:
    """In the page process: make its view of the system its own. `keep` are the page's
    folders, kept visible where they lie under /tmp."""
    if not kernel.is_linux():
        return PageView(problems=("no namespaces on this platform",))
    try:
        kernel.unshare(PAGE_NAMESPACES)
    except OSError as error:
        return PageView(problems=(f"no namespaces ({error.strerror}): network and mounts are the caller's",))
    problems: list[str] = []
    kernel.mount("none", "/", None, kernel.MS_REC | kernel.MS_PRIVATE)
    tmp = proc = False
    try:
        _private_tmp([path for path in keep if TMP in path.parents])
        tmp = True
    except OSError as error:
        problems.append(f"no private {TMP} ({error.strerror})")
    if in_pid_namespace:
        try:
            kernel.mount("proc", "/proc", "proc", kernel.MS_NOSUID | kernel.MS_NODEV | kernel.MS_NOEXEC)
            proc = True
        except OSError as error:
            problems.append(f"/proc still shows the caller's processes ({error.strerror})")
    try:
        kernel.loopback_up()
    except OSError as error:
        problems.append(f"loopback is down ({error.strerror})")
    return PageView(True, tmp, proc, tuple(problems))


def lock_down(writable: Sequence[Path], private_tmp: bool) -> tuple[str | None, bool, tuple[str, ...]]:
    """After the setup hook: confine writes to `writable` (plus /tmp and /dev/shm when they
    are the page's own) and drop every capability. Returns (filesystem mechanism,
    capabilities dropped, problems)."""
    problems: list[str] = []
    filesystem = None
    abi = kernel.landlock_abi()
    if abi:
        handled = kernel.FS_CHANGES_ABI1 | (kernel.FS_REFER if abi >= 2 else 0) | (kernel.FS_TRUNCATE if abi >= 3 else 0)
        rules = {str(path): handled for path in writable}
        if private_tmp:
            rules.update({str(path): handled for path in (TMP, SHM) if path.is_dir()})
        rules.update({path: handled & kernel.FS_FILE_RIGHTS for path in WRITABLE_FILES if os.path.exists(path)})
        scoped = kernel.SCOPE_SIGNAL | kernel.SCOPE_ABSTRACT_UNIX_SOCKET if abi >= 6 else 0
        try:
            kernel.landlock_restrict(rules, handled, scoped, abi)
            filesystem = f"Landlock ABI {abi}"
        except OSError as error:
            problems.append(f"writes not confined (Landlock: {error.strerror})")
    else:
        problems.append("writes not confined (this kernel has no Landlock)")
    capabilities = False
    if kernel.is_linux():
        try:
            kernel.drop_capabilities()
            capabilities = True
        except OSError as error:
            problems.append(f"capabilities kept ({error.strerror})")
    return filesystem, capabilities, tuple(problems)


def _private_tmp(keep: Sequence[Path]) -> None:
    """A private tmpfs on /dev/shm, and on /tmp an overlay whose writes go to that tmpfs; then
    the `keep` folders below /tmp (the page's own, which the parent reads) are bound back in
    place, reached through descriptors opened before they were covered."""
    handles = [os.open(path, os.O_PATH | os.O_DIRECTORY) for path in keep]
    try:
        kernel.mount("tmpfs", str(SHM), "tmpfs", kernel.MS_NOSUID | kernel.MS_NODEV, "mode=1777")
        upper, work = SHM / ".tmp-upper", SHM / ".tmp-work"
        upper.mkdir(mode=0o1777)
        work.mkdir()
        os.chmod(upper, 0o1777)
        options = f"lowerdir={TMP},upperdir={upper},workdir={work}"
        kernel.mount("overlay", str(TMP), "overlay", kernel.MS_NOSUID | kernel.MS_NODEV, options)
        for path, handle in zip(keep, handles):
            kernel.mount(f"/proc/self/fd/{handle}", str(path), None, kernel.MS_BIND)
    finally:
        for handle in handles:
            os.close(handle)
