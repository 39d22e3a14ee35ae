"""The rule data type: one old form of a library API, when it went stale, and how to rewrite it.

A rule is data. Its `pattern` finds occurrences of the old form in a step, its `rewrite` (None
for skip-and-report rules) turns one occurrence into edits, and its version fields decide,
for the installed version, whether an occurrence is rewritten, reported or skipped.

The version policy follows what the guides' users live with: code that still runs is kept as
the page wrote it (a deprecated form is only reported, `stale`), and code is rewritten only
where the installed version no longer accepts it (removed, or silently ignored), and only if
the new form exists there.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Protocol

import libcst as cst

from .edits import Edit
from .findings import Action
from .step import Step
from .versions import at_least, release

ALWAYS = "0"
"""`deprecated_in` for drift that no release introduced (a model moved on the Hub: the page
still works through the Hub's redirect); `removed_in` for code that fails on every release, a
page bug whose rule is named `doc-defect.<name>` (see `findings`)."""
EVERY_RELEASE = "9999"
"""`applies_before` for harness rules every release needs (GPU code run on the CPU)."""


@dataclass(frozen=True)
class Match:
    """One occurrence of an old form."""

    node: cst.CSTNode
    details: Mapping[str, str] = field(default_factory=dict)
    """Values a rule's message may name, e.g. `{old_id}` and `{new_id}`."""


@dataclass(frozen=True)
class Fix:
    edits: tuple[Edit, ...]
    shown: str
    """The new code as the finding shows it ("" when the old code is just dropped)."""


class Pattern(Protocol):
    def find(self, step: Step) -> Iterator[Match]: ...


class Rewrite(Protocol):
    def fix(self, match: Match, step: Step) -> Fix | None:
        """Edits for this occurrence, or None when this occurrence cannot be rewritten."""
        ...


@dataclass(frozen=True)
class Rule:
    id: str
    library: str
    description: str
    """What the rule detects, for maintainers reading the catalog."""
    pattern: Pattern
    rewrite: Rewrite | None
    message: str
    """One line for translators: what changed, in which version."""
    deprecated_in: str | None = None
    """First release that warns about the old form (ALWAYS: stale on every release)."""
    removed_in: str | None = None
    """First release where the old form fails or is silently ignored (ALWAYS: a page bug)."""
    new_form_from: str | None = None
    """First release where the new form exists (None: every release the rule applies to)."""
    applies_before: str | None = None
    """Harness rules: the rewrite protects the run (no tracker reaching the network) rather
    than following an API change, and is applied on every release before this one."""
    applies_from: str | None = None
    """Harness rules: the first release whose behaviour the run adapts to (none before it)."""
    requires: tuple[str, ...] = ()
    """Other libraries the new form needs installed (`evaluate` for `load_metric`)."""
    companions: tuple[tuple[str, str], ...] = ()
    """(library, release) pairs: the rule applies only where each of these libraries is
    installed at that release or newer. For drift between libraries, where an old release of
    `library` does not understand what a newer companion hands it."""

    def verdict(self, versions: Mapping[str, str]) -> Action | None:
        """What to do with an occurrence on these versions; None: the old form is fine here."""
        installed = release(versions.get(self.library, ""))
        if installed is None:
            return None
        for companion, since in self.companions:
            found = release(versions.get(companion, ""))
            if found is None or not at_least(found, since):
                return None
        if self.applies_before is not None:
            before_start = self.applies_from is not None and not at_least(installed, self.applies_from)
            return None if before_start or at_least(installed, self.applies_before) else Action.ADAPTED
        if self.removed_in is not None and at_least(installed, self.removed_in):
            if self.rewrite is None:
                return Action.REMOVED
            if self.new_form_from is not None and not at_least(installed, self.new_form_from):
                return Action.STALE
            if any(library not in versions for library in self.requires):
                return Action.STALE
            return Action.REWRITTEN
        if self.deprecated_in is not None and at_least(installed, self.deprecated_in):
            return Action.STALE
        return None
