"""Outputs a user wants flagged, each with the problem message that lets them act on it."""

from __future__ import annotations

import pytest
from test_check_pages import (
    PAGE_CLASSIFIER,
    PAGE_ENCODING,
    PAGE_LABEL_LIST,
    PAGE_NER,
    PAGE_PREDICTED_LABEL,
    PAGE_PREDICTIONS,
    PAGE_SENTIMENT,
    PAGE_SENTIMENT_LINES,
    PAGE_STARS,
    PAGE_TOKEN_CLASSES,
    PAGE_TRANSCRIPTS,
    PAGE_WNUT_ROW,
    WNUT_LABELS,
)

from polydoctest.check import check_output


def mismatch(expected: str, got: str, source: str = "", **options) -> tuple[str, ...]:
    result = check_output(expected, got, source=source, **options)
    assert result.status == "mismatch", result
    assert result.diff
    return result.problems


def test_missing_key():
    assert mismatch(PAGE_SENTIMENT, "[{'label': 'POSITIVE'}]") == (
        "[0]: keys differ: missing 'score'",
    )


def test_renamed_key():
    assert mismatch(PAGE_SENTIMENT, "[{'label': 'POSITIVE', 'scores': 0.5}]") == (
        "[0]: keys differ: missing 'score'; unexpected 'scores'",
    )


def test_label_without_id2label():
    assert mismatch(PAGE_CLASSIFIER, "[{'label': 'LABEL_0', 'score': 0.51}]",
                    "classifier(text)") == (
        "[0]['label']: 'LABEL_0' is not one of the page's labels {'POSITIVE'} "
        "(the model has no id2label)",
    )


def test_label_without_id2label_in_a_printed_line():
    problems = mismatch(PAGE_SENTIMENT_LINES, "label: LABEL_1, with score: 0.5081\n"
                                              "label: NEGATIVE, with score: 0.5012\n")
    assert problems == ("line 1: 'LABEL_1' is not one of the page's labels "
                        "{'NEGATIVE', 'POSITIVE'} (the model has no id2label)",)


def test_label_from_another_label_set():
    assert mismatch(PAGE_SENTIMENT, "[{'label': 'joy', 'score': 0.51}]") == (
        "[0]['label']: 'joy' is not one of the page's labels {'POSITIVE'}",
    )


def test_label_outside_a_known_vocabulary():
    # the caller knows the model's labels: then a label of the same form is no excuse
    problems = mismatch(PAGE_SENTIMENT, "[{'label': 'NEUTRAL', 'score': 0.51}]",
                        labels={"POSITIVE", "NEGATIVE"})
    assert problems == ("[0]['label']: 'NEUTRAL' is not one of the page's labels "
                        "{'NEGATIVE', 'POSITIVE'}",)


def test_predicted_label_without_id2label():
    problems = mismatch(PAGE_PREDICTED_LABEL, "'LABEL_1'\n",
                        "model.config.id2label[predicted_class_id]")
    assert problems == ("the output: 'LABEL_1' is not one of the page's labels {'POSITIVE'} "
                        "(the model has no id2label)",)


def test_token_classes_from_a_model_without_id2label():
    problems = mismatch(PAGE_TOKEN_CLASSES, "['LABEL_0', 'LABEL_3', 'LABEL_0']",
                        "predicted_token_class")
    assert problems[0].startswith("[0]: 'LABEL_0' is not one of the page's labels {")
    assert len(problems) == 3


def test_ner_entity_outside_the_bio_tags():
    got = ("[{'entity': 'PER', 'score': 0.3, 'index': 2, 'word': 'golden', 'start': 4, "
           "'end': 10}]")
    (problem,) = mismatch(PAGE_NER, got, "classifier(text)")
    assert problem.startswith("[0]['entity']: 'PER' is not one of the page's labels")


def test_score_above_one():
    assert mismatch(PAGE_SENTIMENT, "[{'label': 'POSITIVE', 'score': 1.7}]") == (
        "[0]['score']: 1.7 is not a probability in [0, 1] (the page shows 0.9998)",
    )


def test_score_above_one_in_a_printed_line():
    problems = mismatch(PAGE_SENTIMENT_LINES, "label: POSITIVE, with score: 1.7\n"
                                              "label: NEGATIVE, with score: 0.5\n")
    assert problems == ("line 1: 1.7 is not a probability in [0, 1] (the page shows 0.9998)",)


def test_list_where_a_dict_is_shown():
    assert mismatch(PAGE_ENCODING, "[[101, 7, 102], [0, 0, 0], [1, 1, 1]]", "print(encoding)") \
        == ("the output: list where the page shows dict",)


def test_nested_list_where_a_dict_is_shown():
    got = "{'input_ids': {'ids': [1]}, 'token_type_ids': [0], 'attention_mask': [1]}"
    assert mismatch(PAGE_ENCODING, got) == ("['input_ids']: dict where the page shows list",)


