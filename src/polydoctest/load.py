"""Load guide pages: find them, read and repair them, parse them, and check the repair's
effect on code.

This is the front of the pipeline that every command shares (`repair`, `extract`, `run`,
`fix`, the pytest plugin). The repair's language model learns from the pages of the same
docs tree: the page's language folder (`docs/source/{lang}/`, the page included) plus any
`--corpus` folders. The read stage takes clean pages as they are and damaged ones only where
its repair is sure, and the corpus is the same for every page of a language, so one model
serves them all. `load_pages` has the models of the damaged pages' languages built first, side
by side. A page that cannot be read is that page's problem: `load_pages` gives it back as an
`UnreadablePage` with the one-line reason, and the other pages load.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from polydoctest.code_fills import CodeFill, code_fills
from polydoctest.errors import InputError
from polydoctest.parse import Page, parse_page
from polydoctest.parse.language import language_from_path
from polydoctest.read import Reading, build_models, is_damaged, read_page, read_page_text

PAGE_SUFFIXES = (".md", ".mdx")
# A repair that changes executable code must be at least this sure to count as resolved.
CONFIDENT = 0.99


@dataclass(frozen=True)
class LoadedPage:
    path: Path
    reading: Reading
    page: Page
    code_fills: tuple[CodeFill, ...]

    @property
    def code_errors(self) -> tuple[CodeFill, ...]:
        """Fills that change executable code without being confident: not safe to run or write."""
        return tuple(fill for fill in self.code_fills if fill.error)


@dataclass(frozen=True)
class UnreadablePage:
    """A page that could not be loaded, and why, in one line."""

    path: Path
    message: str


@dataclass(frozen=True)
class PageSet:
    """The pages of a command, loaded or not, each in the order found."""

    pages: tuple[LoadedPage, ...]
    unreadable: tuple[UnreadablePage, ...]


def find_pages(paths: Iterable[str | Path]) -> list[Path]:
    """Every page named or found below the given paths, in a stable order.

    Below a folder, anything with a page's name that is not a folder counts (a FIFO, a broken
    or looping link): reading it says what is wrong with it, where skipping it would not.
    A named path is taken as it is, for the same reason.
    """
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in PAGE_SUFFIXES and not p.is_dir()))
        else:
            found.append(path)
    if not found:
        raise InputError("no guide pages (*.md, *.mdx) found in " + ", ".join(map(str, paths)))
    return list(dict.fromkeys(found))


def _tree_root(path: Path) -> Path:
    """The language folder of a docs tree (`.../source/{lang}`); outside a tree, the page alone
    (its folder may be anything, a home directory say)."""
    resolved = Path(os.path.realpath(path))  # unlike Path.resolve, no error on a symlink loop
    for parent in resolved.parents:
        if parent.parent.name == "source":
            return parent
    return resolved


def corpus_for(path: Path, corpus_dirs: Sequence[Path] = ()) -> tuple[Path, ...]:
    """The folders whose pages teach the repair's language model about `path`'s language."""
    return tuple(dict.fromkeys([_tree_root(path), *(Path(d).resolve() for d in corpus_dirs)]))


def _language_to_repair(path: Path) -> str | None:
    """The language of `path` if it is a damaged page in a docs tree (else None)."""
    try:
        return language_from_path(str(path)) if is_damaged(read_page_text(path)) else None
    except InputError:
        return None  # reading it again says why


def load_page(path: str | Path, *, corpus_dirs: Sequence[str | Path] = ()) -> LoadedPage:
    """Read, repair and parse one page; raises `InputError` for input that is not a page."""
    path = Path(path)
    corpus = corpus_for(path, [Path(d) for d in corpus_dirs])
    reading = read_page(path, language=language_from_path(str(path)), corpus=corpus)
    page = parse_page(reading.text, str(path))
    return LoadedPage(path, reading, page, code_fills(page, reading.text, reading.report.fills, confident=CONFIDENT))


def load_pages(paths: Iterable[str | Path], *, corpus_dirs: Sequence[str | Path] = ()) -> PageSet:
    """`load_page` for every page of `find_pages(paths)`; a page that is not readable is kept
    as an `UnreadablePage` and the others still load."""
    pages: list[LoadedPage] = []
    unreadable: list[UnreadablePage] = []
    found = find_pages(paths)
    # The models of the damaged pages' languages are built before the first page is read: all
    # at once, on every core. A clean page needs none.
    build_models([language for language in map(_language_to_repair, found) if language])
    for path in found:
        try:
            pages.append(load_page(path, corpus_dirs=corpus_dirs))
        except InputError as error:
            unreadable.append(UnreadablePage(path, str(error)))
    return PageSet(tuple(pages), tuple(unreadable))
