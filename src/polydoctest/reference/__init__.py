"""The reference: what each guide does, written once in current PyTorch code, and the check
that every page of the guide, in every language, does the same.

`guides` holds the reference guides (ordered named steps with observations). Before a run,
`prepare_page` says which guide a page is (`identify`), which page steps do which reference
step (`align`) and where to observe; the pipeline runs the page with those observation
steps and the reference beside it (`jobs`), then `verify` compares the values and names the
findings (`findings`), joined by part of the page so that a section the original rewrote is
one finding (`parts`). A reference step that uses what the installed libraries removed (a
pipeline task transformers 5 dropped) is left out of the reference's run and is not verified
there, as the page's own step is skipped. `matrix` lays the results out per guide: reference
steps down, languages across, the English original's own run last when it is the reference.
"""

from polydoctest.reference.align import AlignedStep, Alignment, Difference, ExtraStep, MissingStep, PageStep, align
from polydoctest.reference.guides import GUIDES, guide
from polydoctest.reference.identify import Identification, identify
from polydoctest.reference.model import Guide, Observation, RefStep
from polydoctest.reference.prepare import PageCheck, prepare_page
from polydoctest.reference.findings import Finding, Mismatch
from polydoctest.reference.verify import ReferenceRun, StepCheck, Verification, verify

__all__ = [
    "GUIDES",
    "AlignedStep",
    "Alignment",
    "Difference",
    "ExtraStep",
    "Finding",
    "Guide",
    "Identification",
    "MissingStep",
    "Mismatch",
    "Observation",
    "PageCheck",
    "PageStep",
    "RefStep",
    "ReferenceRun",
    "StepCheck",
    "Verification",
    "align",
    "guide",
    "identify",
    "prepare_page",
    "verify",
]
