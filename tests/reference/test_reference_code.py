"""Code facts: spelling that does not change what runs is normalised away; the rest is kept."""

from __future__ import annotations

import enum

import numpy
import pytest
import torch

from polydoctest.reference.code import Context, analyse, analyse_all
from polydoctest.reference.rename import rename
from polydoctest.reference.values import value_differences
from polydoctest.run.values import json_value


def facts(*sources: str):
    return analyse_all(sources)[-1]


def test_aliases_become_the_dotted_names_they_stand_for():
    one = facts("import numpy as np", "np.argmax(x, axis=1)")
    other = facts("import numpy", "numpy.argmax(x, axis=1)")
    assert one.calls[0].callee == other.calls[0].callee == "numpy.argmax"
    assert facts("from transformers import AutoTokenizer as T", "t = T.from_pretrained('x')").calls[0].callee == (
        "transformers.AutoTokenizer.from_pretrained"
    )


def test_names_bound_to_constants_resolve_but_the_raw_form_is_kept():
    call = facts("checkpoint = 'distilbert/distilbert-base-uncased'", "m = AutoModel.from_pretrained(checkpoint)").calls[0]
    (argument,) = call.arguments
    assert argument.raw == "checkpoint"
    assert argument.resolved == "'distilbert/distilbert-base-uncased'"


def test_hub_ids_the_hub_redirects_read_as_their_new_ids():
    legacy = facts("t = AutoTokenizer.from_pretrained('distilbert-base-uncased')").calls[0]
    assert legacy.arguments[0].resolved == "'distilbert/distilbert-base-uncased'"
    assert facts("d = load_dataset('imdb')").calls[0].arguments[0].resolved == "'stanfordnlp/imdb'"


def test_numbers_compare_by_value_and_f_strings_without_fields_are_strings():
    assert facts("TrainingArguments(learning_rate=2e-5)").calls[0].arguments[0].resolved == (
        facts("TrainingArguments(learning_rate=0.00002)").calls[0].arguments[0].resolved
    )
    assert facts('x = wnut["train"].features[f"ner_tags"]').features == facts('x = wnut["train"].features["ner_tags"]').features


def test_function_parameters_are_numbered_so_their_names_do_not_matter():
    one = facts("def f(examples):\n    return tokenizer(examples['text'], truncation=True)")
    other = facts("def g(batch):\n    return tokenizer(batch['text'], truncation=True)")
    assert one.calls == other.calls


def test_features_ignore_variable_names_and_the_tensorflow_prefix():
    assert facts("tokenized = imdb.map(f, batched=True)").features == facts("out = dataset.map(g, batched=True)").features
    pt = facts("from transformers import AutoModelForSequenceClassification")
    tf = facts("from transformers import TFAutoModelForSequenceClassification")
    assert pt.features == tf.features


def test_bindings_say_how_a_name_is_bound():
    bound = {b.name: b.how for b in facts("import torch\nx = 3\nlabels = {0: 'a'}\nm = Model.load(x)\ndef f(): pass").bindings}
    assert bound == {
        "torch": "import:torch",
        "x": "const:3",
        "labels": "literal:{0: 'a'}",
        "m": "value:_.load(_)",
        "f": "def",
    }


def test_display_and_import_only_steps_are_recognised():
    assert facts('imdb["test"][0]').display_only
    assert facts("print(encoding)").display_only
    assert not facts("trainer.train()").display_only
    assert facts("from transformers import pipeline").import_only
    assert analyse("pip install transformers", Context.empty()) is None


def test_rename_changes_free_names_only():
    expression = "{key: row[key] for row in tokenized_imdb['train'] for key in row} | {'n': len(imdb)}"
    renamed = rename(expression, {"tokenized_imdb": "tokenized", "imdb": "dataset", "key": "KEY", "row": "ROW"})
    assert renamed == "{key: row[key] for row in tokenized['train'] for key in row} | {'n': len(dataset)}"
    assert rename("model.config", {"model": "model"}) == "model.config"


class Colour(enum.Enum):
    RED = "red"


def test_observed_values_are_exact_json():
    assert json_value({"lr": 2e-5, 1: Colour.RED, "t": (1, 2)}) == {"lr": 2e-5, "1": "red", "t": [1, 2]}
    assert json_value(torch.tensor([[0.5, 1.0]])) == {"shape": [1, 2], "dtype": "float32", "values": [[0.5, 1.0]]}
    big = json_value(numpy.arange(100, dtype=numpy.int64))
    assert big["shape"] == [100] and big["head"] == list(range(8)) and len(big["sha256"]) == 64
    assert json_value(numpy.float32(0.25)) == 0.25
    assert json_value(float("nan")) == "nan"


def test_value_differences_point_at_the_leaves_that_differ():
    expected = {"lr": 2e-5, "steps": [{"loss": 0.5, "epoch": 1.0}], "name": "a"}
    actual = {"lr": 5e-5, "steps": [{"loss": 0.4, "epoch": 1.0}], "name": "a"}
    assert value_differences(expected, actual, "args") == [
        ("args.lr", 2e-5, 5e-5),
        ("args.steps[0].loss", 0.5, 0.4),
    ]
    assert value_differences([1, 2], [1, 2, 3], "x") == [("x", [1, 2], [1, 2, 3])]


@pytest.mark.parametrize("source", ["x = ", "def f(:"])
def test_code_that_does_not_parse_has_no_facts(source):
    assert analyse_all([source]) == [None]
