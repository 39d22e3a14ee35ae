"""How verdicts look everywhere they are shown: their order, colour and short name.

Kept apart from the reports themselves so that light readers (the version matrix reads only
run JSON) share them without importing the pipeline.
"""

VERDICTS = ("passed", "passed-after-rewrite", "doc-defect", "skipped", "blocked", "failed", "crashed", "timed-out")
STYLE = {
    "passed": "green",
    "passed-after-rewrite": "yellow",
    "doc-defect": "magenta",
    "skipped": "dim",
    "blocked": "bright_black",
    "failed": "bold red",
    "crashed": "bold red",
    "timed-out": "bold red",
}
SHORT = {"passed-after-rewrite": "rewritten", "doc-defect": "defect", "timed-out": "timeout"}
