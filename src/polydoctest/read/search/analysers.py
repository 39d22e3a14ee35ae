"""A second opinion on unsure fills from the language's own analyser (Korean) or segmenter (Chinese).

The character model reads a few characters on either side of a hole; when a Korean syllable
loses a byte (cp1252, cp1254), a few syllables fit those characters about equally well. Kiwi
(`kiwipiepy`) analyses a phrase into morphemes and scores how likely its analysis is, which
tells a particle or an ending that belongs from a syllable that merely fits. A fill is asked
about when its share of belief is under `RESCORE_BELOW`, its hole has at most `MAX_CHOICES`
candidates, and no other such fill is in the phrase around it (the word it is in and one word
on either side): its `CANDIDATES` best candidates are put into that phrase, each candidate's
log share gains the analyser's weight times its log-likelihood of its phrase, and the shares of
those candidates are shared out again by that sum.

Chinese has no analyser of that kind at hand, but jieba's dictionary scores a phrase the way
jieba segments it: the most probable route through the phrase's word graph, words weighed by
their log frequencies. That tells a character that makes a word with its neighbours (一步,
人名) from one that merely fits the characters around it. Chinese is written without spaces,
so its phrase is `REACH` characters on either side of the hole, within the line."""

from __future__ import annotations

import math
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from typing import Callable

from polydoctest.read.search.beliefs import Belief

RESCORE_BELOW = 0.99
CANDIDATES = 4
# A hole with more candidates than this (a syllable that lost two bytes) is left to the model:
# the analyser reorders a few candidates, and among many the right one is seldom in the few.
MAX_CHOICES = 16
REACH = 4
# jieba's route scores part far more between candidates than Kiwi's analyses do: taken at
# full weight they overrule the character model where it was right.
JIEBA_WEIGHT = 0.5


@dataclass(frozen=True)
class Analyser:
    """How a language's phrases are scored (log-likelihood per phrase), and how far a phrase
    reaches: `reach` characters on either side of the hole for a language written without
    spaces, else (None) the word holding the hole and one word on either side."""

    score: Callable[[list[str]], list[float]]
    reach: int | None = None
    weight: float = 1.0


def _kiwi() -> Analyser:
    from kiwipiepy import Kiwi  # a large model: loaded only when a damaged Korean page is read

    # The multi-word proper nouns dictionary costs most of the load and scores no phrase better.
    kiwi = Kiwi(load_multi_dict=False)
    return Analyser(lambda phrases: [result[0][1] for result in kiwi.analyze(phrases, top_n=1)])


def _jieba() -> Analyser:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)  # it reports building its dictionary on every load
    tokenizer = jieba.Tokenizer()
    tokenizer.check_initialized()

    def route_log_probability(phrase: str) -> float:
        route: dict[int, tuple[float, int]] = {}
        tokenizer.calc(phrase, tokenizer.get_DAG(phrase), route)
        return route[0][0]

    return Analyser(
        lambda phrases: [route_log_probability(phrase) for phrase in phrases], reach=REACH, weight=JIEBA_WEIGHT
    )


# Per language: the distribution that provides the analyser, and how to make it.
ANALYSERS: dict[str, tuple[str, Callable[[], Analyser]]] = {"ko": ("kiwipiepy", _kiwi), "zh": ("jieba", _jieba)}


def _version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


@lru_cache(maxsize=None)
def analyser(language: str | None) -> Analyser | None:
    """The analyser of `language`, or None when it has none or it is not installed."""
    distribution, make = ANALYSERS.get(language or "", (None, None))
    if distribution is None or _version(distribution) is None:
        return None
    return make()


def digest(language: str | None) -> str:
    """What a second opinion on `language` depends on: its analyser's distribution and version."""
    distribution, _ = ANALYSERS.get(language or "", (None, None))
    return f"{distribution}:{_version(distribution)}" if distribution else ""


def _window(text: str, start: int, end: int, reach: int) -> tuple[int, int]:
    """`reach` characters on either side of `text[start:end]`, within its line."""
    line_end = text.find("\n", end)
    return max(text.rfind("\n", 0, start) + 1, start - reach), min(len(text) if line_end < 0 else line_end, end + reach)


def _phrase_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The word holding `text[start:end]` and one word on either side, within its line."""
    left = start
    for _ in range(2):
        left = max(text.rfind(" ", 0, max(0, left - 1)), text.rfind("\n", 0, left)) + 1
    right = end
    for _ in range(2):
        ends = [found for found in (text.find(" ", right + 1), text.find("\n", right)) if found >= 0]
        right = min(ends) if ends else len(text)
    return left, right


def second_opinion(
    text: str, positions: list[int], fills: list[str], beliefs: dict[int, Belief], analyse: Analyser
) -> tuple[list[str], dict[int, Belief]]:
    """The fills and beliefs after the analyser's opinion on the unsure ones (`positions[i]`
    is where fill i starts in `text`)."""
    unsure = [
        hole for hole, belief in sorted(beliefs.items())
        if 1 < len(belief.shares) <= MAX_CHOICES and belief.share_of(fills[hole]) < RESCORE_BELOW
    ]
    starts = [positions[hole] for hole in unsure]
    asked, phrases = [], []
    for hole in unsure:
        start, end = positions[hole], positions[hole] + len(fills[hole])
        if analyse.reach is None:
            left, right = _phrase_bounds(text, start, end)
        else:
            left, right = _window(text, start, end, analyse.reach)
        # A phrase that holds another unsure fill is no firmer ground than the hole itself.
        if bisect_left(starts, right) - bisect_left(starts, left) > 1:
            continue
        asked.append(hole)
        phrases += [text[left:start] + candidate + text[end:right] for candidate, _ in beliefs[hole].shares[:CANDIDATES]]
    # Pages repeat their phrases: each is scored once.
    distinct = list(dict.fromkeys(phrases))
    scored = dict(zip(distinct, analyse.score(distinct))) if distinct else {}
    scores = (scored[phrase] for phrase in phrases)
    fills, beliefs = list(fills), dict(beliefs)
    for hole in asked:
        top, rest = beliefs[hole].shares[:CANDIDATES], beliefs[hole].shares[CANDIDATES:]
        combined = [math.log(max(share, 1e-300)) + analyse.weight * next(scores) for _, share in top]
        best = max(combined)
        weights = [math.exp(value - best) for value in combined]
        mass = sum(share for _, share in top) / sum(weights)
        shares = sorted([(candidate, mass * weight) for (candidate, _), weight in zip(top, weights)] + list(rest), key=lambda item: -item[1])
        beliefs[hole] = Belief(tuple(shares))
        fills[hole] = shares[0][0]
    return fills, beliefs
