"""Page fragments and undefined names: what the page shows as an illustration is a doc finding
that says so (not a failure, not a step that ran); a library name used without its import runs
after the import the page forgot; a name no step defines says whether a step is missing or the
step is a fragment."""

from __future__ import annotations

import pytest

from polydoctest.drift import installed_versions
from polydoctest.parse import parse_page
from polydoctest.pipeline import RunReport
from polydoctest.plan import plan_page
from polydoctest.run import Runner

from pipeline_pages import fence, page_results, run_pages, write_page

pytestmark = pytest.mark.xdist_group("fragments")


def plans(*fences: str):
    return plan_page(parse_page("# Page\n\n" + "\n".join(fences), "docs/source/ko/page.md"), installed_versions())


def only_defect(plan):
    (defect,) = plan.defects
    return defect


@pytest.mark.parametrize(
    ("code", "kind", "says"),
    [
        (("trainer = Trainer(model=model, ...)", "trainer.train()"), "fragment-ellipsis", "`...` stands for arguments"),
        (("args = TrainingArguments(..., optim='adamw_torch')",), "fragment-ellipsis", "`...` stands for arguments"),
        (("files = [...]",), "fragment-ellipsis", "`...` stands for items"),
        (("import json", "plan = {", "    'q_proj': 'colwise',", "    ...", "}"), "fragment-ellipsis", "`...` stands for items"),
        (("@slow", "def test_integration():"), "fragment-no-body", "`def test_integration():` has no body"),
        (("@pytest.mark.skip(reason='later')",), "fragment-no-body", "`@pytest.mark.skip(reason='later')` has no body"),
        (("(text, reply) = await queue.get()", "reply.put(text)"), "fragment-function-body", "`await` outside a function"),
        (("result = compute()", "return result"), "fragment-function-body", "`return` outside a function"),
        (("model = load(<your model>)",), "fragment-placeholder", "`<your model>` stands for a value"),
        (
            ("from transformers import BrandNewBertModel, BrandNewBertConfig", "model = BrandNewBertModel(BrandNewBertConfig())"),
            "fragment-new-model",
            "`BrandNewBertModel` stands for the model the reader adds",
        ),
        (
            ("from torch import nn", "from ..bert.modeling_bert import BertModel", "class RobertaModel(BertModel):", "    pass"),
            "fragment-package-module",
            "the relative import of `..bert.modeling_bert` shows a module inside a package",
        ),
        (
            tuple(
                left.ljust(24) + "|  " + right
                for left, right in [
                    ("class Small(Base):", "class Small(Module):"),
                    ("    def go(self):", "    def go(self):"),
                    ("        return 1", "        return 2"),
                ]
            ),
            "fragment-side-by-side",
            "columns split by `|` at column 25",
        ),
        (
            ("def data():", "    while True:", '        yield "This is a test"', "for out in pipe(data()):", "    print(out)"),
            "fragment-endless-loop",
            "`for out in pipe(data()):` loops for ever, as a server does",
        ),
        (("while True:", "    handle(queue.get())"), "fragment-endless-loop", "`while True:` loops for ever"),
    ],
)
def test_a_fragment_is_a_doc_finding_that_says_what_it_is_and_is_not_run(code, kind, says):
    (plan,) = plans(fence(*code))
    defect = only_defect(plan)
    assert (defect.kind, defect.new) == (kind, None)
    assert says in defect.message and defect.message.startswith("a fragment: ")
    assert not plan.runs and plan.skip_reason == f"not run: {defect.message}"


@pytest.mark.parametrize(
    "code",
    [
        "last = frames[..., -1]",  # numpy's own ellipsis in a subscript
        "def pick(value=...):\n    return value",  # a sentinel default
        "from typing import Callable\nHook = Callable[..., None]",
        "class Protocol:\n    def run(self): ...",
    ],
)
def test_pythons_own_ellipsis_is_no_fragment(code):
    (plan,) = plans(fence(code))
    assert plan.defects == () and plan.runs


def test_an_arabic_comma_is_remedied_before_the_fragment_is_recognised():
    (plan,) = plans(fence("trainer = Trainer(model=model، ...)"))
    assert [defect.kind for defect in plan.defects] == ["translated-punctuation", "fragment-ellipsis"]
    assert not plan.runs


def test_every_library_name_a_step_uses_without_import_is_imported_before_it_runs():
    first, second = plans(
        fence("model_id = 'x'"),
        fence("config = BertConfig(hidden_size=32)", "class Tiny(PreTrainedModel):", "    pass", "ones = torch.ones(2)"),
    )
    assert first.defects == ()
    assert second.imports == ("from transformers import BertConfig", "from transformers import PreTrainedModel", "import torch")
    assert [defect.line for defect in second.defects] == [1, 2, 4]
    assert second.job().source.startswith("from transformers import BertConfig\nfrom transformers import PreTrainedModel\nimport torch\nconfig =")


