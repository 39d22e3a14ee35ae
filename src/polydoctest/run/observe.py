"""Evaluating an `observe` step in the page's namespace without disturbing the page.

Each expression sees the page's names and those the step's `helpers` give, and is evaluated
under `torch.no_grad()` with every random generator's state saved and restored, so the page
goes on exactly as if nothing had looked at it. An expression that raises gives its error as
its value. What an expression prints is not the page's output and is dropped; the values go
to the parent as JSON (`values.py`) in a signed message of their own.
"""

from __future__ import annotations

import importlib
import random
import sys
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

from polydoctest.run.capture import StepCapture
from polydoctest.run.job import StepJob
from polydoctest.run.namespace import PageNamespace
from polydoctest.run.values import json_value


def observe(step: StepJob, namespace: PageNamespace, capture: StepCapture) -> dict[str, Any]:
    """Each of `step.expressions`' names with its value as JSON."""
    capture.begin()
    try:
        with _untouched_state():
            try:
                scope = {**_helpers(step.helpers), **namespace.globals}
            except Exception as error:  # noqa: BLE001 - no expression can be evaluated, each says why
                return {name: _error(error) for name in step.expressions}
            return {name: _value(expression, scope) for name, expression in step.expressions.items()}
    finally:
        capture.end()


def _value(expression: str, scope: dict[str, Any]) -> Any:
    try:
        return json_value(eval(expression, scope))  # noqa: S307 - the caller's own expressions
    except Exception as error:  # noqa: BLE001 - a failing observation is a value
        return _error(error)


def _error(error: Exception) -> dict[str, str]:
    return {"error": f"{type(error).__name__}: {error}"}


def _helpers(target: str | None) -> dict[str, Any]:
    if target is None:
        return {}
    module_name, _, function = target.partition(":")
    return dict(getattr(importlib.import_module(module_name), function)())


@contextmanager
def _untouched_state() -> Iterator[None]:
    import numpy.random  # warm: `warm_up` imported it in the parent

    torch = sys.modules.get("torch")
    saved = random.getstate(), numpy.random.get_state(), torch.random.get_rng_state() if torch else None
    grad = torch.no_grad() if torch else nullcontext()
    try:
        with grad:
            yield
    finally:
        random.setstate(saved[0])
        numpy.random.set_state(saved[1])
        if torch:
            torch.random.set_rng_state(saved[2])
