"""How sure is each fill: every candidate of a hole rescored in its repaired surroundings.

With all other fills fixed, a candidate's score is the model's log probability of the
candidate and the n-1 characters after it (nothing further depends on it), plus the lexicon
bonus when the word it completes is a known word. A softmax over the hole's candidates turns
the scores into shares of belief: the chosen fill's share is its confidence, the others are
the alternatives a human can pick from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from polydoctest.read.lexicon import Lexicon
from polydoctest.read.model import CharModel
from polydoctest.read.search import advance, best_first, padded_codes

_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")


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
    tokens = {match.start(): match for match in _NON_ASCII_RUN.finditer(repaired)}
    token_starts = np.array(sorted(tokens))
    contexts, texts, owners, priors = [], [], [], []
    for hole, (position, fill) in enumerate(zip(positions, fills)):
        after = position + len(fill)
        contexts.append(repaired[max(0, position - width) : position].rjust(width, "\n"))
        right = repaired[after : after + width]
        token = tokens[int(token_starts[np.searchsorted(token_starts, position, side="right") - 1])]
        for candidate in candidates[hole]:
            texts.append(candidate + right)
            owners.append(hole)
            word = repaired[token.start() : position] + candidate + repaired[after : token.end()]
            priors.append(lexicon.bonus(word) if lexicon is not None else 0.0)
    owner = np.array(owners)
    state = model.state_after(contexts).take(owner)
    codes, lengths = padded_codes(texts)
    scores, _ = advance(model, state, codes, lengths)
    scores = scores + np.array(priors)
    # A softmax within each hole's rows (they are contiguous, in hole order).
    order, rank = best_first(owner, scores)
    shares = np.exp(scores - scores[order[rank == 0]][owner])
    shares /= np.bincount(owner, weights=shares)[owner]
    flat = [candidate for options in candidates for candidate in options]
    ranked = list(zip([flat[i] for i in order.tolist()], shares[order].tolist()))
    beliefs = []
    start = 0
    for options in candidates:
        beliefs.append(Belief(tuple(ranked[start : start + len(options)])))
        start += len(options)
    return beliefs
