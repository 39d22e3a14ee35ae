"""Read one page file in its docs tree: the page's text, and the corpus gathered for it.

This is where the files of a tree become the corpus `repair_text` is given: only a damaged
page needs one, gathered for the language the page is in (given, or shown by its intact
letters).
"""

from __future__ import annotations

import os
from typing import Iterable

from polydoctest.read.corpus import gather
from polydoctest.read.inputs import read_page_text
from polydoctest.read.repair import damaged_language, is_damaged, repair_text
from polydoctest.read.report import Reading


def read_page(path: str | os.PathLike, *, language: str | None = None, corpus: Iterable[str | os.PathLike] = ()) -> Reading:
    """Read the page file at `path` (see `repair_text`), with `corpus` (clean or damaged texts,
    page files or directories of them) gathered into clean texts; `InputError` if it is not a
    page."""
    text = read_page_text(path)
    if not corpus or not is_damaged(text):
        return repair_text(text, language=language)
    language = language or damaged_language(text)
    return repair_text(text, language=language, corpus=gather(corpus, language))