def test_a_library_class_read_as_a_module_is_imported_from_its_library():
    (plan,) = plans(fence("model = AutoModel.from_pretrained('x')"))
    assert plan.imports == ("from transformers import AutoModel",)


def test_pil_image_is_the_image_a_page_opens():
    (plan,) = plans(fence("image = Image.new('RGB', (2, 2))"))
    assert plan.imports == ("from PIL import Image",)


def test_a_library_class_passed_as_a_value_is_imported():
    (plan,) = plans(fence("registered = dict(pt_model=AutoModelForSequenceClassification)"))
    assert plan.imports == ("from transformers import AutoModelForSequenceClassification",)


def test_a_value_the_page_forgot_to_define_is_no_import():
    # `torch.device` exists, but `.to(device)` passes a value the page never defined.
    (plan,) = plans(fence("batch = batch.to(device)"))
    assert plan.imports == ()


def test_nothing_is_imported_for_a_name_an_earlier_step_defines_or_after_a_star_import():
    defined, star = plans(fence("def pipeline(text):", "    return text"), fence("pipeline('a')"))[1], plans(
        fence("from transformers import *"), fence("config = BertConfig()")
    )[1]
    assert defined.imports == () and star.imports == ()


def test_a_shell_cell_and_a_script_line_in_a_python_fence_are_shell_steps():
    cell, before, script, after = plans(
        fence("%%bash", "", "git clone https://example.org/repo", "cd repo"),
        fence("import os", "python zero_to_fp32.py . pytorch_model.bin", "name = os.sep"),
    )
    assert (cell.step.kind, cell.step.line_start, cell.step.source) == ("shell", 6, "git clone https://example.org/repo\ncd repo\n")
    assert (before.step.kind, script.step.kind, after.step.kind) == ("code", "shell", "code")
    assert script.skip_reason == "shell step, not executed: `python zero_to_fp32.py . pytorch_model.bin`"


PAGES = {
    "fragments.md": fence("import math")
    + fence("value = math.floor(2.5)", "result = compute(value, ...)")
    + fence("result"),
    "imports.md": fence("config = BertConfig(hidden_size=32)", "print(config.hidden_size, torch.ones(2).shape)")
    + fence(">>> class Tiny(BertConfig):", "...     pass", ">>> Tiny().model_type", "'bert'"),
    "conceptual.md": fence("import math") + fence("print(math.pi)") + fence("model.save_pretrained(save_dir)"),
    "guide.md": fence("rows = [1, 2, 3]") + fence("total = sum(rows)", "scaled = [row / total for row in normalised_rows]"),
    "reordered.md": fence("print(ratio)") + fence("ratio = 0.5"),
    "arabic_blocker.md": fence("numbers = [1، 2][5]") + fence("print(numbers)"),
    "library_name_error.md": fence(
        "with open('helper.py', 'w') as module:", "    module.write('def go():\\n    return missing_name\\n')"
    )
    + fence("import runpy", "runpy.run_path('helper.py')['go']()"),
    "cut_short.md": fence("total = dict(", "    name='x',", "    size=2,") + fence("print(total)"),
    "rebound_by_fragment.md": fence("model = [1, 2]")
    + fence("from transformers import BrandNewBertModel", "model = BrandNewBertModel.from_pretrained('/path/to/converted')")
    + fence("model.save_pretrained('/path/to/folder')"),
    "name_reused.md": fence("from transformers import BrandNewBertModel", "model = BrandNewBertModel.from_pretrained('/path/to/converted')")
    + fence("from torch import nn", "model = nn.Linear(2, 2)")
    + fence("model.save_pretrained('/path/to/folder')"),
}


@pytest.fixture(scope="module")
def report(runner: Runner, tmp_path_factory: pytest.TempPathFactory) -> RunReport:
    folder = tmp_path_factory.mktemp("fragments")
    paths = [write_page(folder, name, "# Page\n\n" + body) for name, body in PAGES.items()]
    return run_pages(runner, *paths)


def test_a_fragment_is_a_doc_defect_with_its_finding_and_what_needs_it_is_blocked(report):
    imports, fragment, needs = page_results(report, "fragments.md")
    assert (imports.verdict, fragment.verdict, needs.verdict) == ("passed", "doc-defect", "blocked")
    (finding,) = fragment.findings
    assert finding.rule == "doc-defect.fragment-ellipsis" and finding.line == 8 and finding.new is None
    assert needs.blocked_by == fragment.index


def test_library_names_used_without_import_run_after_the_imports(report):
    first, subclass, shown = page_results(report, "imports.md")
    assert (first.verdict, subclass.verdict, shown.verdict) == ("doc-defect", "passed", "passed")  # imported once
    assert first.reason == "ran after the remedies `from transformers import BertConfig`, `import torch`"
    assert [(finding.rule, finding.new) for finding in first.findings] == [
        ("doc-defect.missing-import", "from transformers import BertConfig"),
        ("doc-defect.missing-import", "import torch"),
    ]
    assert shown.output_check.status == "exact"


