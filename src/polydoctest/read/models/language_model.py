"""The character model for a language and a corpus: its base layer mixed with a corpus layer.

The base layer (`base_model`) is built once per language and install. The corpus layer learns
from the docs tree's pages alone: it is small, so a changed page costs a rebuild of seconds,
never of the base. A character's probability is the weighted sum of the two layers'. Both are
cached on disk; loading maps a table file into memory.
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

from polydoctest.progress import phase
from polydoctest.read.cache import content_key, source_digest, store_folder, stored_folder
from polydoctest.read.models.base_model import ORDER, SHAPING_CODE, base_folder, base_key, estimate_layer, word_list_marks
from polydoctest.read.models.marks import MarkCounts, estimate_marks
from polydoctest.read.models.model import CharModel, Layer

# The corpus layer is small and keeps every string it saw.
CORPUS_MIN_COUNTS = (0,) * ORDER
# The corpus layer's share of each character's probability: the pages are the in-domain text,
# the base knows the words they have not used yet.
CORPUS_SHARE = 0.3
_SETTINGS = repr((SHAPING_CODE, source_digest(__file__), ORDER, CORPUS_MIN_COUNTS))


# Every repair asks for its model: the key of a corpus already seen is not hashed again.
@lru_cache(maxsize=8)
def corpus_key(corpus: tuple[str, ...]) -> str:
    return content_key(_SETTINGS, *sorted(content_key(text) for text in corpus))


def _corpus_folder(corpus: tuple[str, ...]) -> Path:
    key = corpus_key(corpus)
    folder = stored_folder("models", key)
    if folder is None:
        with phase(f"repair models: learning from {len(corpus)} texts of the docs tree"):
            folder = store_folder("models", key, lambda directory: _write_corpus_layer(corpus, directory))
    return folder


def _write_corpus_layer(corpus: tuple[str, ...], directory: Path) -> None:
    estimate_layer([("\n" + text, 1.0) for text in corpus], CORPUS_MIN_COUNTS).save(directory)


def load_model(language: str | None, corpus: tuple[str, ...] = ()) -> CharModel:
    """The model for `language` plus `corpus`: the base layer, mixed with a corpus layer when
    there is a corpus."""
    return _mixture(language, base_folder(language), corpus, _corpus_folder(corpus) if corpus else None)


# Keyed by the folders as well: a process may read models from more than one cache.
@lru_cache(maxsize=8)
def _mixture(language: str | None, base: Path, corpus: tuple[str, ...], pages: Path | None) -> CharModel:
    own_marks, english_marks = word_list_marks(base)
    model_marks = estimate_marks(MarkCounts.of(list(corpus)), own_marks, english_marks)
    key = content_key(base_key(language), corpus_key(corpus), repr(CORPUS_SHARE))
    if pages is None:
        return CharModel((Layer.load(base),), (0.0,), ORDER, model_marks, key)
    weights = (math.log(1 - CORPUS_SHARE), math.log(CORPUS_SHARE))
    return CharModel((Layer.load(base), Layer.load(pages)), weights, ORDER, model_marks, key)
