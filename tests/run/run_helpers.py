"""Helpers for the run tests: building page jobs, and setup hooks that page processes call."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Iterator

from polydoctest.run import PageJob, StepJob


def page(*sources: str, page_id: str = "page", mode: str = "doctest", **options) -> PageJob:
    """A page whose steps are `sources`, indexed from 0."""
    return PageJob(
        page_id=page_id,
        steps=tuple(StepJob(index, source, mode=mode) for index, source in enumerate(sources)),
        **options,
    )


def set_variable(name: str, value: str) -> None:
    os.environ[name] = value


@contextlib.contextmanager
def session(name: str, teardown_marker: str) -> Iterator[None]:
    os.environ[name] = "inside"
    yield
    Path(teardown_marker).write_text("session closed")


def broken_setup() -> None:
    raise RuntimeError("the fixture home is missing")


def exit_during_setup(status: int) -> None:
    os._exit(status)


def observation_helpers() -> dict:
    return {"doubled": lambda value: 2 * value}
