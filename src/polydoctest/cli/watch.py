"""`polydoctest run PAGE --watch`: a translator's loop. The caller keeps its runner warm; the
pages are run again each time one of them is saved, until Ctrl-C (exit status 130, as for any
interrupted command).

A save is a change of a page's modification time or size, polled: an editor that writes a new
file and renames it over the page changes both, and polling needs no extra package and works
on every file system the pages live on. The files are those the last run read, stamped before
it read them, so a page saved while it was running is run again at once.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NoReturn

POLL_SECONDS = 0.25


def stamps(files: Iterable[Path]) -> dict[Path, tuple[int, int] | None]:
    """Each file's (modification time, size), None for one that is missing right now."""
    found: dict[Path, tuple[int, int] | None] = {}
    for path in files:
        try:
            status = path.stat()
        except OSError:
            found[path] = None
        else:
            found[path] = (status.st_mtime_ns, status.st_size)
    return found


def watch(run_once: Callable[[], Iterable[Path]]) -> NoReturn:
    """Call `run_once` (which returns the files it read), then again after each save of one."""
    files: list[Path] = []
    while True:
        before = stamps(files)  # stamped before the run reads them: a save during it counts
        files = list(run_once())
        if before.keys() != set(files):  # the first run, or a run that read other files
            before = stamps(files)
        print(f"watching {len(files)} page(s) for changes; Ctrl-C to stop", file=sys.stderr, flush=True)
        while stamps(files) == before:
            time.sleep(POLL_SECONDS)
