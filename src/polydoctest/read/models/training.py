"""Estimate an interpolated Kneser-Ney character n-gram model from weighted text segments.

Everything is computed on numpy arrays of rolling hashes, one order at a time, so that a model
over a few million characters of word lists and pages builds in seconds. The result is in
backoff form: for each kept string its interpolated log probability and, as a context, its
log backoff weight, which is what `table.py` stores and `scorer.py` reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from polydoctest.read.models.hashing import SEED, codes_of, extend

# Unseen characters share this much of the lowest order's backoff mass (about 1/65536 each).
LOG_UNKNOWN_CHAR = float(-np.log(65536.0))


@dataclass(frozen=True)
class Estimate:
    """The strings a model keeps (as hashes) with their log probabilities and log backoffs."""

    hashes: np.ndarray
    log_probs: np.ndarray
    log_backoffs: np.ndarray
    log_root_backoff: float  # the backoff weight of the empty context, towards unseen characters


@dataclass
class _Order:
    keys: np.ndarray  # sorted distinct hashes of the strings of this length
    raw: np.ndarray  # weighted occurrence counts
    prefix: np.ndarray  # index of each string minus its last character, in the order below
    suffix: np.ndarray  # index of each string minus its first character, in the order below
    at_start: np.ndarray  # weighted count at the start of a segment, where no left neighbour shows


def _unique(keys: np.ndarray, weights: np.ndarray, at_start: np.ndarray):
    """Distinct keys (sorted), an index of one occurrence of each, per key the summed weights
    and summed weights at segment starts, and for every key its distinct key's index.
    (np.unique's stable sort is 10x slower.)"""
    order = np.argsort(keys)
    ordered = keys[order]
    is_start = np.concatenate([[True], ordered[1:] != ordered[:-1]])
    starts = np.flatnonzero(is_start)
    inverse = np.empty(len(keys), dtype=np.int64)
    inverse[order] = np.cumsum(is_start) - 1
    return (
        ordered[starts],
        order[starts],
        np.add.reduceat(weights[order], starts),
        np.add.reduceat(weights[order] * at_start[order], starts),
        inverse,
    )


def _count_orders(codes: np.ndarray, position: np.ndarray, weights: np.ndarray, order: int) -> list[_Order]:
    orders = [_Order(np.array([SEED]), np.array([weights.sum()]), np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, bool))]
    below = np.full(len(codes), SEED, dtype=np.uint64)  # hash of the string of length k-1 ending at i
    # Index of that string among the distinct strings of length k-1 (the empty string's is 0):
    # a string's prefix and suffix are found by where they end, with no search.
    below_index = np.zeros(len(codes), dtype=np.int64)
    for k in range(1, order + 1):
        shifted = np.concatenate([[SEED], below[:-1]]).astype(np.uint64)
        shifted_index = np.concatenate([[0], below_index[:-1]])
        current = extend(shifted, codes)
        valid = np.flatnonzero(position >= k - 1)
        keys, first, raw, at_start, inverse = _unique(current[valid], weights[valid], position[valid] == k - 1)
        occurrence = valid[first]
        orders.append(_Order(keys, raw, shifted_index[occurrence], below_index[occurrence], at_start))
        below = current
        below_index = np.zeros(len(codes), dtype=np.int64)
        below_index[valid] = inverse
    return orders


def _discounts(counts: np.ndarray) -> np.ndarray:
    """Modified Kneser-Ney discounts D1, D2, D3+ from the counts of counts (Chen & Goodman)."""
    n1, n2, n3, n4 = (np.count_nonzero(counts == c) for c in (1, 2, 3, 4))
    if min(n1, n2, n3, n4) == 0:
        return np.array([0.5, 1.0, 1.5])
    y = n1 / (n1 + 2 * n2)
    found = np.array([1 - 2 * y * n2 / n1, 2 - 3 * y * n3 / n2, 3 - 4 * y * n4 / n3])
    return np.clip(found, 0.05, [1.0, 2.0, 3.0])


def _discount_of(counts: np.ndarray, discounts: np.ndarray) -> np.ndarray:
    which = np.clip(np.ceil(counts).astype(np.int64), 0, 3)
    return np.where(which == 0, 0.0, discounts[np.maximum(which - 1, 0)])


def estimate(segments: Sequence[tuple[str, float]], order: int, min_counts: Sequence[float]) -> Estimate:
    """Interpolated modified Kneser-Ney over `segments` (text, weight); strings of length k are
    kept when their weighted count reaches `min_counts[k - 1]` (non-decreasing, so what is kept
    stays closed under prefixes and suffixes)."""
    texts = [text for text, _ in segments if text]
    lengths = np.array([len(text) for text in texts], dtype=np.int64)
    codes = codes_of("".join(texts))
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    position = np.arange(len(codes)) - np.repeat(starts, lengths)
    weights = np.repeat(np.array([w for text, w in segments if text], dtype=np.float64), lengths)
    orders = _count_orders(codes, position, weights, order)

    # Counts the estimate runs on: raw at the top order, distinct left neighbours below it, and
    # raw again for occurrences at a segment start, which have no left neighbour to count.
    counts = [None] * (order + 1)
    counts[order] = np.rint(orders[order].raw)
    for k in range(1, order):
        continuation = np.bincount(orders[k + 1].suffix, minlength=len(orders[k].keys))
        counts[k] = continuation + np.rint(orders[k].at_start)

    probs = [np.zeros(0)] * (order + 1)
    backoffs = [np.zeros(len(o.keys)) for o in orders]  # log backoff of each string as a context
    below_probs = None
    for k in range(1, order + 1):
        count = counts[k]
        discounts = _discounts(count)
        discounted = np.maximum(count - _discount_of(count, discounts), 0.0)
        context = orders[k].prefix
        n_contexts = len(orders[k - 1].keys)
        total = np.bincount(context, weights=count, minlength=n_contexts)
        mass = np.bincount(context, weights=_discount_of(count, discounts), minlength=n_contexts)
        gamma = np.divide(mass, total, out=np.ones(n_contexts), where=total > 0)
        backoffs[k - 1] = np.log(np.maximum(gamma, 1e-300))
        lower = np.exp(LOG_UNKNOWN_CHAR) if k == 1 else below_probs[orders[k].suffix]
        probs[k] = discounted / total[context] + gamma[context] * lower
        below_probs = probs[k]

    kept_hashes, kept_probs, kept_backoffs = [], [], []
    for k in range(1, order + 1):
        keep = orders[k].raw >= min_counts[k - 1]
        kept_hashes.append(orders[k].keys[keep])
        kept_probs.append(np.log(probs[k][keep]))
        kept_backoffs.append(backoffs[k][keep])
    return Estimate(
        hashes=np.concatenate(kept_hashes),
        log_probs=np.concatenate(kept_probs),
        log_backoffs=np.concatenate(kept_backoffs),
        log_root_backoff=float(backoffs[0][0]),
    )
