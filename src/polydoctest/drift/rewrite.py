"""The drift stage's entry point: one step's code in, rewritten code and findings out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .catalog import CATALOG
from .edits import Edit, apply_edits
from .findings import Action, DriftResult, Finding, line_origins
from .rules import Match, Rule
from .step import Step


def rewrite(
    source: str, versions: Mapping[str, str], rules: Sequence[Rule] = CATALOG, earlier: Mapping[str, str] | None = None
) -> DriftResult:
    """Rewrite the old forms that `versions` no longer accept, and report every old form seen.

    `source` is a step's Python code with prompts stripped; `versions` maps library names
    (`transformers`, `datasets`, `huggingface_hub`, ... as `installed_versions()` returns them)
    to version strings. A rule whose library is absent is not applied. A source that does not
    parse (a fragment, a shell line) comes back unchanged, with no findings. `rules` defaults
    to the whole catalog. `earlier` maps names the page's earlier steps bound to their values'
    code, for forms whose drift depends on what a name holds (which processor).
    """
    step = Step.parse(source, earlier)
    if step is None:
        return DriftResult(source, (), line_origins(source, source))
    findings: list[Finding] = []
    edits: list[Edit] = []
    for rule in rules:
        verdict = rule.verdict(versions)
        if verdict is None:
            continue
        for match in rule.pattern.find(step):
            applies = verdict in (Action.REWRITTEN, Action.ADAPTED)
            fix = rule.rewrite.fix(match, step) if applies and rule.rewrite else None
            if fix is not None:
                edits.extend(fix.edits)
            findings.append(
                Finding(
                    rule=rule.id,
                    line=step.line(match.node),
                    message=_message(rule, match),
                    old=step.shown(match.node),
                    new=fix.shown if fix is not None else None,
                    # A removed form this occurrence cannot be rewritten from runs as written
                    # and fails there; the finding explains the failure.
                    action=verdict if not applies or fix is not None else Action.STALE,
                )
            )
    rewritten = apply_edits(step.module, edits).code if edits else source
    findings.sort(key=lambda finding: finding.line)
    return DriftResult(rewritten, tuple(findings), line_origins(source, rewritten))


# A release after every version the catalog names: every old form it can rewrite is rewritten.
_BEYOND_THE_CATALOG = "999999"


def newest_form(source: str, rules: Sequence[Rule] = CATALOG) -> str:
    """`source` with every old form the catalog can rewrite in its newest form, as if each
    library were newer than any rule; harness rules (which protect a run) stay out.

    For comparing what two pieces of code do across releases (`tokenizer=` and
    `processing_class=` pass the same thing to a Trainer), never for running: the installed
    versions may not have the new forms."""
    libraries = {rule.library for rule in rules}
    libraries |= {name for rule in rules for name in rule.requires}
    libraries |= {name for rule in rules for name, _ in rule.companions}
    return rewrite(source, dict.fromkeys(libraries, _BEYOND_THE_CATALOG), rules).source


class _KeepUnknown(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _message(rule: Rule, match: Match) -> str:
    return rule.message.format_map(_KeepUnknown(match.details)) if match.details else rule.message
