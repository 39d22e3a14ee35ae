"""The cross-language matrix: per guide, reference steps down, the guide's pages across.

A cell answers two questions about one reference step on one page: how did the page steps
that do it run (the worst verdict among them by `Verdict.severity`, with the drift rules and
doc defects that touched them, and how many TensorFlow twins were skipped), and did they
produce what the reference produces (the step's verification status). A missing step is a cell too, with
the reason. Renderers (terminal, JSON, HTML) all read this one structure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from polydoctest.check.verdict import StepResult
from polydoctest.reference.align import AlignedStep, MissingStep
from polydoctest.reference.model import Guide
from polydoctest.reference.verify import ReferenceRun, StepCheck, Verification
from polydoctest.verdicts import Verdict


@dataclass(frozen=True)
class MatrixColumn:
    label: str
    path: str
    language: str


@dataclass(frozen=True)
class Cell:
    """`verdict` is None for a missing step. `rules` are the drift rules and doc defects found
    in the page steps; `tensorflow` the page's skipped TensorFlow twins of the step."""

    verdict: Verdict | None
    check: StepCheck
    found: AlignedStep | MissingStep
    rules: tuple[str, ...]
    tensorflow: tuple[int, ...]

    @property
    def code_differs(self) -> bool:
        return isinstance(self.found, AlignedStep) and bool(self.found.differences)


@dataclass(frozen=True)
class GuideMatrix:
    guide: Guide
    reference: ReferenceRun | None
    columns: tuple[MatrixColumn, ...]
    cells: Mapping[tuple[str, str], Cell]

    def cell(self, step_id: str, label: str) -> Cell:
        return self.cells[(step_id, label)]


@dataclass(frozen=True)
class MatrixPage:
    """What the matrix needs of one page's run: where it is, its language, its verification
    against the guide and its judged steps."""

    path: str
    language: str
    verification: Verification
    results: Sequence[StepResult]


def guide_matrices(pages: Sequence[MatrixPage], references: Sequence[ReferenceRun]) -> tuple[GuideMatrix, ...]:
    """One matrix per guide that has pages, in the order the guides first appear."""
    by_guide: dict[str, list[MatrixPage]] = {}
    for page in pages:
        by_guide.setdefault(page.verification.alignment.guide.id, []).append(page)
    runs = {run.guide.id: run for run in references}
    matrices = []
    for guide_pages in by_guide.values():
        guide = guide_pages[0].verification.alignment.guide
        columns = _columns(guide_pages)
        cells = {
            (step.id, column.label): _cell(page, step.id)
            for column, page in zip(columns, guide_pages)
            for step in guide.steps
        }
        matrices.append(GuideMatrix(guide, runs.get(guide.id), columns, cells))
    return tuple(matrices)


def _columns(pages: Sequence[MatrixPage]) -> tuple[MatrixColumn, ...]:
    languages = [page.language for page in pages]
    return tuple(MatrixColumn(column_label(page.language, page.path, languages), page.path, page.language) for page in pages)


def column_label(language: str, path: str, languages: Sequence[str]) -> str:
    """Columns are labelled by language; a language with several pages among `languages` adds
    the file name."""
    return language if languages.count(language) == 1 else f"{language}: {_stem(path)}"


def _stem(path: str) -> str:
    return path.rsplit("/", 1)[-1].rsplit(".", 1)[0]


def _cell(page: MatrixPage, step_id: str) -> Cell:
    found = page.verification.alignment.find(step_id)
    check = page.verification.check(step_id)
    if isinstance(found, MissingStep):
        return Cell(None, check, found, (), found.tensorflow_steps)
    results = [r for r in page.results if r.index in found.page_steps]
    verdict = max((r.verdict for r in results), key=lambda v: v.severity) if results else None
    rules = tuple(dict.fromkeys(finding.rule for r in results for finding in r.findings))
    return Cell(verdict, check, found, rules, found.tensorflow_steps)
