"""What the runner is asked to do: plain, JSON-able descriptions of pages and their steps.

The runner knows nothing about Markdown or libraries; earlier stages turn a guide page into a
`PageJob` and the runner only needs code, a mode and limits. An `observe` step is not the page's:
it evaluates named expressions after the step before it, and what it saw comes back apart
(`PageOutcome.observations`), never among the page's steps or in their output.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import PurePosixPath
from typing import Any, Literal, Mapping, get_args

StepMode = Literal["doctest", "exec", "skip", "observe"]


@dataclass(frozen=True)
class StepJob:
    """One code step of a page.

    `doctest` runs each top-level statement like the interactive interpreter (expression values
    are displayed), `exec` runs the code whole and shows only what it prints, `skip` is not run.
    `timeout_s` overrides the page's `step_timeout_s`.

    `observe` runs no code of its own: it evaluates `expressions` (name -> expression) in the
    page's namespace, leaving the page as it was (see `observe.py`), and reports them as the
    observation `name`. Its `index` is that of the step it follows. `helpers` is an importable
    `"module:function"` giving the extra names the expressions may use.
    """

    index: int
    source: str = ""
    mode: StepMode = "doctest"
    skip_reason: str | None = None
    timeout_s: float | None = None
    name: str | None = None
    expressions: Mapping[str, str] = field(default_factory=dict)
    helpers: str | None = None

    def __post_init__(self) -> None:
        if self.mode not in get_args(StepMode):
            raise ValueError(f"step {self.index}: unknown mode {self.mode!r}")
        if (self.mode == "observe") != (self.name is not None):
            raise ValueError(f"step {self.index}: an observation, and only one, has a name")

    @property
    def observes(self) -> bool:
        return self.mode == "observe"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StepJob:
        return cls(**{**data, "expressions": dict(data.get("expressions", {}))})


@dataclass(frozen=True)
class SetupRef:
    """An importable `"module:function"` called with `kwargs` in the page process before its
    first step. If it returns a context manager, that is entered and exited when the page ends."""

    target: str
    kwargs: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        module, _, function = self.target.partition(":")
        if not module or not function:
            raise ValueError(f"setup target {self.target!r} is not of the form 'module:function'")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SetupRef:
        return cls(target=data["target"], kwargs=dict(data.get("kwargs", {})))


@dataclass(frozen=True)
class PageJob:
    """A page: steps run in order in one namespace, in a process of their own.

    `workdir` None means a fresh temporary directory, removed afterwards unless `keep_workdir`;
    a given `workdir` is used as is and never removed. `memory_limit_mb` caps the resident
    memory of the page's process tree, which includes the pages it shares with the warm parent.
    `require_sandbox` makes a page that cannot be fully sandboxed a setup failure instead of
    running with what the platform allows.

    `files` (a path relative to the working directory -> its text) are written there before the
    first step, with the working directory first on `sys.path`: code the page has the reader
    save as files (a package's modules) is imported from them, as from the reader's folder.
    """

    page_id: str
    steps: tuple[StepJob, ...]
    setup: SetupRef | None = None
    workdir: str | None = None
    keep_workdir: bool = False
    step_timeout_s: float = 60.0
    memory_limit_mb: int = 3072
    seed: int = 42
    require_sandbox: bool = False
    files: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "steps", tuple(self.steps))
        for path in self.files:
            if PurePosixPath(path).is_absolute() or ".." in PurePosixPath(path).parts:
                raise ValueError(f"file {path!r} is not inside the working directory")
        for before, step in zip((None, *self.steps), self.steps):
            if step.observes and (before is None or before.index != step.index):
                raise ValueError(f"observation {step.name!r} does not follow the step it names ({step.index})")

    @property
    def page_steps(self) -> tuple[StepJob, ...]:
        """The page's own steps, without its observations."""
        return tuple(step for step in self.steps if not step.observes)

    def timeout_for(self, step: StepJob) -> float:
        return self.step_timeout_s if step.timeout_s is None else step.timeout_s

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PageJob:
        setup = data.get("setup")
        return cls(
            **{
                **data,
                "steps": tuple(StepJob.from_dict(step) for step in data["steps"]),
                "setup": None if setup is None else SetupRef.from_dict(setup),
                "files": dict(data.get("files", {})),
            }
        )
