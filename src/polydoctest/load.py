"""Load guide pages: find them, read and repair them, parse them, and check the repair's
effect on code.

This is the front of the pipeline that every command shares (`repair`, `extract`, `run`,
`fix`, the pytest plugin). The repair's language model learns from the pages of the same
docs tree: the page's language folder (`docs/source/{lang}/`, the page included) plus any
`--corpus` folders. The read stage takes clean pages as they are and damaged ones only where
its repair is sure, and the corpus is the same for every page of a language, so one model
serves them all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from polydoctest.code_fills import CodeFill, code_fills
from polydoctest.errors import InputError
from polydoctest.parse import Page, parse_page
from polydoctest.parse.language import language_from_path
from polydoctest.read import Reading, read_page

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


def find_pages(paths: Iterable[str | Path]) -> list[Path]:
    """Every page named or found below the given paths, in a stable order."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in PAGE_SUFFIXES and p.is_file()))
        elif path.exists():
            found.append(path)
        else:
            raise InputError(f"{path}: no such file or directory")
    if not found:
        raise InputError("no guide pages (*.md, *.mdx) found in " + ", ".join(map(str, paths)))
    return list(dict.fromkeys(found))


def _tree_root(path: Path) -> Path:
    """The language folder of a docs tree (`.../source/{lang}`); outside a tree, the page alone
    (its folder may be anything, a home directory say)."""
    resolved = path.resolve()
    for parent in resolved.parents:
        if parent.parent.name == "source":
            return parent
    return resolved


def corpus_for(path: Path, corpus_dirs: Sequence[Path] = ()) -> tuple[Path, ...]:
    """The folders whose pages teach the repair's language model about `path`'s language."""
    return tuple(dict.fromkeys([_tree_root(path), *(Path(d).resolve() for d in corpus_dirs)]))


def load_page(path: str | Path, *, corpus_dirs: Sequence[str | Path] = ()) -> LoadedPage:
    """Read, repair and parse one page; raises `InputError` for input that is not a page."""
    path = Path(path)
    corpus = corpus_for(path, [Path(d) for d in corpus_dirs])
    reading = read_page(path, language=language_from_path(str(path)), corpus=corpus)
    page = parse_page(reading.text, str(path))
    return LoadedPage(path, reading, page, code_fills(page, reading.text, reading.report.fills, confident=CONFIDENT))