def test_tokenizer_without_token_type_ids():
    got = "{'input_ids': [2, 41, 3], 'attention_mask': [1, 1, 1]}"
    assert mismatch(PAGE_ENCODING, got, "print(encoding)") == (
        "the output: keys differ: missing 'token_type_ids'",
    )


def test_float_token_ids():
    got = ("{'input_ids': [2.0, 41.0], 'token_type_ids': [0, 0], "
           "'attention_mask': [1, 1]}")
    problems = mismatch(PAGE_ENCODING, got)
    assert problems[0] == "['input_ids'][0]: float where the page shows int"


def test_negative_position_in_an_entity():
    got = ("[{'entity': 'B-group', 'score': 0.3, 'index': 2, 'word': 'golden', 'start': -1, "
           "'end': 10}]")
    assert mismatch(PAGE_NER, got, "classifier(text)") == (
        "[0]['start']: -1 is negative where the page shows 4",
    )


def test_one_result_for_two_inputs():
    assert mismatch(PAGE_SENTIMENT_LINES, "label: POSITIVE, with score: 0.9\n") == (
        "the output: 1 line where the page shows 2",
    )


def test_wrong_number_of_pipeline_results():
    got = "[{'label': 'POSITIVE', 'score': 0.5}, {'label': 'POSITIVE', 'score': 0.5}]"
    assert mismatch(PAGE_SENTIMENT, got) == (
        "the output: 2 items where the page shows 1 (one result per input)",
    )


def test_wrong_number_of_transcripts():
    assert mismatch(PAGE_TRANSCRIPTS, "['A B', 'C']", 'print([d["text"] for d in result])') \
        == ("the output: 2 items where the page shows 4 (one text per input)",)


def test_softmax_with_the_wrong_number_of_labels():
    got = ("tensor([[0.2, 0.3, 0.5],\n        [0.1, 0.1, 0.8]], grad_fn=<SoftmaxBackward0>)")
    problems = mismatch(PAGE_PREDICTIONS, got, "print(pt_predictions)")
    assert problems == (
        "[0]: 3 items where the page shows 5 (one probability per label)",
        "[1]: 3 items where the page shows 5 (one probability per label)",
    )


def test_softmax_row_not_summing_to_one():
    got = ("tensor([[0.1987, 0.2034, 0.1999, 0.2001, 0.1979],\n"
           "        [0.5990, 0.2031, 0.2000, 0.1998, 0.1981]], grad_fn=<SoftmaxBackward0>)")
    assert mismatch(PAGE_PREDICTIONS, got) == ("[1]: a softmax row sums to 1.4, not 1",)


def test_logits_where_probabilities_are_shown():
    got = ("tensor([[-1.2, 0.3, 2.1, 0.0, 0.4],\n        [0.1, 0.1, 0.8, 0.0, 0.0]], "
           "grad_fn=<AddmmBackward0>)")
    problems = mismatch(PAGE_PREDICTIONS, got)
    assert problems[0] == ("grad_fn=: <AddmmBackward0> where the page shows "
                           "<SoftmaxBackward0>")


def test_array_where_a_tensor_is_shown():
    got = "array([[0.2, 0.2, 0.2, 0.2, 0.2],\n       [0.2, 0.2, 0.2, 0.2, 0.2]], dtype=float32)"
    assert mismatch(PAGE_PREDICTIONS, got) == (
        "the output: array(...) where the page shows tensor(...)",
    )


def test_different_label_list_for_a_names_step():
    changed = WNUT_LABELS[:-1] + ["I-thing"]
    problems = mismatch(PAGE_LABEL_LIST, repr(changed),
                        'wnut["train"].features[f"ner_tags"].feature.names')
    assert problems == ("[12]: 'I-thing' where the page shows 'I-product'",)


def test_shorter_label_list_for_a_label_list_step():
    problems = mismatch(PAGE_LABEL_LIST, repr(WNUT_LABELS[:-2]), "label_list")
    assert problems == ("the output: 11 items where the page shows 13: missing 'B-product', "
                        "'I-product'",)


def test_different_id2label():
    problems = mismatch("{0: 'NEGATIVE', 1: 'POSITIVE'}", "{0: 'NEG', 1: 'POS'}",
                        "model.config.id2label")
    assert problems == ("[0]: 'NEG' where the page shows 'NEGATIVE'",
                        "[1]: 'POS' where the page shows 'POSITIVE'")


def test_dataset_features_are_exact_inside_a_dataset_dict():
    page = ("DatasetDict({\n    train: Dataset({\n        features: ['text', 'label'],\n"
            "        num_rows: 8530\n    })\n})")
    got = ("DatasetDict({\n    train: Dataset({\n        features: ['text', 'labels'],\n"
           "        num_rows: 16\n    })\n})")
    assert mismatch(page, got, "dataset") == (
        "['train']['features'][1]: 'labels' where the page shows 'label'",
    )


