"""The version policy of a rule, and version parsing."""

from __future__ import annotations

import pytest

from polydoctest.drift import Action, Rule
from polydoctest.drift.patterns import KeywordArg
from polydoctest.drift.transforms import RenameKeyword
from polydoctest.drift.versions import at_least, release

RULE = Rule(
    id="lib.rename",
    library="lib",
    description="`old=`",
    pattern=KeywordArg(frozenset({"f"}), frozenset({"old"})),
    rewrite=RenameKeyword("new"),
    message="`old` is `new`",
    deprecated_in="1.2",
    removed_in="2.0",
    new_form_from="1.2",
)


@pytest.mark.parametrize(
    ("rule", "version", "verdict"),
    [
        (RULE, "1.1.9", None),
        (RULE, "1.2.0", Action.STALE),
        (RULE, "1.9.9", Action.STALE),
        (RULE, "2.0.0rc1", Action.REWRITTEN),
        (RULE, "2.0.0+cpu", Action.REWRITTEN),
        (RULE, "not a version", None),
        # Removed, but the new form is not there yet: report, do not rewrite.
        (Rule(**{**RULE.__dict__, "new_form_from": "2.1"}), "2.0.0", Action.STALE),
        # Removed, and the new form needs a library that is not installed.
        (Rule(**{**RULE.__dict__, "requires": ("other",)}), "2.0.0", Action.STALE),
        (Rule(**{**RULE.__dict__, "rewrite": None}), "2.0.0", Action.REMOVED),
        (Rule(**{**RULE.__dict__, "applies_before": "2.0", "deprecated_in": None, "removed_in": None}), "1.0", Action.ADAPTED),
        (Rule(**{**RULE.__dict__, "applies_before": "2.0", "deprecated_in": None, "removed_in": None}), "2.0", None),
    ],
)
def test_verdict(rule, version, verdict):
    assert rule.verdict({"lib": version}) is verdict


def test_verdict_without_the_library():
    assert RULE.verdict({"other": "3.0"}) is None


def test_new_form_missing_keeps_the_source():
    from polydoctest.drift import rewrite

    rule = Rule(**{**RULE.__dict__, "new_form_from": "2.1"})
    result = rewrite("f(old=1)\n", {"lib": "2.0"}, rules=[rule])
    assert result.source == "f(old=1)\n" and [f.action for f in result.findings] == [Action.STALE]


@pytest.mark.parametrize(
    ("installed", "version", "expected"),
    [("5.23.0", "5.0", True), ("5.0", "5.0.0", True), ("4.57.6", "5.0", False), ("5.0.0rc1", "5.0", True), ("2.13.0+cpu", "2.13", True)],
)
def test_at_least(installed, version, expected):
    assert at_least(release(installed), version) is expected
