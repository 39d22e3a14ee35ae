"""Observed values side by side: where two differ, and a value as a report line shows it.

The values are JSON as the runner observed them (`run.values.json_value`).
"""

from __future__ import annotations

from typing import Any


def value_differences(expected: Any, actual: Any, path: str = "") -> list[tuple[str, Any, Any]]:
    """Where two observed values differ: (path, expected, actual) for each differing leaf, so a
    report can say `learning_rate: 2e-05 -> 5e-05` instead of printing two whole dicts."""
    if expected == actual:
        return []
    if isinstance(expected, dict) and isinstance(actual, dict):
        found = []
        for key in [*expected, *(k for k in actual if k not in expected)]:
            found += value_differences(expected.get(key), actual.get(key), f"{path}.{key}" if path else str(key))
        return found
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        found = []
        for position, (mine, theirs) in enumerate(zip(expected, actual)):
            found += value_differences(mine, theirs, f"{path}[{position}]")
        return found
    return [(path, expected, actual)]


def shown(value: Any, width: int = 80) -> str:
    """A value's repr cut to `width` characters, for a line of a report."""
    text = repr(value)
    return text if len(text) <= width else text[: width - 1] + "…"
