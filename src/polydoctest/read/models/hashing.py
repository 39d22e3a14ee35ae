"""Rolling hashes of character strings, shared by model training and scoring.

A string's hash is a polynomial in its code points (mod 2**64), so the hash of a string one
character longer is one multiply-add away; training and scoring both extend hashes on whole
numpy arrays. The mix function spreads those hashes over a table slot
and an independent 32-bit fingerprint.
"""

from __future__ import annotations

import numpy as np

SEED = np.uint64(0x243F6A8885A308D3)
_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)


def extend(hashes: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Hashes of the strings `hashes` stand for, each followed by the character `codes`."""
    return hashes * _MULTIPLIER + (codes.astype(np.uint64) + np.uint64(1))


def suffix_hashes(before: np.ndarray, codes: np.ndarray, order: int) -> np.ndarray:
    """`[j, c, i]`: the hash of the j + 1 characters ending at `codes[c, i]` (j < `order`),
    those before `codes[0, i]` being the ones `before[i]` stands for (`before[i, k]`: the
    hash of the last k). `extend`, one length after another, in place."""
    characters = codes.astype(np.uint64)
    characters += np.uint64(1)
    hashes = np.empty((order,) + codes.shape, dtype=np.uint64)
    for j in range(order):
        level = hashes[j]
        np.multiply(before[:, j], _MULTIPLIER, out=level[0])
        if j:
            np.multiply(hashes[j - 1, :-1], _MULTIPLIER, out=level[1:])
        else:
            level[1:] = SEED
            level[1:] *= _MULTIPLIER
        level += characters
    return hashes


def mix(hashes: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: every output bit depends on every input bit."""
    z = hashes >> np.uint64(30)
    z ^= hashes
    z *= _MIX1
    z ^= z >> np.uint64(27)
    z *= _MIX2
    z ^= z >> np.uint64(31)
    return z


def codes_of(text: str) -> np.ndarray:
    """The code points of `text` as an array."""
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
