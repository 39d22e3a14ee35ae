"""The check stage: does each step's output have the shape its page promises?

`check_output` compares what a step printed with what the page shows; `OutputCheck` is its
result. `values.parse_value` (printed text to a value tree) is public for other stages.
"""

from polydoctest.check.output import OutputCheck, check_output
from polydoctest.check.values import parse_value

__all__ = ["OutputCheck", "check_output", "parse_value"]
