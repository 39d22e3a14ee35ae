"""Build (once) and load (fast) the character model for a language and a corpus.

A model mixes two layers. The base layer learns from what any user has installed for the
language: its word list, the installed packages' English and the translation catalogs. It is
keyed by those and the code that shapes it, so it is built once per language and installed
library set (`build_bases` builds several languages at once, one process per core). The corpus
layer learns from the docs tree's pages alone: it is small, so a changed page costs a rebuild
of seconds, never of the base. Both are cached on disk; loading maps a table file into memory.
"""

from __future__ import annotations

import json
import math
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from functools import lru_cache
from multiprocessing import get_context
from pathlib import Path

import wordfreq

from polydoctest.progress import phase
from polydoctest.read import catalogs, sources
from polydoctest.read.cache import content_key, source_digest, store_folder, stored_folder
from polydoctest.read.marks import MarkCounts, estimate_marks, strip_marks
from polydoctest.read.model import CharModel, Layer
from polydoctest.read.table import build_table
from polydoctest.read.training import estimate

ORDER = 7
# Minimum weighted count for a string of length 1..ORDER to be kept in the base layer (longer
# ones get rarer). The corpus layer is small and keeps every string it saw.
MIN_COUNTS = (0, 0, 0, 2, 2, 3, 3)
CORPUS_MIN_COUNTS = (0,) * ORDER
# The corpus layer's share of each character's probability: the pages are the in-domain text,
# the base knows the words they have not used yet.
CORPUS_SHARE = 0.3
# The code that shapes a model is part of its key.
_CODE = source_digest(
    *(str(Path(__file__).with_name(name)) for name in ("language_model.py", "training.py", "sources.py", "catalogs.py", "marks.py", "table.py", "hashing.py", "model.py"))
)
_SETTINGS = repr(
    (_CODE, ORDER, MIN_COUNTS, CORPUS_MIN_COUNTS, sources.PSEUDO_TOKENS, sources.WORD_LIMIT, sources.ENGLISH_LIMIT, sources.ENGLISH_TOKENS, sources.CORPUS_WEIGHT)
)


@lru_cache(maxsize=None)
def base_key(language: str | None) -> str:
    installed = content_key(sources.installed_digest(), catalogs.digest(language))
    version = getattr(wordfreq, "__version__", "") or repr(sorted(wordfreq.available_languages("best")))
    return content_key(_SETTINGS, version, installed, language or "")


def corpus_key(corpus: tuple[str, ...]) -> str:
    return content_key(_SETTINGS, *sorted(content_key(text) for text in corpus))


def _estimate_layer(segments: list[tuple[str, float]], min_counts: tuple[int, ...]) -> Layer:
    found = estimate([(strip_marks(text), weight) for text, weight in segments], ORDER, min_counts)
    return Layer(build_table(found.hashes, found.log_probs, found.log_backoffs), found.log_root_backoff)


def _write_base(language: str | None, directory: Path) -> None:
    """Estimate the base layer of `language` (tens of seconds) into `directory`, with the mark
    counts of its word lists."""
    english, own = sources.word_list_texts(language)
    # Translated messages are running text of the language, as in-domain as the docs' pages.
    in_domain = list(catalogs.translations(language))
    segments = sources.training_segments(english, own, in_domain, sources.installed_english())
    _estimate_layer(segments, MIN_COUNTS).save(directory)
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


def _base_folder(language: str | None) -> Path:
    build_bases([language])
    return stored_folder("models", base_key(language))


def _corpus_folder(corpus: tuple[str, ...]) -> Path:
    key = corpus_key(corpus)
    folder = stored_folder("models", key)
    if folder is None:
        with phase(f"repair models: learning from {len(corpus)} texts of the docs tree"):
            folder = store_folder("models", key, lambda directory: _write_corpus_layer(corpus, directory))
    return folder


def _write_corpus_layer(corpus: tuple[str, ...], directory: Path) -> None:
    _estimate_layer([("\n" + text, 1.0) for text in corpus], CORPUS_MIN_COUNTS).save(directory)


def load_model(language: str | None, corpus: tuple[str, ...] = ()) -> CharModel:
    """The model for `language` plus `corpus`: the base layer, mixed with a corpus layer when
    there is a corpus."""
    return _mixture(language, _base_folder(language), corpus, _corpus_folder(corpus) if corpus else None)


# Keyed by the folders as well: a process may read models from more than one cache.
@lru_cache(maxsize=8)
def _mixture(language: str | None, base_folder: Path, corpus: tuple[str, ...], corpus_folder: Path | None) -> CharModel:
    marks = json.loads((base_folder / "marks.json").read_text())
    own_marks, english_marks = MarkCounts.from_json(marks["language"]), MarkCounts.from_json(marks["other"])
    model_marks = estimate_marks(MarkCounts.of(list(corpus)), own_marks, english_marks)
    key = content_key(base_key(language), corpus_key(corpus), repr(CORPUS_SHARE))
    if corpus_folder is None:
        return CharModel((Layer.load(base_folder),), (0.0,), ORDER, model_marks, key)
    weights = (math.log(1 - CORPUS_SHARE), math.log(CORPUS_SHARE))
    return CharModel((Layer.load(base_folder), Layer.load(corpus_folder)), weights, ORDER, model_marks, key)
