"""An open-addressing hash table in one numpy array: n-gram statistics looked up in bulk.

Each slot packs a 32-bit fingerprint of a string with two 16-bit quantised log values (the
string's smoothed log probability and its backoff weight as a context). One gather per probe
serves both, and a sorted-array search (over a microsecond per random lookup) is avoided:
scoring is bound by these lookups.
"""

from __future__ import annotations

import numpy as np

from polydoctest.read.models.hashing import mix

# Quantisation step of the stored log values: 1/2048 nat, range 0 .. -32 nats.
_STEPS_PER_NAT = 2048.0
_MAX_STEP = 0xFFFF
_LOW32 = np.uint64(0xFFFFFFFF)


def quantise(log_values: np.ndarray) -> np.ndarray:
    steps = np.rint(-np.asarray(log_values, dtype=np.float64) * _STEPS_PER_NAT)
    return np.clip(steps, 0, _MAX_STEP).astype(np.uint64)


def _slots_and_fingerprints(hashes: np.ndarray, bits: int) -> tuple[np.ndarray, np.ndarray]:
    mixed = mix(hashes)
    slots = (mixed >> np.uint64(64 - bits)).view(np.int64)
    mixed &= _LOW32
    mixed |= np.uint64(1)  # a fingerprint is never 0: 0 marks an empty slot
    return slots, mixed


def build_table(hashes: np.ndarray, log_probs: np.ndarray, log_backoffs: np.ndarray) -> np.ndarray:
    """A table holding each (distinct) hash with its two log values; load factor at most 1/2."""
    bits = max(4, int(np.ceil(np.log2(max(len(hashes), 1) * 2))))
    table = np.zeros(1 << bits, dtype=np.uint64)
    mask = (1 << bits) - 1
    slots, fingerprints = _slots_and_fingerprints(hashes, bits)
    entries = (fingerprints << np.uint64(32)) | (quantise(log_probs) << np.uint64(16)) | quantise(log_backoffs)
    pending = np.arange(len(hashes))
    claimed = np.full(len(table), -1, dtype=np.int64)
    while len(pending):
        # Insert in rounds: among the keys aiming at one free slot one wins (the last write),
        # the rest probe on.
        target = slots[pending]
        free = table[target] == 0
        claimed[target[free]] = pending[free]
        placed = free & (claimed[target] == pending)
        table[target[placed]] = entries[pending[placed]]
        pending = pending[~placed]
        slots[pending] = (slots[pending] + 1) & mask
    return table


# A probe goes on one slot at a time while many are pending, then this many slots at a time:
# the few long probe sequences would otherwise cost a round of numpy calls per slot.
_MANY_PENDING = 512
_PROBE_WINDOW = 16


def lookup(table: np.ndarray, hashes: np.ndarray) -> np.ndarray:
    """The packed entries stored for `hashes` (0 where a hash is absent)."""
    bits = int(len(table)).bit_length() - 1
    mask = len(table) - 1
    slots, fingerprints = _slots_and_fingerprints(hashes, bits)
    entries = table[slots]
    found = (entries >> np.uint64(32)) == fingerprints
    # A probe ends at the first slot holding the fingerprint, or at an empty one.
    probing = np.flatnonzero(~found & (entries != 0))
    while len(probing) > _MANY_PENDING:
        slots[probing] += 1
        probed = table[slots[probing] & mask]
        entries[probing] = probed
        hit = (probed >> np.uint64(32)) == fingerprints[probing]
        found[probing] = hit
        probing = probing[~hit & (probed != 0)]
    ahead = np.arange(1, _PROBE_WINDOW + 1)
    while len(probing):
        window = table[(slots[probing, None] + ahead) & mask]
        match = (window >> np.uint64(32)) == fingerprints[probing, None]
        stop = match | (window == 0)
        first = stop.argmax(axis=1)
        rows = np.arange(len(probing))
        entries[probing] = window[rows, first]
        found[probing] = match[rows, first]
        slots[probing] += _PROBE_WINDOW
        probing = probing[~stop[rows, first]]
    return np.where(found, entries, np.uint64(0))


def log_prob(entries: np.ndarray) -> np.ndarray:
    return -((entries >> np.uint64(16)) & np.uint64(_MAX_STEP)).astype(np.float32) / np.float32(_STEPS_PER_NAT)


def log_backoff(entries: np.ndarray) -> np.ndarray:
    return -(entries & np.uint64(_MAX_STEP)).astype(np.float32) / np.float32(_STEPS_PER_NAT)
