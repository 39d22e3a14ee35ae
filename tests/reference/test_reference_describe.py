"""`describe` says what a value is in facts that equal code reproduces whatever the random
weights: what a translation must match of its original, and nothing it may not."""

from __future__ import annotations

import json

import datasets
import numpy
import pytest
import torch
from tokenizers import Tokenizer, models, pre_tokenizers
from transformers import BertConfig, BertModel, PreTrainedTokenizerFast, TrainingArguments

from polydoctest.reference.describe import ITEMS, describe


@pytest.fixture(scope="module")
def tokenizer() -> PreTrainedTokenizerFast:
    vocab = {"[PAD]": 0, "[UNK]": 1, "a": 2, "good": 3, "movie": 4}
    core = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    core.pre_tokenizer = pre_tokenizers.Whitespace()
    return PreTrainedTokenizerFast(tokenizer_object=core, pad_token="[PAD]", unk_token="[UNK]", model_max_length=16)


def tiny_config(**labels) -> BertConfig:
    return BertConfig(vocab_size=8, hidden_size=8, num_hidden_layers=1, num_attention_heads=2, intermediate_size=16, **labels)


def test_plain_values_are_themselves_and_floats_only_their_type():
    assert [describe(v) for v in ("text", 3, True, None)] == ["text", 3, True, None]
    assert describe(0.731) == {"type": "float"}  # a loss or a score: the weights decide it


def test_a_temporary_path_is_its_last_part():
    assert describe("/tmp/tmpab12cd/my_model") == "…/my_model"
    assert describe("my_model/checkpoint-10") == "my_model/checkpoint-10"


def test_a_dataset_is_its_features_columns_and_size():
    train = datasets.Dataset.from_dict(
        {"text": ["a", "b", "c"], "label": [0, 1, 0]},
        features=datasets.Features({"text": datasets.Value("string"), "label": datasets.ClassLabel(names=["neg", "pos"])}),
    )
    described = describe(datasets.DatasetDict(train=train, test=train.select([0])))
    assert described["type"] == "DatasetDict"
    assert described["splits"]["train"]["num_rows"] == 3 and described["splits"]["test"]["num_rows"] == 1
    assert described["splits"]["train"]["column_names"] == ["text", "label"]
    assert described["splits"]["train"]["features"]["label"]["names"] == ["neg", "pos"]
    json.dumps(described)


def test_a_tokenizer_and_its_output_are_their_settings_keys_and_lengths(tokenizer):
    described = describe(tokenizer)
    assert described["type"] == type(tokenizer).__name__ and described["model_max_length"] == 16
    assert described["vocab_size"] == 5
    batch = describe(tokenizer(["a good movie", "a movie"]))
    assert {"input_ids", "attention_mask"} <= set(batch["keys"])
    assert batch["items"]["input_ids"] == [3, 2]
    tensors = describe(tokenizer(["a good movie", "a movie"], padding=True, return_tensors="pt"))
    assert tensors["items"]["input_ids"] == {"shape": [2, 3], "dtype": "torch.int64"}


def test_tensors_and_arrays_are_their_shape_and_dtype_never_their_values():
    assert describe(torch.randn(2, 3)) == {"type": "Tensor", "shape": [2, 3], "dtype": "torch.float32"}
    assert describe(numpy.zeros((4,), dtype=numpy.int8)) == {"type": "ndarray", "shape": [4], "dtype": "int8"}


def test_a_config_is_its_settings_without_what_names_the_run():
    described = describe(tiny_config(id2label={0: "NEG", 1: "POS"}, label2id={"NEG": 0, "POS": 1}))
    assert described["type"] == "BertConfig"
    assert described["settings"]["id2label"] == {"0": "NEG", "1": "POS"}
    assert described["settings"]["hidden_size"] == 8
    assert "transformers_version" not in described["settings"] and "_name_or_path" not in described["settings"]


def test_a_model_is_its_class_config_and_size_not_its_weights():
    torch.manual_seed(0)
    one = describe(BertModel(tiny_config()))
    torch.manual_seed(1)
    other = describe(BertModel(tiny_config()))
    assert one == other  # other weights, the same facts
    assert one["type"] == "BertModel" and one["parameters"] > 0 and one["config"]["num_hidden_layers"] == 1


def test_training_arguments_are_the_fields_the_code_set(tmp_path):
    args = TrainingArguments(output_dir=str(tmp_path / "my_model"), learning_rate=3e-5, num_train_epochs=2, report_to="none")
    settings = describe(args)["settings"]
    assert settings["learning_rate"] == 3e-05 and settings["num_train_epochs"] == 2
    assert settings["output_dir"] == "…/my_model"  # where the run happened is not the page's
    assert "per_device_train_batch_size" not in settings and "logging_dir" not in settings


def test_describing_training_arguments_leaves_the_pages_accelerate_state_alone(tmp_path):
    from accelerate import Accelerator
    from accelerate.state import AcceleratorState

    args = TrainingArguments(output_dir=str(tmp_path / "my_model"), report_to="none")
    Accelerator(cpu=True)  # as the page's Trainer makes one
    before = AcceleratorState().distributed_type
    describe(args)
    assert AcceleratorState().distributed_type == before  # the page's trainer.train() goes on


def test_a_metric_result_is_its_keys():
    described = describe({"accuracy": 0.5, "f1": 0.25})
    assert described["keys"] == ["accuracy", "f1"] and described["items"]["f1"] == {"type": "float"}


def test_containers_are_bounded():
    described = describe(list(range(100)))
    assert described["len"] == 100 and len(described["items"]) == ITEMS
    deep = describe([[[["bottom"]]]])
    assert "items" not in deep["items"][0]["items"][0]["items"][0]


def test_modules_functions_and_classes_are_their_names():
    assert describe(json) == {"type": "module", "name": "json"}
    assert describe(describe) == {"type": "function", "name": "describe"}
    assert describe(BertModel) == {"type": "type", "name": "BertModel"}
