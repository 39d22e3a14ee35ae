"""The Linux kernel interfaces the sandbox is built from, called through libc.

Python 3.11 has no bindings for `unshare`, `mount`, Landlock or `capset`; these are thin
wrappers that raise `OSError` with the kernel's errno. Nothing here decides policy: that is
`sandbox.py`. Constants are the kernel's (uapi headers), not ours.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import socket
import struct
import sys

CLONE_NEWNS = 0x00020000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000

MS_NOSUID = 2
MS_NODEV = 4
MS_NOEXEC = 8
MS_BIND = 4096
MS_REC = 16384
MS_PRIVATE = 1 << 18

PR_SET_PDEATHSIG = 1
PR_CAPBSET_DROP = 24
PR_SET_NO_NEW_PRIVS = 38
PR_CAP_AMBIENT = 47
PR_CAP_AMBIENT_CLEAR_ALL = 4

# Landlock (linux/landlock.h). Every right that changes the filesystem; reading and executing
# are not restricted.
LANDLOCK_CREATE_RULESET_VERSION = 1
LANDLOCK_RULE_PATH_BENEATH = 1
FS_EXECUTE = 1 << 0
FS_WRITE_FILE = 1 << 1
FS_READ_FILE = 1 << 2
FS_READ_DIR = 1 << 3
FS_CHANGES_ABI1 = sum(1 << bit for bit in (1, 4, 5, 6, 7, 8, 9, 10, 11, 12))
FS_REFER = 1 << 13  # ABI 2
FS_TRUNCATE = 1 << 14  # ABI 3
FS_FILE_RIGHTS = FS_EXECUTE | FS_WRITE_FILE | FS_READ_FILE | FS_TRUNCATE
SCOPE_ABSTRACT_UNIX_SOCKET = 1 << 0  # ABI 6
SCOPE_SIGNAL = 1 << 1  # ABI 6
_LANDLOCK_SYSCALLS = (444, 445, 446)  # the same number on every architecture

SIOCGIFFLAGS = 0x8913
SIOCSIFFLAGS = 0x8914
IFF_UP = 0x1

_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long


def _check(result: int, what: str) -> int:
    if result < 0:
        code = ctypes.get_errno()
        raise OSError(code, f"{what}: {os.strerror(code)}")
    return result


def is_linux() -> bool:
    return sys.platform.startswith("linux")


def unshare(flags: int) -> None:
    _check(_libc.unshare(ctypes.c_int(flags)), "unshare")


def mount(source: str, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    encode = lambda text: None if text is None else text.encode()  # noqa: E731
    result = _libc.mount(encode(source), encode(target), encode(fstype), ctypes.c_ulong(flags), encode(data))
    _check(result, f"mount {target}")


def prctl(option: int, arg: int = 0, arg3: int = 0) -> None:
    _check(_libc.prctl(option, ctypes.c_ulong(arg), ctypes.c_ulong(arg3), 0, 0), "prctl")


def setns(fd: int, nstype: int) -> None:
    _check(_libc.setns(fd, nstype), "setns")


def write_id_maps(uid: int, gid: int, inside: int) -> None:
    """In a new user namespace: be `inside` there, mapped to our own `uid`/`gid` outside (the
    only mapping a process may set for itself)."""
    with open("/proc/self/setgroups", "w") as setgroups:
        setgroups.write("deny")
    with open("/proc/self/uid_map", "w") as uid_map:
        uid_map.write(f"{inside} {uid} 1")
    with open("/proc/self/gid_map", "w") as gid_map:
        gid_map.write(f"{inside} {gid} 1")


def loopback_up() -> None:
    """Bring up `lo`, the only interface of a new network namespace."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        request = struct.pack("16sH22x", b"lo", 0)  # struct ifreq: name, then ifr_flags
        flags = struct.unpack("16sH22x", fcntl.ioctl(sock, SIOCGIFFLAGS, request))[1]
        fcntl.ioctl(sock, SIOCSIFFLAGS, struct.pack("16sH22x", b"lo", flags | IFF_UP))


def drop_capabilities() -> None:
    """Give up every capability for good: bounding set, ambient set, then the process's own
    sets (capset with version 3 and all-zero data)."""
    last_cap = int(open("/proc/sys/kernel/cap_last_cap").read())  # noqa: SIM115
    for capability in range(last_cap + 1):
        try:
            prctl(PR_CAPBSET_DROP, capability)
        except OSError as error:
            if error.errno != errno.EPERM:  # without CAP_SETPCAP the set is already ours
                raise
    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL)
    header = struct.pack("Ii", 0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3, this process
    data = bytes(24)  # two {effective, permitted, inheritable} records, all empty
    _check(_libc.capset(ctypes.c_char_p(header), ctypes.c_char_p(data)), "capset")


def landlock_abi() -> int:
    """The Landlock ABI version this kernel offers; 0 when it has none (or not Linux)."""
    if not is_linux():
        return 0
    version = _libc.syscall(_LANDLOCK_SYSCALLS[0], None, ctypes.c_size_t(0), LANDLOCK_CREATE_RULESET_VERSION)
    return max(0, version)


def landlock_restrict(writable: dict[str, int], handled_fs: int, scoped: int, abi: int) -> None:
    """Forbid this process and its future children the `handled_fs` rights everywhere except
    beneath the paths of `writable` (path -> rights allowed there), and the `scoped` IPC."""
    create, add_rule, restrict_self = _LANDLOCK_SYSCALLS
    fields = [handled_fs, 0, scoped]  # handled_access_fs, handled_access_net, scoped
    size = 24 if abi >= 6 else 16 if abi >= 4 else 8
    attributes = struct.pack("QQQ", *fields)[:size]
    ruleset = _check(_libc.syscall(create, ctypes.c_char_p(attributes), ctypes.c_size_t(size), 0), "landlock_create_ruleset")
    try:
        for path, rights in writable.items():
            fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            try:
                rule = struct.pack("=Qi", rights, fd)  # struct landlock_path_beneath_attr, packed
                _check(_libc.syscall(add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, ctypes.c_char_p(rule), 0), f"landlock_add_rule {path}")
            finally:
                os.close(fd)
        prctl(PR_SET_NO_NEW_PRIVS, 1)
        _check(_libc.syscall(restrict_self, ruleset, 0), "landlock_restrict_self")
    finally:
        os.close(ruleset)
