"""Hub repositories that moved, and dataset repositories that only a loading script can build.

This is data the fixtures stage can share: a run offline has no Hub to redirect a legacy id,
so fixtures that mirror the Hub serve a moved model under both ids, as the Hub does online.
"""

from __future__ import annotations

from types import MappingProxyType

# Canonical models moved under organisations in January 2024; the Hub redirects the old ids.
LEGACY_MODEL_IDS = MappingProxyType({
    "albert-base-v2": "albert/albert-base-v2",
    "bert-base-cased": "google-bert/bert-base-cased",
    "bert-base-multilingual-cased": "google-bert/bert-base-multilingual-cased",
    "bert-base-multilingual-uncased": "google-bert/bert-base-multilingual-uncased",
    "bert-base-uncased": "google-bert/bert-base-uncased",
    "bert-large-cased": "google-bert/bert-large-cased",
    "bert-large-uncased": "google-bert/bert-large-uncased",
    "distilbert-base-cased": "distilbert/distilbert-base-cased",
    "distilbert-base-multilingual-cased": "distilbert/distilbert-base-multilingual-cased",
    "distilbert-base-uncased": "distilbert/distilbert-base-uncased",
    "distilbert-base-uncased-finetuned-sst-2-english": "distilbert/distilbert-base-uncased-finetuned-sst-2-english",
    "distilgpt2": "distilbert/distilgpt2",
    "distilroberta-base": "distilbert/distilroberta-base",
    "gpt2": "openai-community/gpt2",
    "gpt2-large": "openai-community/gpt2-large",
    "gpt2-medium": "openai-community/gpt2-medium",
    "gpt2-xl": "openai-community/gpt2-xl",
    "roberta-base": "FacebookAI/roberta-base",
    "roberta-large": "FacebookAI/roberta-large",
    "t5-base": "google-t5/t5-base",
    "t5-large": "google-t5/t5-large",
    "t5-small": "google-t5/t5-small",
    "xlm-roberta-base": "FacebookAI/xlm-roberta-base",
    "xlm-roberta-large": "FacebookAI/xlm-roberta-large",
})

# Canonical datasets moved the same way in 2024.
LEGACY_DATASET_IDS = MappingProxyType({
    "billsum": "FiscalNote/billsum",
    "imdb": "stanfordnlp/imdb",
    "opus_books": "Helsinki-NLP/opus_books",
    "rotten_tomatoes": "cornell-movie-review-data/rotten_tomatoes",
    "squad": "rajpurkar/squad",
    "swag": "allenai/swag",
    "wnut_17": "leondz/wnut_17",
})

# Datasets built by a loading script, which datasets 4.0 no longer runs; the Hub serves their
# Parquet conversion under the revision `refs/convert/parquet`.
SCRIPT_DATASETS = frozenset({
    "wnut_17",
    "leondz/wnut_17",
    "PolyAI/minds14",
    "swag",
    "eli5_category",
    "facebook/voxpopuli",
    "scene_parse_150",
})
