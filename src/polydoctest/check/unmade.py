"""What a step reads that the page never makes: the reader's own, or an unrun step's.

Pages show how to load "your" vocabulary file, a long prompt saved beside the script, a local
checkpoint folder (`./path/to/local/directory`), the video a chat message points to, or how to call a pipeline task of your own
(`pipeline("my-new-task")`). When no step of the page names that path or task, the step is a
fragment: it illustrates with something the reader supplies, and its failure says nothing about
the page, nor does it when the steps that name it ran to their end (they only read it too).
When an earlier step names it but did not run (a conversion script in a shell step, a
registration that imports TensorFlow), the step is blocked by that step.

A model loaded by a bare name (`my_awesome_seg_model`) that no earlier step saves or pushes is
the page's own slip: no Hub repo is named without a namespace but the legacy models (`gpt2`),
so the name can only be a folder or repo of the page's own, and the page makes another (it
trained `tagger-finetuned` and loads `my_awesome_tagger`).

Plain data in (the error's type and message, the repo a load asked for, the page's step
sources), plain data out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from polydoctest.fixtures.synth.architecture import names_a_model_type
from polydoctest.fixtures.synth.requests import pushed_names, pushes
from polydoctest.run import StepError


@dataclass(frozen=True)
class Unmade:
    """How one kind of error names something the page did not make."""

    error: str
    """The exception class name."""
    message: re.Pattern[str]
    """Searched in the message; the group `name` is what was not found."""
    what: str
    """What it is, for the finding: `a file or folder`, `a pipeline task`."""
    made: str
    """How a page makes one: `creates`, `registers`."""
    readers: str
    """Whose it is when no step makes it: `the reader's own file`."""
    in_step: re.Pattern[str] | None = None
    """For a message that does not name it: the group `name` of this pattern in the step's code."""


_NOT_A_REPO = r"Repo id must be in the form .*: '(?P<name>[^']*/[^']*)'"

UNMADE = (
    Unmade("FileNotFoundError", re.compile(r"No such file or directory: '(?P<name>[^']+)'"), "file", "creates", "the reader's own file"),
    # torchvision's image reader raises it from C++, as a RuntimeError with the OS's words.
    Unmade("RuntimeError", re.compile(r"\[Errno 2\] No such file or directory: '(?P<name>[^']+)'"), "file", "creates", "the reader's own file"),
    # `from_pretrained` of a local folder that does not exist: the path is taken for a repo id.
    Unmade("OSError", re.compile(_NOT_A_REPO), "folder", "creates", "the reader's own folder"),
    Unmade("HFValidationError", re.compile(_NOT_A_REPO), "folder", "creates", "the reader's own folder"),
    Unmade("KeyError", re.compile(r"Unknown task (?P<name>[\w-]+)"), "pipeline task", "registers", "the reader's own task"),
    # transformers' loaders of a chat message's media: a path that is no file.
    Unmade("ValueError", re.compile(r"Incorrect image source\..* Got (?P<name>\S+)\. Failed with"), "file", "creates", "the reader's own file"),
    Unmade(
        "TypeError", re.compile(r"Incorrect format used for video"), "file", "creates", "the reader's own file",
        in_step=re.compile(r"""["'](?P<name>[^"'\s]+\.(?:mp4|avi|mov|mkv|webm|gif))["']"""),
    ),
)


@dataclass(frozen=True)
class Found:
    name: str
    row: Unmade
    maker: int | None
    """The position of the latest earlier step that names it and did not complete (None: no
    step could have made it; a step that ran to the end and named it only read it too)."""

    @property
    def fragment(self) -> str:
        return f"a fragment: reads the {self.row.what} `{self.name}`, which no step {self.row.made} ({self.row.readers})"


def unmade(error: StepError | None, sources: Sequence[str], completed: Sequence[bool], position: int) -> Found | None:
    """What the error says is missing, when the page's code up to this step names it (so the
    page, not a library's cache, asked for it), with the earlier step that would have made it,
    if any.
    `sources` and `completed` say, for each step of the page, its code and whether it ran to
    its end."""
    if error is None:
        return None
    for row in UNMADE:
        if error.type != row.error or not (found := row.message.search(error.message)):
            continue
        found = row.in_step.search(sources[position]) if row.in_step else found
        if found is None:
            continue
        name = found["name"]
        if any(_names(source, name) for source in sources[: position + 1]):
            maker = next((i for i in range(position - 1, -1, -1) if not completed[i] and _names(sources[i], name)), None)
            return Found(name, row, maker)
    return None


# An f-string literal: its text between the quotes (`f"audio_{i}.flac"`).
_F_STRING = re.compile(r"""\b[fF](["'])(?P<body>.*?)\1""")


def _names(source: str, name: str) -> bool:
    """Whether `source` writes `name` as a string or a shell word (`/output/path`, `"my-new-task"`),
    or as an f-string that makes it (`f"audio_{i}.flac"` makes `audio_0.flac`)."""
    if re.search(rf"(?<![\w./-]){re.escape(name.rstrip('/'))}/?(?![\w.-])", source):
        return True
    for found in _F_STRING.finditer(source):
        pieces = re.split(r"\{[^{}]*\}", found["body"])
        if len(pieces) > 1 and "".join(pieces) and re.fullmatch(".+".join(map(re.escape, pieces)), name):
            return True
    return False


@dataclass(frozen=True)
class UnsavedModel:
    repo: str
    saved: tuple[str, ...]
    """The names the earlier steps do save or push, sorted."""
    line: int
    """The line of the step that names the repo (1 when none does)."""

    @property
    def message(self) -> str:
        elsewhere = f" (it saves or pushes {', '.join(f'`{name}`' for name in self.saved)})" if self.saved else ""
        return f"loads the model `{self.repo}`, which no step of the page saves or pushes{elsewhere}: load the name the page gives its model"


def unsaved_model(repo: str, sources: Sequence[str], position: int, written: str) -> UnsavedModel | None:
    """The model `repo` a step loads, when it is a bare name that no earlier step saves or
    pushes. `sources` is the code each step of the page ran (or would have run); `written` is
    the loading step's code as the page writes it."""
    earlier = sources[:position]
    if "/" in repo or names_a_model_type(repo) or any(pushes(source, repo) for source in earlier):
        return None
    saved = tuple(sorted({name for source in earlier for name in _pushed_names(source)}))
    line = next((number for number, text in enumerate(written.splitlines(), 1) if repo in text), 1)
    return UnsavedModel(repo, saved, line)


def _pushed_names(source: str) -> set[str]:
    try:
        return pushed_names(source)
    except SyntaxError:
        return set()
