"""How a step is named to a person: by its section and its line, never by a bare index.

`defects:16` reads as "the step at line 16, in the section anchored `defects`"; a section
without an `[[anchor]]` goes by its title with spaces turned to dashes, so the name stays one
word for pytest's `-k` and node ids.
"""

from __future__ import annotations

from polydoctest.parse import Step


def step_name(step: Step) -> str:
    section = (step.section.anchor or step.section.title) if step.section else ""
    return f"{'-'.join(section.split()) or 'top'}:{step.line_start}"
