"""A second opinion on unsure fills from the language's own analyser (Korean) or segmenter (Chinese).

The character model reads a few characters on either side of a hole; when a Korean syllable
loses a byte, several syllables fit those characters about equally well. Kiwi (`kiwipiepy`)
analyses a phrase into morphemes and scores how likely its analysis is, which tells a particle
or an ending that belongs from a syllable that merely fits. Korean is written in words, and
under TIS-620 most syllables of a word are holes whose beliefs each take the others' fills as
right, so a word's unsure fills (share of belief under `RESCORE_BELOW`) are read together: its
`READINGS` likeliest readings (each unsure hole's `CHOICES` best candidates, combined by their
shares, none `READING_MARGIN` nats behind the likeliest) are scored by the character model as a
whole; its `ASKED` best (none `ASK_MARGIN` nats behind the best) and the search's own reading
are scored by the analyser too, in their phrase (the word and `PHRASE_WORDS` words on either
side, as the page has them). The reading with the best sum of the two scores wins; each hole's
candidates share out their belief as the readings holding them do.

Chinese has no analyser of that kind at hand, but jieba's dictionary scores a phrase the way
jieba segments it: the most probable route through the phrase's word graph, words weighed by
their log frequencies. That tells a character that makes a word with its neighbours (一步,
人名) from one that merely fits the characters around it. Chinese is written without spaces,
so a fill is asked about alone, in `REACH` characters on either side within the line, when its
hole has at most `MAX_CHOICES` candidates and no other unsure fill is in that window: its
`CANDIDATES` best candidates' log shares each gain the segmenter's weight times its
log-likelihood of the phrase."""

from __future__ import annotations

import heapq
import math
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from typing import Callable

import numpy as np

from polydoctest.read.models.model import CharModel
from polydoctest.read.search.beam import padded_codes
from polydoctest.read.search.beliefs import Belief

RESCORE_BELOW = 0.99
# Korean: a word's readings. More candidates per hole, readings further behind and more of
# them asked about cost more analyses and set few more fills right; fewer set fewer right, as
# do phrases of one word on either side.
CHOICES = 4
READINGS = 64
READING_MARGIN = 8.0
ASKED = 16
ASK_MARGIN = 6.0
PHRASE_WORDS = 2
# Kiwi's analyses part candidates about as strongly as the character model does; at full
# weight they overrule it where it was right.
KIWI_WEIGHT = 0.5
# Chinese: a hole alone.
CANDIDATES = 4
# A hole with more candidates than this (a character that lost two bytes) is left to the
# model: the segmenter reorders a few candidates, and among many the right one is seldom in the few.
MAX_CHOICES = 16
REACH = 4
# jieba's route scores part far more between candidates than the character model's do: taken
# at full weight they overrule it where it was right.
JIEBA_WEIGHT = 0.5


@dataclass(frozen=True)
class Analyser:
    """How a language's phrases are scored (log-likelihood per phrase), and how far a phrase
    reaches: `reach` characters on either side of a hole alone for a language written without
    spaces, else (None) a word's unsure fills are read together (see the module docstring)."""

    score: Callable[[list[str]], list[float]]
    reach: int | None = None
    weight: float = 1.0


def _kiwi() -> Analyser:
    from kiwipiepy import Kiwi  # a large model: loaded only when a damaged Korean page is read

    # The multi-word proper nouns dictionary costs most of the load and scores no phrase better.
    kiwi = Kiwi(load_multi_dict=False)
    return Analyser(lambda phrases: [result[0][1] for result in kiwi.analyze(phrases, top_n=1)], weight=KIWI_WEIGHT)


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


def second_opinion(
    model: CharModel, text: str, positions: list[int], fills: list[str], beliefs: dict[int, Belief], analyse: Analyser
) -> tuple[list[str], dict[int, Belief]]:
    """The fills and beliefs after the analyser's opinion on the unsure ones (`positions[i]`
    is where fill i starts in `text`, the page as the search filled it)."""
    unsure = [
        hole for hole, belief in sorted(beliefs.items())
        if len(belief.shares) > 1 and belief.share_of(fills[hole]) < RESCORE_BELOW
    ]
    fills, beliefs = list(fills), dict(beliefs)
    if analyse.reach is None:
        _read_words(model, text, positions, fills, beliefs, unsure, analyse)
    else:
        few = [hole for hole in unsure if len(beliefs[hole].shares) <= MAX_CHOICES]
        _read_holes(text, positions, fills, beliefs, few, analyse)
    return fills, beliefs


def _word_bounds(text: str, start: int, end: int, more: int = 0) -> tuple[int, int]:
    """The word holding `text[start:end]` and `more` words on either side, within its line."""
    left = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
    ends = [found for found in (text.find(" ", end), text.find("\n", end)) if found >= 0]
    right = min(ends) if ends else len(text)
    for _ in range(more):
        if left > 0 and text[left - 1] == " ":
            left = max(text.rfind(" ", 0, left - 1), text.rfind("\n", 0, left - 1)) + 1
        if right < len(text) and text[right] == " ":
            ends = [found for found in (text.find(" ", right + 1), text.find("\n", right + 1)) if found >= 0]
            right = min(ends) if ends else len(text)
    return left, right


def _likeliest_readings(holes: list[int], fills: list[str], beliefs: dict[int, Belief]) -> list[tuple[str, ...]]:
    """The word's readings to score: combinations of its holes' best candidates by their shares,
    and the search's own."""
    readings = [(0.0, ())]
    for hole in holes:
        choices = [candidate for candidate, _ in beliefs[hole].shares[:CHOICES]]
        options = [(math.log(max(beliefs[hole].share_of(c), 1e-300)), c) for c in dict.fromkeys(choices + [fills[hole]])]
        grown = ((score + gained, reading + (c,)) for score, reading in readings for gained, c in options)
        readings = heapq.nlargest(READINGS, grown)
    kept = [reading for score, reading in readings if score >= readings[0][0] - READING_MARGIN]
    searched = tuple(fills[hole] for hole in holes)
    return kept if searched in kept else kept + [searched]


