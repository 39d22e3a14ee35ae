"""A step that uses a module no step imported is a doc defect: import it, rerun the step once."""

from __future__ import annotations

from run_helpers import page

from polydoctest.run import Remedy, run_page


def run(*sources: str, **options):
    return run_page(page(*sources, **options), warm_imports=())


def test_a_missing_import_is_remedied_and_the_step_rerun():
    outcome = run("data = {'a': 1}", "json.dumps(data)")
    step = outcome.steps[1]
    assert step.status == "ok"
    assert step.output == "'{\"a\": 1}'\n"
    assert step.remedy == Remedy(kind="missing-import", name="json", fix="import json")
    assert step.error is None


def test_a_well_known_alias_is_imported_under_its_alias():
    outcome = run("np.arange(3).tolist()")
    assert outcome.steps[0].remedy == Remedy("missing-import", "np", "import numpy as np")
    assert outcome.steps[0].output == "[0, 1, 2]\n"


def test_the_rerun_replaces_the_output_of_the_failed_attempt():
    outcome = run("import math\nname = 'shown once'\nname\nvalue = json.loads('[1]')\nvalue")
    assert outcome.steps[0].output == "'shown once'\n[1]\n"
    assert outcome.steps[0].remedy is not None


def test_a_missing_import_inside_a_function_from_an_earlier_step_is_remedied():
    outcome = run("def encode(x):\n    return json.dumps(x)", "encode([1])")
    assert outcome.steps[1].remedy is not None
    assert outcome.steps[1].output == "'[1]'\n"


def test_a_missing_import_in_an_exec_step_is_remedied():
    outcome = run("text = 'x'\nprint(json.dumps(text))", mode="exec")
    assert (outcome.steps[0].status, outcome.steps[0].output) == ("ok", '"x"\n')


def test_no_rerun_when_statements_before_the_failure_would_run_twice():
    outcome = run("counter = 1", "counter = counter + 1\njson.dumps(counter)", "counter")
    step = outcome.steps[1]
    assert (step.status, step.error.type, step.remedy) == ("error", "NameError", None)
    assert outcome.steps[2].output == "2\n"  # not incremented twice


def test_a_name_not_used_as_a_module_is_a_plain_error():
    outcome = run("print(code)")
    assert (outcome.steps[0].status, outcome.steps[0].remedy) == ("error", None)


def test_an_unknown_name_is_a_plain_error():
    outcome = run("tokenized_imdb.map(len)")
    step = outcome.steps[0]
    assert (step.status, step.error.type, step.remedy) == ("error", "NameError", None)


def test_a_library_class_used_without_import_is_imported_from_its_library():
    outcome = run("config = BertConfig(hidden_size=32)\nconfig.hidden_size")
    step = outcome.steps[0]
    assert step.remedy == Remedy("missing-import", "BertConfig", "from transformers import BertConfig")
    assert (step.status, step.output) == ("ok", "32\n")


def test_a_submodule_of_a_library_is_no_missing_import():
    outcome = run("config.hidden_size")
    assert (outcome.steps[0].status, outcome.steps[0].remedy) == ("error", None)
