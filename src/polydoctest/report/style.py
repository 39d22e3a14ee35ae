"""How verdicts look everywhere they are shown: their colour (order and short names are the
`Verdict`'s own).

Kept apart from the reports themselves so that light readers (the version matrix reads only
run JSON) share them without importing the pipeline.
"""

from polydoctest.verdicts import Verdict

STYLE = {
    Verdict.PASSED: "green",
    Verdict.PASSED_AFTER_REWRITE: "yellow",
    Verdict.DOC_DEFECT: "magenta",
    Verdict.SKIPPED: "dim",
    Verdict.BLOCKED: "bright_black",
    Verdict.FAILED: "bold red",
    Verdict.CRASHED: "bold red",
    Verdict.TIMED_OUT: "bold red",
    Verdict.UNSUPPORTED: "cyan",
}
