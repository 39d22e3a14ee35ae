"""The `parse` stage: repaired page text -> page model (sections, fences, steps).

`parse_page(text, path)` is the entry point; the model in `polydoctest.parse.model` is plain
frozen data that later stages consume without knowing any Markdown.
"""

from __future__ import annotations

from polydoctest.parse.model import Fence, Page, Problem, Section, Step
from polydoctest.parse.page import parse_page

__all__ = ["Fence", "Page", "Problem", "Section", "Step", "parse_page"]