def test_missing_split():
    page = ("DatasetDict({\n    train: Dataset({\n        features: ['text'],\n"
            "        num_rows: 8530\n    })\n    test: Dataset({\n        features: ['text'],\n"
            "        num_rows: 1066\n    })\n})")
    got = ("DatasetDict({\n    train: Dataset({\n        features: ['text'],\n"
           "        num_rows: 8\n    })\n})")
    assert mismatch(page, got) == ("the output: keys differ: missing 'test'",)


def test_dataset_row_with_a_string_label():
    got = "{'id': '0', 'tokens': ['a'], 'ner_tags': ['O']}"
    assert mismatch(PAGE_WNUT_ROW, got, 'wnut["train"][0]') == (
        "['ner_tags'][0]: str where the page shows int",
    )


def test_traceback_instead_of_a_value():
    got = ("Traceback (most recent call last):\n  File \"<doctest>\", line 1, in <module>\n"
           "    classifier(text)\nNameError: name 'classifier' is not defined\n")
    assert mismatch(PAGE_CLASSIFIER, got, "classifier(text)") == (
        "the step raised NameError: name 'classifier' is not defined where the page shows "
        "a value",
    )


def test_other_words_in_a_printed_line():
    problems = mismatch(PAGE_SENTIMENT_LINES, "label: POSITIVE, score: 0.9\n"
                                              "label: NEGATIVE, score: 0.5\n")
    assert problems == ("line 1: 'score' where the page shows 'with'",
                        "line 2: 'score' where the page shows 'with'")


def test_five_star_label_from_another_model():
    (problem,) = mismatch(PAGE_STARS, "[{'label': 'POSITIVE', 'score': 0.5}]")
    assert problem == "[0]['label']: 'POSITIVE' is not one of the page's labels {'5 stars'}"


def test_no_output():
    result = check_output(PAGE_SENTIMENT, "", source="classifier(x)")
    assert result.status == "no-output"
    assert result.problems == ("the step printed nothing",)


@pytest.mark.parametrize("expected", ["", "\n", "   \n"])
def test_no_expected_output_is_ignored(expected):
    assert check_output(expected, "[{'label': 'POSITIVE'}]").status == "ignored"


def test_problems_are_capped():
    got = repr([{"label": f"LABEL_{i}", "score": 0.5} for i in range(30)])
    page = repr([{"label": "POSITIVE", "score": 0.5} for _ in range(30)])
    problems = mismatch(page, got)
    assert len(problems) == 13
    assert problems[-1] == "... and 18 more"


CONFIG = """DistilBertConfig {
  "_name_or_path": "distilbert/distilbert-base-uncased",
  "dim": %d,
  "id2label": {
    "0": "NEGATIVE",
    "1": "%s"
  },
  "n_layers": %d,
  "transformers_version": "%s"
}
"""


def test_config_sizes_are_free_but_label_maps_exact():
    page = CONFIG % (768, "POSITIVE", 6, "4.40.0")
    assert check_output(page, CONFIG % (16, "POSITIVE", 1, "4.57.1"),
                        source="model.config").status == "structural"
    assert mismatch(page, CONFIG % (16, "POS", 1, "4.57.1"), "model.config") == (
        "['id2label']['1']: 'POS' where the page shows 'POSITIVE'",
    )


def test_same_exception_as_the_page_is_exact():
    page = "Traceback (most recent call last):\n  ...\nKeyError: 'label'\n"
    got = ("Traceback (most recent call last):\n  File \"<doctest>\", line 1, in <module>\n"
           "KeyError: 'label'\n")
    assert check_output(page, got).status == "exact"
    other = got.replace("KeyError: 'label'", "KeyError: 'labels'")
    assert mismatch(page, other) == (
        "the step raised KeyError: 'labels' where the page shows KeyError: 'label'",
    )


def test_a_picture_of_another_format_is_flagged_but_its_size_is_the_fixtures():
    page = "{'image': <PIL.JpegImagePlugin.JpegImageFile image mode=RGB size=512x512 at 0x7F52AFC8AC50>, 'label': 79}"
    small = "{'image': <PIL.JpegImagePlugin.JpegImageFile image mode=RGB size=48x40 at 0x7F0000000001>, 'label': 3}"
    assert check_output(page, small).status == "structural"
    png = small.replace("JpegImagePlugin.JpegImageFile", "PngImagePlugin.PngImageFile")
    assert mismatch(page, png) == (
        "['image']: <PIL.PngImagePlugin.PngImageFile image mode=RGB> where the page shows <PIL.JpegImagePlugin.JpegImageFile image mode=RGB>",
    )
