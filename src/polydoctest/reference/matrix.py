"""The cross-language matrix: per guide, reference steps down, the guide's pages across.

A cell answers two questions about one reference step on one page: how did the page steps
that do it run (the worst verdict among them by `Verdict.severity`, with the drift rules and
doc defects that touched them, and how many TensorFlow twins were skipped), and did they
produce what the reference produces (the step's verification status). A missing step is a cell too, with
the reason. When the guide is an English original run as the reference, the original is a
column too (`reference`): its cells say how each step ran in the reference's own run, whose
values are the ones the translations are compared with. Renderers (terminal, JSON, HTML) all
read this one structure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from polydoctest.check.verdict import StepResult
from polydoctest.reference.align import AlignedStep, MissingStep
from polydoctest.reference.model import Guide
from polydoctest.reference.verify import ReferenceRun, StepCheck, Verification
from polydoctest.verdicts import Verdict

# The language of the originals a docs tree's translations are made from.
ORIGINAL_LANGUAGE = "en"


@dataclass(frozen=True)
class MatrixColumn:
    label: str
    path: str
    language: str
    reference: bool = False
    """The English original run as the reference, not a page of the run."""


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
        run = runs.get(guide.id)
        original = run is not None and guide.original is not None
        columns = _columns(guide_pages, guide.original if original else None)
        cells = {
            (step.id, column.label): _cell(page, step.id)
            for column, page in zip(columns, guide_pages)
            for step in guide.steps
        }
        if original:
            cells |= {(step.id, columns[-1].label): _reference_cell(run, step.id) for step in guide.steps}
        matrices.append(GuideMatrix(guide, run, columns, cells))
    return tuple(matrices)


def _columns(pages: Sequence[MatrixPage], original: str | None) -> tuple[MatrixColumn, ...]:
    """A column per page, then the original's when it is the reference."""
    languages = [page.language for page in pages] + ([ORIGINAL_LANGUAGE] if original else [])
    columns = [MatrixColumn(column_label(page.language, page.path, languages), page.path, page.language) for page in pages]
    if original:
        label = column_label(ORIGINAL_LANGUAGE, original, languages)
        columns.append(MatrixColumn(label, original, ORIGINAL_LANGUAGE, reference=True))
    return tuple(columns)


def column_label(language: str, path: str, languages: Sequence[str]) -> str:
    """Columns are labelled by language; a language with several pages among `languages` adds
    the file name."""
    return language if languages.count(language) == 1 else f"{language}: {_stem(path)}"


def _stem(path: str) -> str:
    return path.rsplit("/", 1)[-1].rsplit(".", 1)[0]


def _reference_cell(run: ReferenceRun, step_id: str) -> Cell:
    """How the original's step ran as the reference: left out with these libraries, failed
    (nothing to compare a translation with), or ran, and its values are the reference's."""
    if step_id in run.left_out:
        check = StepCheck(step_id, "not-run", f"not run with these libraries: {run.left_out[step_id]}")
        verdict = Verdict.SKIPPED
    elif (failure := run.failure(step_id)) is not None:
        check = StepCheck(step_id, "reference-failed", f"the reference step failed: {failure}")
        verdict = Verdict.FAILED
    else:
        check = StepCheck(step_id, "reference", None)
        verdict = Verdict.PASSED
    return Cell(verdict, check, AlignedStep(step_id, (), (), ()), (), ())


def _cell(page: MatrixPage, step_id: str) -> Cell:
    found = page.verification.alignment.find(step_id)
    check = page.verification.check(step_id)
    if isinstance(found, MissingStep):
        return Cell(None, check, found, (), found.tensorflow_steps)
    results = [r for r in page.results if r.index in found.page_steps]
    verdict = max((r.verdict for r in results), key=lambda v: v.severity) if results else None
    rules = tuple(dict.fromkeys(finding.rule for r in results for finding in r.findings))
    return Cell(verdict, check, found, rules, found.tensorflow_steps)
