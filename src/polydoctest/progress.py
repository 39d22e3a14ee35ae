"""Progress of the long phases (repair models, stand-ins, runner warm-up, pages) for the user.

Any stage may announce a phase; only the command line decides where it shows. On a terminal a
phase is a transient bar; in a log (stdout/stderr not a terminal) a phase that took longer than
`QUIET_SECONDS` leaves exactly one line when it ends, so CI logs say where the time went without
repainting bars. A phase whose units are worth naming (the pages of a run) passes a note with
each advance: in a log, each such advance is a line of its own, so a long phase is never silent.
Library use (tests, the pytest plugin) shows nothing until `show_on` is called.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

# A phase shorter than this leaves no line in a log.
QUIET_SECONDS = 2.0

_console: Console | None = None


def show_on(console: Console | None) -> None:
    """Show phases on `console` from now on (None: show nothing)."""
    global _console
    _console = console


@contextmanager
def phase(description: str, total: int | None = None) -> Iterator[Callable[..., None]]:
    """Announce a phase of `total` units of work (None: unknown); yields `advance(units, note)`."""
    console, started = _console, time.monotonic()
    done = 0
    if console is not None and console.is_terminal:
        bar = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=console, transient=True,
        )
        task = bar.add_task(escape(description), total=total)

        def advance(units: int = 1, note: str | None = None) -> None:
            nonlocal done
            done += units
            bar.update(task, advance=units, description=escape(f"{description}: {note}" if note else description))

        with bar:
            yield advance
        return

    def amount() -> str:
        return f"{done}/{total}" if total is not None else f"{done}"

    def count(units: int = 1, note: str | None = None) -> None:
        nonlocal done
        done += units
        if console is not None and note:
            console.print(f"{description} {amount()}: {note}", highlight=False, soft_wrap=True, markup=False)

    yield count
    elapsed = time.monotonic() - started
    if console is not None and elapsed >= QUIET_SECONDS:
        console.print(f"{description}: {amount()} in {elapsed:.1f} s", highlight=False, soft_wrap=True, markup=False)
