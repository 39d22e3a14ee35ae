"""A reference guide as data: ordered named steps of current-API PyTorch code, each with the
observations that say what it produced.

A guide page, in any language, must do what its reference does. The reference is written once,
against the newest libraries, and runs like a page (same runner, fixtures and seed); its
observations are the values every translation is compared with. An observation is a Python
expression over the names the guide defines, evaluated in the namespace right after its step.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from polydoctest.pycode import defined_names, used_names


@dataclass(frozen=True)
class Observation:
    """`expression` reads the guide's names (as the reference spells them; a page's own names
    are substituted before it is evaluated there) and must not change anything."""

    name: str
    expression: str


@dataclass(frozen=True)
class RefStep:
    """One thing the guide does. `needs` names earlier steps this one depends on other than
    through Python names, e.g. a load of the repo that `push` uploaded."""

    id: str
    title: str
    code: str
    observations: tuple[Observation, ...] = ()
    needs: tuple[str, ...] = ()
    section: str | None = None
    """The heading of the English original the step is under (`original.py`)."""

    @cached_property
    def defines(self) -> frozenset[str]:
        return frozenset(defined_names(self.code))


@dataclass(frozen=True)
class Guide:
    """`path_hints` are file stems a page of this guide usually has: a hint, never proof.
    `original`: the English page the guide was made from (`original.py`); None for a guide
    written by hand, the stronger check."""

    id: str
    title: str
    steps: tuple[RefStep, ...]
    path_hints: tuple[str, ...] = ()
    original: str | None = None
    fragments: tuple[str, ...] = ()
    """Code of the original that is not Python (an illustration, a signature): a page's step
    with the same code is no step of its own."""

    @property
    def source(self) -> str:
        return "package" if self.original is None else "original"

    def step(self, step_id: str) -> RefStep:
        return next(step for step in self.steps if step.id == step_id)

    def position(self, step_id: str) -> int:
        return next(i for i, step in enumerate(self.steps) if step.id == step_id)

    def dependencies(self, step_id: str) -> frozenset[str]:
        """Every earlier step this one depends on, directly or not, through the names it and its
        observations read or through `needs`."""
        found: set[str] = set()
        pending = [step_id]
        while pending:
            current = self.step(pending.pop())
            position = self.position(current.id)
            wanted = _names_read(current)
            for earlier in reversed(self.steps[:position]):
                direct = earlier.id in current.needs or wanted & earlier.defines
                wanted -= earlier.defines
                if direct and earlier.id not in found:
                    found.add(earlier.id)
                    pending.append(earlier.id)
        return frozenset(found)


def _names_read(step: RefStep) -> set[str]:
    """Names the step takes from earlier steps: read by its code before it binds them, or read
    by its observations and not bound by the step itself."""
    names = used_names(step.code)
    for item in step.observations:
        names |= used_names(item.expression) - step.defines
    return names
