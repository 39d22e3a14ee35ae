"""How a step is named to a person: by its section and its line, never by a bare index."""

from __future__ import annotations

from polydoctest.parse import Step


def step_name(step: Step) -> str:
    section = step.section.anchor or step.section.title if step.section else "top"
    return f"{section} (line {step.line_start})"
