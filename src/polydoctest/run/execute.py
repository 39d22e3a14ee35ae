"""Running one step in the page namespace and describing how it went.

A `doctest` step runs statement by statement like the interactive interpreter and stops at
the first exception, keeping what was printed so far. The whole step is parsed first, so a
step with a syntax error runs nothing. A failing step whose cause is a missing import gets one
rerun after the import (see `remedies`).

The page's environment (what the setup hook gave) may offer `explain(error)`: when a failure
is the environment's own gap (an offline fixture it lacks, a Hub route it does not serve), an
account of it in plainer words than the library's. The runner stays ignorant of what
environments exist and records the account beside the error; the checker reads it as "the
harness could not verify this step". It may also offer `notes()`: what it stood in for since
last asked (a picture served in place of a download), recorded with the step that asked for it.
"""

from __future__ import annotations

import ast
import sys
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Callable

Explainer = Callable[[BaseException], object]
Notes = Callable[[], Sequence[object]]

from polydoctest.run.capture import StepCapture
from polydoctest.run.job import StepJob
from polydoctest.run.namespace import PageNamespace, step_filename, step_tracebacks
from polydoctest.run.outcome import Remedy, StepError, StepOutcome
from polydoctest.run.remedies import missing_import


@dataclass
class _Attempt:
    tree: ast.Module | None
    output: str
    stderr: str
    exception: BaseException | None


def run_step(
    step: StepJob,
    namespace: PageNamespace,
    capture: StepCapture,
    on_attempt: Callable[[], None],
    explain: Explainer | None = None,
    notes: Notes | None = None,
) -> StepOutcome:
    """Run `step`; `on_attempt` is called before each run of it (the first and a remedy's)."""
    if step.mode == "skip":
        return StepOutcome(index=step.index, status="skipped")
    started = time.perf_counter()
    _notes(notes)  # forget what was stood in before this step: it is not this step's
    on_attempt()
    attempt = _run_once(step, namespace, capture)
    remedy = _remedy_for(step, attempt, namespace)
    if remedy is not None:
        on_attempt()
        attempt = _run_once(step, namespace, capture)
    error = attempt.exception
    return StepOutcome(
        index=step.index,
        status="ok" if error is None else "memory" if isinstance(error, MemoryError) else "error",
        output=attempt.output,
        stderr=attempt.stderr,
        error=None if error is None else describe_exception(error, explain),
        remedy=remedy,
        duration_s=time.perf_counter() - started,
        notes=_notes(notes),
    )


def _notes(notes: Notes | None) -> tuple[str, ...]:
    if notes is None:
        return ()
    try:
        return tuple(dict.fromkeys(str(note) for note in notes()))  # a rerun or a second fetch says nothing new
    except Exception:  # noqa: BLE001 - a broken environment must not hide how the step went
        return ()


def _run_once(step: StepJob, namespace: PageNamespace, capture: StepCapture) -> _Attempt:
    capture.begin()
    tree, exception = None, None
    try:
        tree, codes = namespace.compile(step)
        for code in codes:
            exec(code, namespace.globals)
            sys.stdout.flush()  # keeps displayed values in order with output written by C code
    except BaseException as error:  # noqa: BLE001 - a step's SystemExit is its failure too
        exception = error
    output, stderr = capture.end()
    return _Attempt(tree, output, stderr, exception)


def _remedy_for(step: StepJob, attempt: _Attempt, namespace: PageNamespace) -> Remedy | None:
    if attempt.exception is None or attempt.tree is None:
        return None
    remedy = missing_import(
        attempt.exception, attempt.tree, step_filename(step.index), namespace.globals
    )
    if remedy is None:
        return None
    try:
        exec(remedy.fix, namespace.globals)
    except Exception:  # noqa: BLE001 - the module is there but broken: report the NameError
        return None
    return remedy


def describe_exception(exception: BaseException, explain: Explainer | None = None) -> StepError:
    """The exception with a traceback that starts at the first frame of page code, so its
    frames read `File "<step N>", line L` instead of the runner's own files."""
    if isinstance(exception, SyntaxError):
        text = "".join(traceback.format_exception_only(type(exception), exception))
        return StepError(_type_name(exception), str(exception.msg), text, exception.lineno)
    frames = step_tracebacks(exception.__traceback__)
    start = frames[0] if frames else None
    text = "".join(traceback.format_exception(type(exception), exception, start))
    return StepError(
        type=_type_name(exception),
        message=str(exception),
        traceback=text,
        lineno=frames[-1].tb_lineno if frames else None,
        explanation=_explanation(exception, explain),
    )


def _explanation(exception: BaseException, explain: Explainer | None) -> str | None:
    if explain is None:
        return None
    try:
        account = explain(exception)
    except Exception:  # noqa: BLE001 - a broken explainer must not hide the real error
        return None
    return None if account is None else str(account)


def _type_name(exception: BaseException) -> str:
    """As a traceback's last line names it: `NameError`, `huggingface_hub.errors.HfHubHTTPError`."""
    cls = type(exception)
    return cls.__qualname__ if cls.__module__ == "builtins" else f"{cls.__module__}.{cls.__qualname__}"
