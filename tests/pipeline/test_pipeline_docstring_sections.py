"""A translated `Args:` section in a tool's docstring (its header, a parameter's name): a doc
defect the run remedies, since the schema parser needs the English words."""

from __future__ import annotations

import pytest

from polydoctest.pipeline import RunReport
from polydoctest.run import Runner

from pipeline_pages import fence, run_pages, write_page

pytestmark = pytest.mark.xdist_group("docstring_sections")

TOOL = '''from transformers.utils import get_json_schema

def multiply(a: float, b: float):
    """
    두 숫자를 곱하는 함수

    인수:
        a: 곱할 첫 번째 숫자
        둘째(b): 곱할 두 번째 숫자
    """
    return a * b

schema = get_json_schema(multiply)
print(schema["function"]["parameters"]["properties"]["b"]["description"])
'''


@pytest.fixture(scope="module")
def report(runner: Runner, tmp_path_factory: pytest.TempPathFactory) -> RunReport:
    folder = tmp_path_factory.mktemp("docstring_sections")
    english = TOOL.replace("인수:", "Args:").replace("둘째(b):", "b:")
    pages = {"translated.md": "```python\n" + TOOL + "```\n", "english.md": "```python\n" + english + "```\n"}
    return run_pages(runner, *(write_page(folder, name, "# Page\n\n" + body) for name, body in pages.items()))


def result(report: RunReport, name: str):
    return next(result for run in report.pages if run.loaded.path.name == name for result in run.results)


def test_a_translated_args_header_is_a_doc_defect_whose_remedy_runs(report):
    translated = result(report, "translated.md")
    assert translated.verdict == "doc-defect"
    assert translated.reason == "ran after the remedy `Args:`"
    finding = translated.findings[0]
    assert finding.rule == "doc-defect.translated-docstring-section" and finding.line == 10
    assert "`인수:`" in finding.message and "`둘째(b)` for `b`" in finding.message


def test_the_english_header_passes_untouched(report):
    english = result(report, "english.md")
    assert english.verdict == "passed" and not english.findings
