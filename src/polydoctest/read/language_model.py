"""Build (once) and load (fast) the character model for a language and a corpus.

A model is cached on disk under a key made of everything that shaped it: the estimator
settings, the wordfreq version, the installed texts it reads, the language and the corpus
texts. Loading maps the table file into memory, so after the first build a page pays
milliseconds for its model.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import wordfreq

from polydoctest.read import catalogs, sources
from polydoctest.read.cache import content_key, source_digest, store_folder, stored_folder
from polydoctest.read.marks import estimate_marks, strip_marks
from polydoctest.read.model import CharModel
from polydoctest.read.table import build_table
from polydoctest.read.training import estimate

ORDER = 7
# Minimum weighted count for a string of length 1..ORDER to be kept (longer ones get rarer).
MIN_COUNTS = (0, 0, 0, 2, 2, 3, 3)
# The code that shapes a model is part of its key.
_CODE = source_digest(
    *(str(Path(__file__).with_name(name)) for name in ("training.py", "sources.py", "catalogs.py", "marks.py", "table.py", "hashing.py", "model.py"))
)


def model_key(language: str | None, corpus: tuple[str, ...]) -> str:
    settings = repr(
        (_CODE, ORDER, MIN_COUNTS, sources.PSEUDO_TOKENS, sources.WORD_LIMIT, sources.ENGLISH_LIMIT, sources.ENGLISH_TOKENS, sources.CORPUS_WEIGHT)
    )
    installed = content_key(sources.installed_digest(), catalogs.digest(language))
    version = getattr(wordfreq, "__version__", "") or repr(sorted(wordfreq.available_languages("best")))
    corpus_digest = content_key(*sorted(content_key(text) for text in corpus))
    return content_key(settings, version, installed, language or "", corpus_digest)


def build(language: str | None, corpus: tuple[str, ...]) -> CharModel:
    """Estimate the model (seconds); `load_model` caches what this returns."""
    english, own = sources.word_list_texts(language)
    # Translated messages are running text of the language, as in-domain as the docs' pages;
    # the marks are learned from the pages alone (translators write few short vowels).
    in_domain = list(corpus) + list(catalogs.translations(language))
    segments = sources.training_segments(english, own, in_domain, sources.installed_english())
    marks = estimate_marks(list(corpus), [own], [english])
    found = estimate([(strip_marks(text), weight) for text, weight in segments], ORDER, MIN_COUNTS)
    table = build_table(found.hashes, found.log_probs, found.log_backoffs)
    return CharModel(table, ORDER, found.log_root_backoff, marks, model_key(language, corpus))


@lru_cache(maxsize=8)
def load_model(language: str | None, corpus: tuple[str, ...] = ()) -> CharModel:
    """The model for `language` plus `corpus`, from the disk cache or built and stored there."""
    key = model_key(language, corpus)
    folder = stored_folder("models", key) or store_folder("models", key, build(language, corpus).save)
    return CharModel.load(folder, key)
