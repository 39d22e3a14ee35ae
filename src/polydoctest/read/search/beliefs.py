"""How sure is each fill: every candidate of a hole rescored in its repaired surroundings.

With all other fills fixed, a candidate's score is the model's log probability of the
candidate and the n-1 characters after it (nothing further depends on it), plus the lexicon
bonus when the word it completes is a known word. A softmax over the hole's candidates turns
the scores into shares of belief: the chosen fill's share is its confidence, the others are
the alternatives a human can pick from.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from polydoctest.read.models.hashing import codes_of
from polydoctest.read.models.model import CharModel
from polydoctest.read.search.beam import best_first, padded_codes
from polydoctest.read.search.lexicon import Lexicon


@dataclass(frozen=True)
class Belief:
    """Candidates of one hole with their shares of belief, best first."""

    shares: tuple[tuple[str, float], ...]

    def share_of(self, text: str) -> float:
        return next((share for candidate, share in self.shares if candidate == text), 0.0)


def hole_beliefs(
    model: CharModel,
    repaired: str,
    positions: list[int],
    fills: list[str],
    candidates: list[tuple[str, ...]],
    lexicon: Lexicon | None,
) -> list[Belief]:
    """The belief in each candidate of each hole; `positions[i]` is where fill i starts in
    the `repaired` text."""
    if not positions:
        return []
    width = model.order - 1
    # The run of non-ASCII characters each fill sits in (its word, for the lexicon).
    non_ascii = np.concatenate([[False], codes_of(repaired) > 0x7F, [False]])
    edges = np.flatnonzero(non_ascii[1:] != non_ascii[:-1])
    run_of = np.searchsorted(edges[::2], positions, side="right") - 1
    starts, ends = edges[::2][run_of].tolist(), edges[1::2][run_of].tolist()
    # Holes with the same surroundings and candidates have the same beliefs (pages repeat
    # their phrases): each kind is scored once.
    alike: dict[tuple[str, str, str, str, tuple[str, ...]], int] = {}
    kind_of = []
    for position, fill, start, end, options in zip(positions, fills, starts, ends, candidates):
        after = position + len(fill)
        context = repaired[max(0, position - width) : position].rjust(width, "\n")
        kind = (context, repaired[after : after + width], repaired[start:position], repaired[after:end], options)
        kind_of.append(alike.setdefault(kind, len(alike)))
    kinds = list(alike)
    owner = np.repeat(np.arange(len(kinds)), [len(options) for *_, options in kinds])
    words = [left + candidate + rest for _, _, left, rest, options in kinds for candidate in options]
    # Pages repeat their words: each is looked up once.
    bonus = {word: lexicon.bonus(word) for word in set(words)} if lexicon is not None else {}
    priors = np.array([bonus.get(word, 0.0) for word in words])
    codes, lengths = padded_codes([candidate + right for _, right, _, _, options in kinds for candidate in options])
    scores, _ = model.read(model.state_after([context for context, *_ in kinds]).take(owner), codes, lengths)
    scores = scores + priors
    # A softmax within each kind's rows (they are contiguous, in order).
    order, rank = best_first(owner, scores)
    shares = np.exp(scores - scores[order[rank == 0]][owner])
    shares /= np.bincount(owner, weights=shares)[owner]
    flat = [candidate for *_, options in kinds for candidate in options]
    ranked = list(zip([flat[i] for i in order.tolist()], shares[order].tolist()))
    beliefs = []
    start = 0
    for *_, options in kinds:
        beliefs.append(Belief(tuple(ranked[start : start + len(options)])))
        start += len(options)
    return [beliefs[kind] for kind in kind_of]
