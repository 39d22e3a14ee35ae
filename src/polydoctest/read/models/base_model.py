"""The base layer of a language's model: built once per language and installed library set.

It learns from what any user has installed for the language: its word list, the installed
packages' English and the translation catalogs, and it is keyed by those and the code that
shapes it, never by the docs tree's pages. A first run over pages in several languages builds
their bases at once, one process per core, announced as one phase.
"""

from __future__ import annotations

import json
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from functools import lru_cache
from multiprocessing import get_context
from pathlib import Path

import wordfreq

from polydoctest.progress import phase
from polydoctest.read.cache import content_key, source_digest, store_folder, stored_folder
from polydoctest.read.models import catalogs, sources
from polydoctest.read.models.marks import MarkCounts, strip_marks
from polydoctest.read.models.model import Layer
from polydoctest.read.models.table import build_table
from polydoctest.read.models.training import estimate

ORDER = 7
# Minimum weighted count for a string of length 1..ORDER to be kept (longer ones get rarer).
MIN_COUNTS = (0, 0, 0, 2, 2, 3, 3)
# The code that shapes a layer is part of its key.
SHAPING_CODE = source_digest(
    *(str(Path(__file__).with_name(name)) for name in ("training.py", "sources.py", "catalogs.py", "marks.py", "table.py", "hashing.py", "model.py")),
    # The marks are counted per code page of the damage channel.
    str(Path(__file__).parent.parent / "damage" / "channel.py"),
)
_SETTINGS = repr(
    (SHAPING_CODE, source_digest(__file__), ORDER, MIN_COUNTS, sources.PSEUDO_TOKENS, sources.WORD_LIMIT, sources.ENGLISH_LIMIT, sources.ENGLISH_TOKENS, sources.CORPUS_WEIGHT)
)


@lru_cache(maxsize=None)
def base_key(language: str | None) -> str:
    installed = content_key(sources.installed_digest(), catalogs.digest(language))
    version = getattr(wordfreq, "__version__", "") or repr(sorted(wordfreq.available_languages("best")))
    return content_key(_SETTINGS, version, installed, language or "")


def estimate_layer(segments: list[tuple[str, float]], min_counts: tuple[int, ...]) -> Layer:
    """The n-gram layer of `segments` (text, weight), marks set apart."""
    found = estimate([(strip_marks(text), weight) for text, weight in segments], ORDER, min_counts)
    return Layer(build_table(found.hashes, found.log_probs, found.log_backoffs), found.log_root_backoff)


def _write_base(language: str | None, directory: Path) -> None:
    """Estimate the base layer of `language` (tens of seconds) into `directory`, with the mark
    counts of its word lists."""
    english, own = sources.word_list_texts(language)
    # Translated messages are running text of the language, as in-domain as the docs' pages.
    in_domain = list(catalogs.translations(language))
    segments = sources.training_segments(english, own, in_domain, sources.installed_english())
    estimate_layer(segments, MIN_COUNTS).save(directory)
    marks = {"language": MarkCounts.of([own]).to_json(), "other": MarkCounts.of([english]).to_json()}
    (directory / "marks.json").write_text(json.dumps(marks))


def _store_base(language: str | None) -> str:
    key = base_key(language)
    if stored_folder("models", key) is None:
        store_folder("models", key, lambda directory: _write_base(language, directory))
    return key


def build_bases(languages: list[str | None]) -> None:
    """Build the base layers not yet on disk, in parallel on every core, with progress."""
    missing = [language for language in dict.fromkeys(languages) if stored_folder("models", base_key(language)) is None]
    if not missing:
        return
    names = ", ".join(language or "unknown" for language in missing)
    with phase(f"repair models: building the base for {names} (once per install)", total=len(missing)) as advance:
        workers = min(len(missing), os.cpu_count() or 1)
        if workers == 1:
            for language in missing:
                _store_base(language)
                advance(1)
            return
        # Spawned, not forked: the caller may hold threads (a forked copy would inherit their locks).
        with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
            for done in as_completed([pool.submit(_store_base, language) for language in missing]):
                done.result()
                advance(1)


def base_folder(language: str | None) -> Path:
    """The folder of `language`'s base layer (built first if missing)."""
    build_bases([language])
    return stored_folder("models", base_key(language))


def word_list_marks(folder: Path) -> tuple[MarkCounts, MarkCounts]:
    """The mark counts of the language's word list and of the English one, stored with a base."""
    marks = json.loads((folder / "marks.json").read_text())
    return MarkCounts.from_json(marks["language"]), MarkCounts.from_json(marks["other"])
