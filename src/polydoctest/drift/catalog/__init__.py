"""The catalog: every drift rule, grouped by the library whose version gates it.

evaluate has no rule: its one measured quirk (0.4.x ignores HF_HUB_OFFLINE and needs
HF_EVALUATE_OFFLINE=1) is the runner's environment to set, not code on the page.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from ..rules import Rule
from . import datasets, huggingface_hub, starlette, torch, transformers, trl

BY_LIBRARY: Mapping[str, tuple[Rule, ...]] = MappingProxyType({
    "transformers": transformers.RULES,
    "datasets": datasets.RULES,
    "huggingface_hub": huggingface_hub.RULES,
    "torch": torch.RULES,
    "trl": trl.RULES,
    "starlette": starlette.RULES,
})
CATALOG: tuple[Rule, ...] = tuple(rule for rules in BY_LIBRARY.values() for rule in rules)


def rule(rule_id: str) -> Rule:
    """The rule with this id."""
    found = [r for r in CATALOG if r.id == rule_id]
    if not found:
        raise KeyError(rule_id)
    return found[0]

