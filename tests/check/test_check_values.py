"""`parse_value`: printed reprs of the Hugging Face stack as value trees."""

from __future__ import annotations

import pytest

from polydoctest.check.values import (
    Call,
    Const,
    Elided,
    Lines,
    Map,
    Name,
    Num,
    Opaque,
    Seq,
    Str,
    Text,
    parse_value,
)


def test_python_literal():
    assert parse_value("[{'label': 'POSITIVE', 'score': 0.9998}]") == Seq("list", (
        Map(((Str("label"), Str("POSITIVE")), (Str("score"), Num(0.9998, "0.9998")))),))


def test_json_with_trailing_comma():
    assert parse_value('[\n    "O",\n    "B-group",\n]\n') == Seq("list", (Str("O"),
                                                                          Str("B-group")))


def test_tensor_with_grad_fn():
    value = parse_value("tensor([[0.0021, 1.],\n        [-0.5, 1e-05]], "
                        "grad_fn=<SoftmaxBackward0>)")
    assert value == Call("tensor", (Seq("list", (
        Seq("list", (Num(0.0021, "0.0021"), Num(1.0, "1."))),
        Seq("list", (Num(-0.5, "-0.5"), Num(1e-05, "1e-05"))),
    )),), (("grad_fn", Opaque("<SoftmaxBackward0>")),))


def test_summarised_tensor_and_dtype():
    value = parse_value("tensor([   0,    1,  ..., 1999], dtype=torch.int32)")
    assert value == Call("tensor", (Seq("list", (Num(0, "0"), Num(1, "1"), Elided(),
                                                 Num(1999, "1999"))),),
                         (("dtype", Name("torch.int32")),))


def test_dataset_dict_with_bare_keys_and_no_commas():
    value = parse_value(
        "DatasetDict({\n    train: Dataset({\n        features: ['text', 'label'],\n"
        "        num_rows: 8530\n    })\n    test: Dataset({\n        features: ['text'],\n"
        "        num_rows: 2\n    })\n})"
    )
    assert isinstance(value, Call) and value.name == "DatasetDict"
    (splits,) = value.args
    assert isinstance(splits, Map)
    assert [key for key, _ in splits.entries] == [Str("train"), Str("test")]
    train = splits.entries[0][1]
    assert train == Call("Dataset", (Map((
        (Str("features"), Seq("list", (Str("text"), Str("label")))),
        (Str("num_rows"), Num(8530, "8530")),
    )),), ())


def test_features():
    value = parse_value("{'label': ClassLabel(names=['neg', 'pos']), 'text': Value('string')}")
    assert value == Map((
        (Str("label"), Call("ClassLabel", (), (("names", Seq("list", (Str("neg"),
                                                                       Str("pos")))),))),
        (Str("text"), Call("Value", (Str("string"),), ())),
    ))


def test_config_repr():
    value = parse_value('BertConfig {\n  "id2label": {\n    "0": "NEG"\n  },\n  "x": null\n}')
    assert value == Call("BertConfig", (Map((
        (Str("id2label"), Map(((Str("0"), Str("NEG")),))),
        (Str("x"), Const(None)),
    )),), ())


def test_object_repr_keeps_its_kind_without_the_address():
    value = parse_value("<transformers.pipelines.TextClassificationPipeline object at 0x7f3a>")
    assert isinstance(value, Opaque)
    assert value.kind == "<transformers.pipelines.TextClassificationPipeline object>"


@pytest.mark.parametrize("text", ["np.float64(0.5)", "numpy.float32(0.5)", "0.5"])
def test_numpy_scalars_are_numbers(text):
    assert parse_value(text) == Num(0.5, "0.5")


def test_printed_line_is_a_template():
    assert parse_value("label: POSITIVE, with score: 0.9998") == Text(
        ("label", ":", "POSITIVE", ",", "with", "score", ":", "0.9998"))


def test_several_lines_mixing_values_and_text():
    value = parse_value("Accuracy:\n{'accuracy': 0.5}\nIt's done (almost\n[1,\n 2]\n")
    assert value == Lines((
        Text(("Accuracy", ":")),
        Map(((Str("accuracy"), Num(0.5, "0.5")),)),
        Text(("It's", "done", "(", "almost")),
        Seq("list", (Num(1, "1"), Num(2, "2"))),
    ))


@pytest.mark.parametrize("text", ["(1,)", "()", "(1, 'a')"])
def test_tuples(text):
    assert isinstance(parse_value(text), Seq) and parse_value(text).kind == "tuple"


def test_parenthesised_value_is_the_value():
    assert parse_value("(1)") == Num(1, "1")


def test_set_and_true():
    assert parse_value("{1, True}") == Seq("set", (Num(1, "1"), Const(True)))


@pytest.mark.parametrize("text", ["[[[[", "'''", "a = [1", "{1: 2, 3}", "f'x'", "<a", "1j",
                                  "🤗 ok", "[" * 200 + "]" * 200, "\x00", "\\"])
def test_odd_text_never_raises(text):
    parse_value(text)