def test_a_name_a_standalone_step_never_gets_is_a_fragment(report):
    *_, snippet = page_results(report, "conceptual.md")
    assert snippet.verdict == "doc-defect"
    (finding,) = snippet.findings
    assert finding.rule == "doc-defect.fragment-undefined" and "`model`" in finding.message
    assert finding.line == 10


def test_a_name_a_guides_next_step_needs_is_a_missing_step_with_its_line(report):
    _, step = page_results(report, "guide.md")
    (finding,) = step.findings
    assert finding.rule == "doc-defect.missing-step" and finding.line == 8
    assert finding.message.startswith("`normalised_rows` is used but no step of the page defines it; this step goes on from `rows`")


def test_a_name_used_before_the_step_that_defines_it_says_reorder(report):
    used, _ = page_results(report, "reordered.md")
    (finding,) = used.findings
    assert finding.rule == "doc-defect.used-before-defined" and "reorder the page" in finding.message


def test_a_step_remedied_for_punctuation_still_blocks_what_needs_its_names(report):
    broken, after = page_results(report, "arabic_blocker.md")
    assert broken.verdict == "failed" and "IndexError" in broken.reason
    assert (after.verdict, after.blocked_by) == ("blocked", broken.index)


def test_a_fence_cut_short_blocks_the_step_that_needs_what_it_assigns(report):
    cut, after = page_results(report, "cut_short.md")
    assert cut.verdict == "failed" and "'(' was never closed" in cut.reason
    assert (after.verdict, after.blocked_by) == ("blocked", cut.index)


def test_a_name_error_raised_inside_a_library_is_no_name_the_page_forgot(report):
    _, call = page_results(report, "library_name_error.md")
    assert call.verdict == "failed" and "NameError: name 'missing_name' is not defined" in call.reason
    assert call.findings == ()


@pytest.mark.parametrize(
    "code",
    [
        ("while True:", "    line = read()", "    if not line:", "        break"),
        ("def data():", "    while True:", "        yield 1", "for out in islice(data(), 3):", "    print(out)"),
        ("def data():", "    for i in range(3):", "        yield i", "for out in data():", "    print(out)"),
    ],
)
def test_a_loop_that_ends_is_run(code):
    (plan,) = plans(fence(*code))
    assert plan.defects == () and plan.runs


def test_a_name_a_fragment_rebinds_blocks_the_step_that_goes_on_from_it(report):
    earlier, fragment, saving = page_results(report, "rebound_by_fragment.md")
    assert (earlier.verdict, fragment.verdict, saving.verdict) == ("passed", "doc-defect", "blocked")
    assert saving.blocked_by == fragment.index and "needs `model` as step" in saving.reason


@pytest.mark.parametrize(
    ("code", "old", "new", "says"),
    [
        (("args = dict(", "    steps=4,", "    fp16=True.", ")"), "fp16=True.", "fp16=True,", "Python needs the comma between arguments"),
        (('path = "/path/to/model".', "size = len(path)"), 'path = "/path/to/model".', 'path = "/path/to/model"', "Python needs nothing there"),
        (
            ("from collections import Counter, OrderedDict,", "counts = Counter('aab')"),
            "from collections import Counter, OrderedDict,",
            "from collections import Counter, OrderedDict",
            "no comma after the last name",
        ),
    ],
)
def test_punctuation_typed_as_prose_is_a_doc_defect_that_runs_after_its_remedy(code, old, new, says):
    (plan,) = plans(fence(*code))
    defect = only_defect(plan)
    assert (defect.kind, defect.old, defect.new) == ("prose-punctuation", old, new)
    assert says in defect.message
    assert plan.runs and new in [line.strip() for line in plan.job().source.splitlines()]


@pytest.mark.parametrize("code", ["total = 1.", "name = path.\\\n    stem"])
def test_a_period_python_reads_is_no_prose_punctuation(code):
    (plan,) = plans(fence("path = __import__('pathlib').Path('a.txt')", code))
    assert plan.defects == () and plan.runs


def test_an_attribute_the_object_lacks_where_the_page_reuses_its_name_says_which_step_it_means(report):
    fragment, linear, save = page_results(report, "name_reused.md")
    assert [fragment.verdict, linear.verdict, save.verdict] == ["doc-defect", "passed", "failed"]
    assert save.reason.startswith("AttributeError: 'Linear' object has no attribute 'save_pretrained'")
    assert (
        f"`model` is the `Linear` of step {linear.index}, but this step likely means the `model` of step {fragment.index} "
        "(not run: a fragment)" in save.reason
    )
    assert save.reason.endswith(f"give the one of step {linear.index} a name of its own")
