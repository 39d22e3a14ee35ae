"""In-domain text for the language model: the pages next to the one being repaired.

The caller passes texts, files or directories. Clean pages are used as they are. A damaged
page is worth using too once repaired, but only where the repair is sure: it is repaired with
the word-list model alone and contributes the lines whose every fill is confident. Passing
the same set for every page of a language (the page itself may be in it) means one model per
language; a page's own confident lines then help with its unsure ones.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from polydoctest.errors import InputError
from polydoctest.read.inputs import read_page_text

# File types read from a corpus directory.
PAGE_SUFFIXES = (".md", ".mdx", ".txt")


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


def confident_lines(text: str, low_lines: set[int]) -> str:
    """`text` without the (1-based) lines in `low_lines`."""
    return "\n".join(line for number, line in enumerate(text.split("\n"), 1) if number not in low_lines)


_USABLE: dict[tuple[str, str | None], str] = {}


def _usable(text: str, language: str | None) -> str:
    """A clean text as it is; a damaged one repaired without corpus, minus its unsure lines."""
    from polydoctest.read.repair import repair_text  # the corpus is read with the stage itself

    key = (text, language)
    if key not in _USABLE:
        reading = repair_text(text, language=language)
        if reading.report.codepage is None:
            _USABLE[key] = text
        else:
            unsure = {fill.repaired_line for fill in reading.report.fills if fill.low_confidence}
            _USABLE[key] = confident_lines(reading.text, unsure)
    return _USABLE[key]


def gather(items: Iterable[str | os.PathLike], language: str | None) -> tuple[str, ...]:
    """The corpus as clean texts, in a stable order (it is part of the model's cache key)."""
    usable = (_usable(text, language) for text in _texts(items))
    return tuple(sorted({text for text in usable if text.strip()}))
