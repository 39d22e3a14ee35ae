"""The reference guides, one module each: what every translation of the guide must do. The
steps more than one guide takes are made in `steps`."""

from __future__ import annotations

from polydoctest.reference.guides.language_modeling import LANGUAGE_MODELING
from polydoctest.reference.guides.masked_language_modeling import MASKED_LANGUAGE_MODELING
from polydoctest.reference.guides.multiple_choice import MULTIPLE_CHOICE
from polydoctest.reference.guides.question_answering import QUESTION_ANSWERING
from polydoctest.reference.guides.quicktour import QUICKTOUR
from polydoctest.reference.guides.summarization import SUMMARIZATION
from polydoctest.reference.guides.text_classification import TEXT_CLASSIFICATION
from polydoctest.reference.guides.token_classification import TOKEN_CLASSIFICATION
from polydoctest.reference.guides.translation import TRANSLATION
from polydoctest.reference.model import Guide

GUIDES: tuple[Guide, ...] = (
    QUICKTOUR,
    TEXT_CLASSIFICATION,
    TOKEN_CLASSIFICATION,
    LANGUAGE_MODELING,
    MASKED_LANGUAGE_MODELING,
    MULTIPLE_CHOICE,
    QUESTION_ANSWERING,
    SUMMARIZATION,
    TRANSLATION,
)


def guide(guide_id: str) -> Guide:
    return next(g for g in GUIDES if g.id == guide_id)