def _spelled(text, left, right, holes, positions, fills, reading) -> str:
    """The word `text[left:right]` with the fills of `holes` replaced by `reading`."""
    parts, at = [], left
    for hole, fill in zip(holes, reading):
        parts += [text[at : positions[hole]], fill]
        at = positions[hole] + len(fills[hole])
    return "".join(parts) + text[at:right]


def _read_words(model, text, positions, fills, beliefs, unsure, analyse) -> None:
    """Each word's unsure fills read together (see the module docstring); `fills` and
    `beliefs` are updated in place."""
    words: dict[tuple[int, int], list[int]] = {}
    for hole in unsure:
        words.setdefault(_word_bounds(text, positions[hole], positions[hole] + len(fills[hole])), []).append(hole)
    if not words:
        return
    width = model.order - 1
    found, scored, contexts = [], [], []
    for (left, right), holes in words.items():
        readings = _likeliest_readings(holes, fills, beliefs)
        texts = [_spelled(text, left, right, holes, positions, fills, reading) for reading in readings]
        scored += [word + text[right : right + width] for word in texts]
        contexts.append(text[max(0, left - width) : left])
        found.append((left, right, holes, readings, texts))
    owner = np.repeat(np.arange(len(found)), [len(item[3]) for item in found])
    codes, lengths = padded_codes(scored)
    read, _ = model.read(model.state_after(contexts).take(owner), codes, lengths)
    read = read.tolist()
    # Only the model's best readings are worth an analysis.
    asked, phrases, model_scores = [], [], []
    row = 0
    for left, right, holes, readings, texts in found:
        scores = read[row : row + len(readings)]
        row += len(readings)
        searched = tuple(fills[hole] for hole in holes)
        keep = sorted(range(len(readings)), key=lambda i: -scores[i])[:ASKED]
        keep = [i for i in keep if scores[i] >= scores[keep[0]] - ASK_MARGIN]
        keep += [i for i in range(len(readings)) if readings[i] == searched and i not in keep]
        phrase_left, phrase_right = _word_bounds(text, left, right, PHRASE_WORDS)
        phrases += [text[phrase_left:left] + texts[i] + text[right:phrase_right] for i in keep]
        model_scores += [scores[i] for i in keep]
        asked.append((holes, [readings[i] for i in keep]))
    totals = (np.array(model_scores) + analyse.weight * np.array(_scored_once(analyse, phrases))).tolist()
    row = 0
    for holes, readings in asked:
        total = totals[row : row + len(readings)]
        row += len(readings)
        best = max(total)
        weights = [math.exp(value - best) for value in total]
        for place, hole in enumerate(holes):
            held: dict[str, float] = {}
            for reading, weight in zip(readings, weights):
                held[reading[place]] = held.get(reading[place], 0.0) + weight
            beliefs[hole] = _shared_out(beliefs[hole], held)
        for hole, fill in zip(holes, readings[total.index(best)]):
            fills[hole] = fill


def _read_holes(text, positions, fills, beliefs, unsure, analyse) -> None:
    """Each unsure fill asked about alone in its window (see the module docstring); `fills`
    and `beliefs` are updated in place."""
    starts = [positions[hole] for hole in unsure]
    asked, phrases = [], []
    for hole in unsure:
        start, end = positions[hole], positions[hole] + len(fills[hole])
        left, right = _window(text, start, end, analyse.reach)
        # A phrase that holds another unsure fill is no firmer ground than the hole itself.
        if bisect_left(starts, right) - bisect_left(starts, left) > 1:
            continue
        asked.append(hole)
        phrases += [text[left:start] + candidate + text[end:right] for candidate, _ in beliefs[hole].shares[:CANDIDATES]]
    scores = iter(_scored_once(analyse, phrases))
    for hole in asked:
        top = beliefs[hole].shares[:CANDIDATES]
        combined = {candidate: math.log(max(share, 1e-300)) + analyse.weight * next(scores) for candidate, share in top}
        best = max(combined.values())
        weights = {candidate: math.exp(value - best) for candidate, value in combined.items()}
        beliefs[hole] = _shared_out(beliefs[hole], weights)
        fills[hole] = beliefs[hole].shares[0][0]


def _scored_once(analyse: Analyser, phrases: list[str]) -> list[float]:
    """The analyser's score of each phrase; pages repeat their phrases, so each is scored once."""
    distinct = list(dict.fromkeys(phrases))
    scored = dict(zip(distinct, analyse.score(distinct))) if distinct else {}
    return [scored[phrase] for phrase in phrases]


def _shared_out(belief: Belief, weights: dict[str, float]) -> Belief:
    """`belief` with the share its candidates in `weights` hold together shared out among them
    in proportion to their weights (the other candidates keep theirs)."""
    mass = sum(belief.share_of(candidate) for candidate in weights)
    total = sum(weights.values())
    shares = [(candidate, mass * weight / total) for candidate, weight in weights.items()]
    shares += [(candidate, share) for candidate, share in belief.shares if candidate not in weights]
    return Belief(tuple(sorted(shares, key=lambda item: -item[1])))


def _window(text: str, start: int, end: int, reach: int) -> tuple[int, int]:
    """`reach` characters on either side of `text[start:end]`, within its line."""
    line_end = text.find("\n", end)
    return max(text.rfind("\n", 0, start) + 1, start - reach), min(len(text) if line_end < 0 else line_end, end + reach)


