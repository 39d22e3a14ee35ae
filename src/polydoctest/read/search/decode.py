"""Noisy-channel decoding of one damaged page: candidates, search, words, beliefs.

1. Each hole's completions are pruned to the few the model likes in their intact
   surroundings (a Korean syllable that lost two bytes under TIS-620 has hundreds).
2. A hole alone in its cluster (only intact text within n-1 characters) is decided by the
   scores of its candidates in that window, plus the word bonus when a candidate completes a
   known word; those scores are its beliefs too.
3. Runs of holes go through the beam search; then tokens whose damaged form the lexicon knows
   become one unit each, offering the known words and the fills chosen so far, and the
   clusters holding them are searched again with a bonus for words.
4. The other holes' candidates are rescored in the final text for confidence and alternatives.
5. Where the language has an analyser (Korean morphemes, Chinese word segmentation), it gives a
   second opinion on the unsure fills (`analysers`): a Korean word's together, with the model's
   score of each reading of the word.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from polydoctest.read.damage.holes import Hole
from polydoctest.read.models.model import CharModel
from polydoctest.read.search.analysers import Analyser, second_opinion
from polydoctest.read.search.beam import best_first, best_path_around, clusters, padded_codes
from polydoctest.read.search.beliefs import Belief, hole_beliefs
from polydoctest.read.search.layout import Layout, Option, gaps_between, hole_layout, merge_units
from polydoctest.read.search.lexicon import Lexicon, word_spans

# Candidates per hole that survive pruning: at most this many, and none that its surroundings
# make this many nats less likely than the best (a share of belief of 1e-5 at most; 8 nats
# already cost fills in the benchmark). Under TIS-620 most Chinese and Korean characters are
# holes next to holes, pruned on little context: keeping 12 dropped the right character in
# about a third of the wrong fills there, keeping 24 cuts those pages' errors by 7-10 %.
MAX_CANDIDATES = 24
PRUNE_MARGIN = 12.0
UNRESOLVED = "\ufffd"


@dataclass(frozen=True)
class Decoded:
    """Per hole: its fill (U+FFFD when nothing can fill it) and the belief in its candidates."""

    fills: tuple[str, ...]
    beliefs: tuple[Belief | None, ...]
    text: str
    positions: tuple[int, ...]  # where each fill starts in `text`


def _pruned(
    model: CharModel, gaps: tuple[str, ...], candidates: list[tuple[str, ...]], which: list[int]
) -> list[tuple[str, ...]]:
    """The candidates of the holes `which` cut to the MAX_CANDIDATES best, and to those within
    PRUNE_MARGIN of the best, scored with the intact text on either side."""
    width = model.order - 1
    big = [hole for hole in which if len(candidates[hole]) > 1]
    if not big:
        return candidates
    # Only the intact text up to the neighbouring holes is known yet. Reading past a neighbour
    # as if it were empty would judge a candidate by a string that is not on the page (the
    # second of two damaged characters against the one before the first), so a context that
    # reaches a hole is cut there and the model reads it with no history; only a context that
    # reaches the top of the page starts as a line does.
    # Holes with the same surroundings and candidates are pruned alike (pages repeat their
    # phrases): each kind is scored once.
    alike: dict[tuple[str, str, tuple[str, ...]], list[int]] = {}
    for hole in big:
        before = gaps[hole][-width:] if hole else gaps[0][-width:].rjust(width, "\n")
        alike.setdefault((before, gaps[hole + 1][:width], candidates[hole]), []).append(hole)
    kinds = list(alike)
    codes, lengths = padded_codes([before for before, _, _ in kinds])
    _, after_context = model.read(model.empty_state(len(kinds)), codes, lengths)
    options = [option for _, _, choices in kinds for option in choices]
    codes, lengths = padded_codes([option + following for _, following, choices in kinds for option in choices])
    owner = np.repeat(np.arange(len(kinds)), [len(choices) for _, _, choices in kinds])
    scores, _ = model.read(after_context.take(owner), codes, lengths)
    # Rows come grouped by kind: the margin first (it drops most of a big hole's rows), then
    # the best few of what is left.
    top = np.maximum.reduceat(scores, np.searchsorted(owner, np.arange(len(kinds))))
    near = np.flatnonzero(scores >= top[owner] - PRUNE_MARGIN)
    order, rank = best_first(owner[near], scores[near])
    survivors = np.sort(near[order[rank < MAX_CANDIDATES]])  # each hole's candidates stay in their order
    bounds = np.searchsorted(owner[survivors], np.arange(len(kinds) + 1)).tolist()
    survivors = survivors.tolist()
    kept = list(candidates)
    for row, kind in enumerate(kinds):
        chosen = tuple(options[i] for i in survivors[bounds[row] : bounds[row + 1]])
        for hole in alike[kind]:
            kept[hole] = chosen
    return kept


def _token_of(text: str, start: int, end: int) -> str:
    """The run of non-ASCII characters around `text[start:end]`."""
    left = start
    while left > 0 and not text[left - 1].isascii():
        left -= 1
    right = end
    while right < len(text) and not text[right].isascii():
        right += 1
    return text[left:right]


def _with_words(
    model: CharModel, layout: Layout, data: bytes, holes: list[Hole], fills: list[str], lexicon: Lexicon,
    codepage: str, settled: set[int],
) -> list[str]:
    """The fills after searching again, with every token the lexicon recognises as one unit
    offering its words and the fills chosen so far. Holes in `settled` were decided with the
    word bonus already; a token that is one of them alone is left as it is."""
    spans = [
        span
        for span in word_spans(data, holes, lexicon, codepage, model.marks.score)
        if not (span.first == span.last and span.first in settled)
    ]
    if not spans:
        return fills
    text, positions = _assemble(layout, fills)
    merged = {}
    for span in spans:
        current = tuple(fills[span.first : span.last + 1])
        options = list(span.options)
        if current not in {option.fills for option in options}:
            start = positions[span.first]
            end = positions[span.last] + len(fills[span.last])
            options.append(Option(text[start:end], lexicon.bonus(_token_of(text, start, end)), current))
        merged[span.first] = (span.last, options)
    words = merge_units(layout, merged)
    choice = []
    word_units = set()
    for unit, covered in enumerate(words.units):
        current = tuple(fills[hole] for hole in covered)
        choice.append(next(i for i, option in enumerate(words.options[unit]) if option.fills == current))
        # A token whose one option is what the first search chose has nothing to revisit.
        if covered[0] in merged and len(words.options[unit]) > 1:
            word_units.add(unit)
    return words.hole_fills(best_path_around(model, words, choice, word_units))


def _assemble(layout: Layout, fills: list[str]) -> tuple[str, list[int]]:
    parts = [layout.gaps[0]]
    positions = []
    size = len(layout.gaps[0])
    for fill, gap in zip(fills, layout.gaps[1:]):
        positions.append(size)
        parts += [fill, gap]
        size += len(fill) + len(gap)
    return "".join(parts), positions


def _beliefs(model, layout, fills, which, candidates, lexicon) -> dict[int, Belief]:
    text, positions = _assemble(layout, fills)
    found = hole_beliefs(
        model, text, [positions[i] for i in which], [fills[i] for i in which],
        [candidates[i] for i in which], lexicon,
    )
    return dict(zip(which, found))


def decode(
    model: CharModel, lexicon: Lexicon | None, data: bytes, holes: list[Hole], codepage: str, analyse: Analyser | None = None
) -> Decoded:
    """Fill the holes of the encoded-back page `data`; `analyse` gives a second opinion on the
    unsure fills (see `analysers`)."""
    # A hole nothing can fill is marked with U+FFFD, the one option the search has for it.
    gaps = gaps_between(data, holes)
    candidates = [hole.candidates or (UNRESOLVED,) for hole in holes]
    groups = clusters(hole_layout(gaps, [()] * len(holes)), model.order)  # only the gaps count
    # The beam search goes through every candidate of a hole in a run: cut those down first.
    # A hole alone keeps all candidates the search would (its beliefs score them all at once).
    crowded = [hole for group in groups for hole in group if len(group) > 1 or len(candidates[hole]) > MAX_CANDIDATES]
    candidates = _pruned(model, gaps, candidates, crowded)
    layout = hole_layout(gaps, candidates)
    fillable = [i for i, hole in enumerate(holes) if hole.candidates]
    # A hole alone in its cluster sees only intact text in its window: its candidates' window
    # scores (with the word bonus) decide it and are its beliefs at once.
    alone = [group[0] for group in groups if len(group) == 1 and holes[group[0]].candidates]
    fills = [options[0] for options in candidates]
    beliefs = _beliefs(model, layout, fills, alone, candidates, lexicon)
    for hole in alone:
        fills[hole] = beliefs[hole].shares[0][0]
    # Runs of holes close together: the beam search, then the lexicon's words.
    choice = [candidates[hole].index(fill) for hole, fill in enumerate(fills)]
    runs = {hole for group in groups if len(group) > 1 for hole in group}
    fills = layout.hole_fills(best_path_around(model, layout, choice, runs))
    if lexicon is not None:
        fills = _with_words(model, layout, data, holes, fills, lexicon, codepage, set(alone))
    text, positions = _assemble(layout, fills)
    beliefs.update(_beliefs(model, layout, fills, [i for i in fillable if i not in beliefs], candidates, lexicon))
    if analyse is not None:
        fills, beliefs = second_opinion(model, text, positions, fills, beliefs, analyse)
        text, positions = _assemble(layout, fills)
    return Decoded(tuple(fills), tuple(beliefs.get(i) for i in range(len(holes))), text, tuple(positions))
