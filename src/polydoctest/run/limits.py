"""The per-page memory cap, enforced twice.

The parent polls the resident memory (RSS) of the page's process tree and kills the page when
it exceeds the cap: that covers every kind of memory, including memory-mapped model files and
the page's own subprocesses. The sum counts pages shared between processes once per process,
so the cap errs on the safe side.

Polling can be outrun by a fast allocation, so the page process also gets an RLIMIT_DATA of
"its data segment at start + the cap": anonymous allocations beyond it fail at once with
MemoryError, which the page reports as `memory` with a traceback. RLIMIT_AS is no use: torch
and its allocators reserve gigabytes of address space they never touch; RLIMIT_DATA counts
only writable private mappings (Linux >= 4.7).
"""

from __future__ import annotations

import resource

import psutil

MB = 1024 * 1024


def cap_data_segment(limit_mb: int) -> None:
    """In the page process: fail anonymous allocations that grow data by more than the cap."""
    current = psutil.Process().memory_info().data
    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    soft = current + limit_mb * MB
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))


def lift_data_cap() -> None:
    """After a MemoryError, so that the page process can still report it."""
    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    resource.setrlimit(resource.RLIMIT_DATA, (hard, hard))


def tree_rss_mb(process: psutil.Process) -> float:
    """RSS of `process` and all its descendants, in MB; 0 if it is gone."""
    total = 0
    try:
        members = [process, *process.children(recursive=True)]
    except psutil.Error:
        return 0.0
    for member in members:
        try:
            total += member.memory_info().rss
        except psutil.Error:
            pass  # exited between listing and reading
    return total / MB


def own_peak_rss_mb() -> float:
    """This process's RSS high-water mark; in a forked child it starts from the RSS at fork."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
