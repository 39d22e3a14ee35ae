"""In-domain text for the language model: the pages next to the one being repaired.

The caller passes texts, files or directories. Clean pages are used as they are. A damaged
page is worth using too once repaired, but only where the repair is sure: it is repaired with
the base model alone and contributes its text minus the words holding an unsure fill (`CORPUS_SHARE`; in
Chinese, minus the unsure fills themselves: a run of letters there is a whole clause); those
repairs are announced as a phase, since a tree may hold many damaged pages. Passing the same set
for every page of a language (the page itself may be in it) means one corpus layer per
language; a page's own confident words then help with its unsure ones.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from polydoctest.errors import InputError
from polydoctest.progress import phase
from polydoctest.read.inputs import read_page_text
from polydoctest.read.models import sources
from polydoctest.read.models.base_model import build_bases
from polydoctest.read.repair import is_damaged, repair_text
from polydoctest.read.report import Reading

# File types read from a corpus directory.
PAGE_SUFFIXES = (".md", ".mdx", ".txt")
# A repaired word teaches the model when its fills have at least this share of belief. This is
# looser than the confidence a report states (report.CONFIDENT_FROM): a few wrong words among
# many teach the model little, while keeping only the words a report could vouch for starves
# it (benchmarks/repair.py --quick measures both).
CORPUS_SHARE = 0.9


def _texts(items: Iterable[str | os.PathLike]) -> list[str]:
    texts = []
    for item in items:
        if isinstance(item, str):
            texts.append(item)
            continue
        path = Path(item)
        files = sorted(p for p in path.rglob("*") if p.suffix in PAGE_SUFFIXES and p.is_file()) if path.is_dir() else [path]
        for file in files:
            try:
                texts.append(read_page_text(file))
            except InputError:
                if not path.is_dir():
                    raise
                # A directory may hold files that are not pages; they teach the model nothing.
    return texts


def without_unsure_words(reading: Reading, language: str | None = None) -> list[str]:
    """The repaired text cut into the pieces between the words that hold a fill whose share of
    belief is under `CORPUS_SHARE`. In a language written without spaces a run of letters is a
    whole clause, so only the fill itself is cut out there."""
    text = reading.text
    whole_words = language not in sources.WITHOUT_SPACES
    starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]
    cuts = []
    for fill in reading.report.fills:
        if fill.confidence < CORPUS_SHARE:
            at = starts[fill.repaired_line - 1] + fill.repaired_column - 1
            left, right = at, at + max(1, len(fill.chosen))
            while whole_words and left > 0 and not text[left - 1].isascii():
                left -= 1
            while whole_words and right < len(text) and not text[right].isascii():
                right += 1
            cuts.append((left, right))
    pieces, position = [], 0
    for left, right in sorted(cuts):
        if left > position:
            pieces.append(text[position:left])
        position = max(position, right)
    pieces.append(text[position:])
    return pieces


_USABLE: dict[tuple[str, str | None], tuple[str, ...]] = {}


def _usable(text: str, language: str | None) -> tuple[str, ...]:
    """A clean text as it is; a damaged one repaired without corpus, minus its unsure words."""
    key = (text, language)
    if key not in _USABLE:
        reading = repair_text(text, language=language)
        _USABLE[key] = (text,) if reading.report.codepage is None else tuple(without_unsure_words(reading, language))
    return _USABLE[key]


def gather(items: Iterable[str | os.PathLike], language: str | None) -> tuple[str, ...]:
    """The corpus as clean texts, in a stable order (it is part of the model's cache key)."""
    texts = _texts(items)
    unread = [text for text in texts if (text, language) not in _USABLE and is_damaged(text)]
    if unread:
        build_bases([language])  # before the phase below: phases do not nest
        with phase(f"repair models: reading the {len(unread)} damaged pages of the corpus", total=len(unread)) as advance:
            for text in unread:
                _usable(text, language)
                advance(1)
    usable = (piece for text in texts for piece in _usable(text, language))
    return tuple(sorted({piece for piece in usable if not piece.isascii()}))
