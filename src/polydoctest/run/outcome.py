"""What the runner found: plain, JSON-able results, one per step and one per page.

The checker compares a step's `output` with the page's expected output and reads `error` and
`remedy` to explain failures; nothing here judges whether a step "passed".
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal, Mapping

StepStatus = Literal["ok", "error", "timeout", "crashed", "memory", "skipped", "not-run"]

# `ok` means the page process ran every step to its end (steps may still have failed);
# `setup-failed` means the setup hook raised, so no step ran.
PageStatus = Literal["ok", "crashed", "timed-out", "memory", "setup-failed"]


@dataclass(frozen=True)
class StepError:
    """Why a step did not finish normally.

    `type` is the exception class name, or `Timeout`, `Crash` or `MemoryLimit` when the page
    process was stopped. Frames of step code in `traceback` read `File "<step N>", line L`
    where L is the 1-based line of the step's source; `lineno` is the innermost such line.
    """

    type: str
    message: str
    traceback: str = ""
    lineno: int | None = None
    explanation: str | None = None
    """The page's environment's account of the error when it is the environment's own gap
    (e.g. which offline fixture is missing)."""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StepError:
        return cls(**data)


@dataclass(frozen=True)
class Remedy:
    """A doc defect the runner repaired to go on, e.g. `missing-import` of `torch` by
    `import torch`; the step's status is that of the run after the repair."""

    kind: str
    name: str
    fix: str

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Remedy:
        return cls(**data)


@dataclass(frozen=True)
class StepOutcome:
    """`output` is what the step printed and displayed, as a REPL transcript shows it; `stderr`
    is kept apart because libraries log there and stderr text is not a failure."""

    index: int
    status: StepStatus
    output: str = ""
    stderr: str = ""
    error: StepError | None = None
    remedy: Remedy | None = None
    duration_s: float = 0.0
    notes: tuple[str, ...] = ()
    """What the page's environment stood in for during the step (see `execute`)."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StepOutcome:
        error, remedy = data.get("error"), data.get("remedy")
        return cls(
            **{
                **data,
                "error": None if error is None else StepError.from_dict(error),
                "remedy": None if remedy is None else Remedy.from_dict(remedy),
                "notes": tuple(data.get("notes", ())),
            }
        )


@dataclass(frozen=True)
class Observation:
    """What an `observe` step saw after step `after`: `values` maps each expression's name to
    its value as JSON, or to `{"error": ...}` when it raised."""

    name: str
    after: int
    values: Mapping[str, Any]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Observation:
        return cls(**data)


@dataclass(frozen=True)
class PageOutcome:
    """One page's run. When the page process died, `at_step` is the index of the step it was in
    (None: during setup), `exit_code`/`signal` say how it ended and `message` says it in words.
    `workdir` is set when the working directory was kept (given by the job or `keep_workdir`).
    `isolation` is what the sandbox gave the page (`sandbox.Isolation` as a dict).
    `steps` are the page's own steps; its `observe` steps are in `observations`, in the order
    they ran (one that did not run is absent). When the page died while observing, `at_step`
    is the step the observation followed."""

    page_id: str
    steps: tuple[StepOutcome, ...]
    status: PageStatus
    peak_rss_mb: float
    duration_s: float
    setup_error: str | None = None
    teardown_error: str | None = None
    exit_code: int | None = None
    signal: str | None = None
    at_step: int | None = None
    message: str | None = None
    workdir: str | None = None
    isolation: dict[str, Any] | None = None
    observations: tuple[Observation, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PageOutcome:
        return cls(
            **{
                **data,
                "steps": tuple(StepOutcome.from_dict(s) for s in data["steps"]),
                "observations": tuple(Observation.from_dict(o) for o in data.get("observations", ())),
            }
        )
