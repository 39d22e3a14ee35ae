"""Build (once) and load (fast) the character model for a language and a corpus.

A model is cached on disk under a key made of everything that shaped it: the estimator
settings, the wordfreq version, the language and the corpus texts. Loading maps the table
file into memory, so after the first build a page pays milliseconds for its model.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

import wordfreq

from polydoctest.read import sources
from polydoctest.read.cache import cache_root, content_key, source_digest
from polydoctest.read.marks import estimate_marks, strip_marks
from polydoctest.read.model import CharModel
from polydoctest.read.table import build_table
from polydoctest.read.training import estimate

ORDER = 7
# Minimum weighted count for a string of length 1..ORDER to be kept (longer ones get rarer).
MIN_COUNTS = (0, 0, 0, 2, 2, 3, 3)
# The code that shapes a model is part of its key.
_CODE = source_digest(
    *(str(Path(__file__).with_name(name)) for name in ("training.py", "sources.py", "marks.py", "table.py", "hashing.py", "model.py"))
)


def model_key(language: str | None, corpus: tuple[str, ...]) -> str:
    settings = repr(
        (_CODE, ORDER, MIN_COUNTS, sources.PSEUDO_TOKENS, sources.WORD_LIMIT, sources.ENGLISH_LIMIT, sources.ENGLISH_TOKENS, sources.CORPUS_WEIGHT)
    )
    installed = content_key(sources.installed_digest())
    version = getattr(wordfreq, "__version__", "") or repr(sorted(wordfreq.available_languages("best")))
    corpus_digest = content_key(*sorted(content_key(text) for text in corpus))
    return content_key(settings, version, installed, language or "", corpus_digest)


def build(language: str | None, corpus: tuple[str, ...]) -> CharModel:
    """Estimate the model (seconds); `load_model` caches what this returns."""
    english, own = sources.word_list_texts(language)
    segments = sources.training_segments(english, own, list(corpus), sources.installed_english())
    marks = estimate_marks(list(corpus), [own], [english])
    found = estimate([(strip_marks(text), weight) for text, weight in segments], ORDER, MIN_COUNTS)
    table = build_table(found.hashes, found.log_probs, found.log_backoffs)
    return CharModel(table, ORDER, found.log_root_backoff, marks, model_key(language, corpus))


@lru_cache(maxsize=8)
def load_model(language: str | None, corpus: tuple[str, ...] = ()) -> CharModel:
    """The model for `language` plus `corpus`, from the disk cache or built and stored there."""
    key = model_key(language, corpus)
    directory = cache_root() / "models" / key
    if (directory / "meta.txt").exists():
        return CharModel.load(directory, key)
    model = build(language, corpus)
    directory.parent.mkdir(parents=True, exist_ok=True)
    # Write beside the final place and rename, so a concurrent reader never sees half a model.
    staging = tempfile.mkdtemp(prefix=f".{key}-", dir=directory.parent)
    try:
        model.save(Path(staging))
        os.replace(staging, directory)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        if not (directory / "meta.txt").exists():
            raise
    return CharModel.load(directory, key)
