"""Which guide a page is, from what its code does; the file name is only a hint.

Pages arrive with any name (`chapter3.md`, a pasted draft), so a page is scored against each
reference guide by the distinctive features they share: the APIs called, the checkpoints
and datasets named, the keywords passed. A feature counts by how few guides have it (one
every guide has counts nothing), and a guide's score is the share of its distinctive
weight the page covers. A file name the guide usually has adds a little, never enough alone.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from polydoctest.reference.code import CodeFacts, guide_facts
from polydoctest.reference.guides import GUIDES
from polydoctest.reference.model import Guide

# A page must cover this share of a guide's distinctive weight to be that guide.
MIN_SCORE = 0.3
PATH_HINT = 0.1
EVIDENCE = 5
# Which shared features tell a person most about a guide: named checkpoints and datasets first.
_EVIDENCE_ORDER = ("const", "call", "import", "kw", "attr", "name", "def")


@dataclass(frozen=True)
class Identification:
    guide: Guide
    score: float
    evidence: tuple[str, ...]
    """The page's most distinctive features that the guide shares, as a person reads them."""
    path_hint: bool


def identify(facts: Sequence[CodeFacts | None], path: str | None, guides: Sequence[Guide] = GUIDES) -> Identification | None:
    """The guide `facts` (a page's steps, analysed in order) most look like, or None."""
    page = frozenset().union(*(f.features for f in facts if f is not None))
    features = {guide.id: _features(guide) for guide in guides}
    weights = _weights(list(features.values()))
    stem = PurePath(path).stem if path else ""
    best: Identification | None = None
    for guide in guides:
        own = features[guide.id]
        total = sum(weights[f] for f in own)
        shared = sorted(page & own, key=lambda f: (-weights[f], _EVIDENCE_ORDER.index(f.partition(":")[0]), f))
        score = sum(weights[f] for f in shared) / total if total else 0.0
        hinted = stem in guide.path_hints
        if hinted:
            score += PATH_HINT
        evidence = tuple(_readable(f) for f in shared[:EVIDENCE] if weights[f] > 0)
        candidate = Identification(guide, round(score, 3), evidence, hinted)
        if candidate.score >= MIN_SCORE and (best is None or candidate.score > best.score):
            best = candidate
    return best


def _features(guide: Guide) -> frozenset[str]:
    return frozenset().union(*(f.features for f in guide_facts(guide)))


def _weights(guides: Sequence[frozenset[str]]) -> dict[str, float]:
    count = len(guides)
    every = frozenset().union(*guides)
    return {f: math.log(count / sum(f in g for g in guides)) for f in every}


def _readable(feature: str) -> str:
    kind, _, what = feature.partition(":")
    if kind == "const" and len(what) > 40:
        what = what[:37] + "…" + what[-1]
    return {"call": f"calls {what}", "kw": f"passes {what.rpartition('.')[2]}= to {what.rpartition('.')[0]}",
            "import": f"imports {what}", "const": what, "attr": f"reads .{what}",
            "name": f"names a constant {what}"}.get(kind, feature)
