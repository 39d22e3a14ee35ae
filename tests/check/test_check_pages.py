"""Outputs the five seed pages show, against what tiny random models and small fixtures print.

Each `PAGE_*` string is copied from a doctest fence of a page in `docs/source/`; each `got`
is what the same step prints on the fixtures (other scores, ids, text and row counts, the
same labels and features). All must pass as `structural` (or `exact` for label sets).
"""

from __future__ import annotations

import json
from dataclasses import asdict

import pytest

from polydoctest.check import OutputCheck, check_output

# ar/quicktour.md
PAGE_SENTIMENT = "[{'label': 'POSITIVE', 'score': 0.9998}]\n"
PAGE_SENTIMENT_LINES = "label: POSITIVE, with score: 0.9998\nlabel: NEGATIVE, with score: 0.5309\n"
PAGE_TRANSCRIPTS = (
    "['I WOULD LIKE TO SET UP A JOINT ACCOUNT WITH MY PARTNER HOW DO I PROCEED WITH DOING "
    "THAT', \"FONDERING HOW I'D SET UP A JOIN TO HELL T WITH MY WIFE AND WHERE THE AP MIGHT "
    "BE\", \"I I'D LIKE TOY SET UP A JOINT ACCOUNT WITH MY PARTNER I'M NOT SEEING THE OPTION "
    "TO DO IT ON THE APSO I CALLED IN TO GET SOME HELP CAN I JUST DO IT OVER THE PHONE WITH "
    "YOU AND GIVE YOU THE INFORMATION OR SHOULD I DO IT IN THE AP AN I'M MISSING SOMETHING "
    "UQUETTE HAD PREFERRED TO JUST DO IT OVER THE PHONE OF POSSIBLE THINGS\", 'HOW DO I FURN "
    "A JOINA COUT']\n"
)
PAGE_STARS = "[{'label': '5 stars', 'score': 0.7273}]\n"
PAGE_ENCODING = (
    "{'input_ids': [101, 11312, 10320, 12495, 19308, 10114, 11391, 10855, 10103, 100, 58263, "
    "13299, 119, 102],\n"
    "'token_type_ids': [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],\n"
    "'attention_mask': [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]}\n"
)
PAGE_PREDICTIONS = (
    "tensor([[0.0021, 0.0018, 0.0115, 0.2121, 0.7725],\n"
    "[0.2084, 0.1826, 0.1969, 0.1755, 0.2365]], grad_fn=<SoftmaxBackward0>)\n"
)
# ar|ko|zh/tasks/sequence_classification.md
PAGE_IMDB_ROW = (
    '{\n    "label": 0,\n    "text": "I love sci-fi and am willing to put up with a lot. '
    "Sci-fi movies/TV are usually underfunded, under-appreciated and misunderstood. I tried "
    'to like this, I really did, but it is to good TV sci-fi as Babylon 5 is to Star Trek '
    '(the original). Silly prosthetics, cheap cardboard sets, stilted dialogues, CG that '
    "doesn't match the background, and painfully one-dimensional characters cannot be "
    "overcome with a 'sci-fi' setting. (I'm sure there are those of you out there who think "
    "Babylon 5 is good sci-fi TV. It's not. It's clich\u00c3\u00a9d and uninspiring.) While "
    "US viewers might like emotion and character development, sci-fi is a genre that does "
    "not take itself seriously (cf. Star Trek). It may treat important issues, yet not as a "
    "serious philosophy. It's really difficult to care about the characters here as they "
    "are not simply foolish, just missing a spark of life. Their actions and reactions are "
    "wooden and predictable, often painful to watch. The makers of Earth KNOW it's rubbish "
    'as they have to always say \\"Gene Roddenberry\'s Earth...\\" otherwise people would '
    "not continue watching. Roddenberry's ashes must be turning in their orbit as this dull, "
    "cheap, poorly edited (watching it without advert breaks really brings this home) "
    "trudging Trabant of a show lumbers into space. Spoiler. So, kill off a main character. "
    'And then bring him back as another actor. Jeeez! Dallas all over again.",\n}\n'
)
PAGE_CLASSIFIER = "[{'label': 'POSITIVE', 'score': 0.9994940757751465}]\n"
PAGE_PREDICTED_LABEL = "'POSITIVE'\n"
# ar/tasks/token_classification.md
PAGE_WNUT_ROW = (
    "{'id': '0',\n"
    " 'ner_tags': [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7, 8, 8, 0, 7, 0, 0, 0, 0, 0, 0, "
    "0, 0],\n"
    " 'tokens': ['@paulwalk', 'It', \"'s\", 'the', 'view', 'from', 'where', 'I', \"'m\", "
    "'living', 'for', 'two', 'weeks', '.', 'Empire', 'State', 'Building', '=', 'ESB', '.', "
    "'Pretty', 'bad', 'storm', 'here', 'last', 'evening', '.']\n"
    "}\n"
)
PAGE_LABEL_LIST = (
    '[\n    "O",\n    "B-corporation",\n    "I-corporation",\n    "B-creative-work",\n'
    '    "I-creative-work",\n    "B-group",\n    "I-group",\n    "B-location",\n'
    '    "I-location",\n    "B-person",\n    "I-person",\n    "B-product",\n'
    '    "I-product",\n]\n'
)
WNUT_LABELS = ["O", "B-corporation", "I-corporation", "B-creative-work", "I-creative-work",
               "B-group", "I-group", "B-location", "I-location", "B-person", "I-person",
               "B-product", "I-product"]
PAGE_TOKENS = (
    "['[CLS]', '@', 'paul', '##walk', 'it', \"'\", 's', 'the', 'view', 'from', 'where', 'i', "
    "\"'\", 'm', 'living', 'for', 'two', 'weeks', '.', 'empire', 'state', 'building', '=', "
    "'es', '##b', '.', 'pretty', 'bad', 'storm', 'here', 'last', 'evening', '.', '[SEP]']\n"
)
PAGE_NER = """[{'entity': 'B-location',
  'score': 0.42658573,
  'index': 2,
  'word': 'golden',
  'start': 4,
  'end': 10},
 {'entity': 'I-location',
  'score': 0.35856336,
  'index': 3,
  'word': 'state',
  'start': 11,
  'end': 16},
 {'entity': 'B-group',
  'score': 0.3064001,
  'index': 4,
  'word': 'warriors',
  'start': 17,
  'end': 25},
 {'entity': 'B-location',
  'score': 0.65523505,
  'index': 13,
  'word': 'san',
  'start': 80,
  'end': 83},
 {'entity': 'B-location',
  'score': 0.4668663,
  'index': 14,
  'word': 'francisco',
  'start': 84,
  'end': 93}]
"""
PAGE_TOKEN_CLASSES = (
    "['O',\n 'O',\n 'B-location',\n 'I-location',\n 'B-group',\n 'O',\n 'O',\n 'O',\n 'O',\n"
    " 'O',\n 'O',\n 'O',\n 'O',\n 'B-location',\n 'B-location',\n 'O',\n 'O']\n"
)

# (page output, source of the step, what the fixtures print)
FIXTURE_RUNS = {
    "sentiment pipeline": (
        PAGE_SENTIMENT,
        'classifier("We are very happy to show you the 🤗 Transformers library.")',
        "[{'label': 'NEGATIVE', 'score': 0.5081279873847961}]\n",
    ),
    "sentiment loop": (
        PAGE_SENTIMENT_LINES,
        "for result in results:\n"
        "    print(f\"label: {result['label']}, with score: {round(result['score'], 4)}\")",
        "label: NEGATIVE, with score: 0.5081\nlabel: POSITIVE, with score: 0.5012\n",
    ),
    "transcripts": (
        PAGE_TRANSCRIPTS,
        'print([d["text"] for d in result])',
        "['', 'ZQ QZ', \"K'KQ\", 'XX']\n",
    ),
    "five star pipeline": (
        PAGE_STARS,
        'classifier("Nous sommes très heureux de vous présenter la bibliothèque 🤗 Transformers.")',
        "[{'label': '2 stars', 'score': 0.2103}]\n",
    ),
    "tokenizer encoding": (
        PAGE_ENCODING,
        "print(encoding)",
        "{'input_ids': [2, 41, 57, 88, 93, 17, 1, 3], 'token_type_ids': [0, 0, 0, 0, 0, 0, 0, 0],"
        " 'attention_mask': [1, 1, 1, 1, 1, 1, 1, 1]}\n",
    ),
    "softmax tensor": (
        PAGE_PREDICTIONS,
        "print(pt_predictions)",
        "tensor([[0.1987, 0.2034, 0.1999, 0.2001, 0.1979],\n"
        "        [0.1990, 0.2031, 0.2000, 0.1998, 0.1981]], grad_fn=<SoftmaxBackward0>)\n",
    ),
    "imdb row": (
        PAGE_IMDB_ROW,
        'imdb["test"][0]',
        "{'text': 'A fixture review: the plot is thin.', 'label': 1}\n",
    ),
    "text classification pipeline": (
        PAGE_CLASSIFIER,
        "classifier(text)",
        "[{'label': 'NEGATIVE', 'score': 0.5001}]\n",
    ),
    "predicted label": (
        PAGE_PREDICTED_LABEL,
        "model.config.id2label[predicted_class_id]",
        "'NEGATIVE'\n",
    ),
    "wnut row": (
        PAGE_WNUT_ROW,
        'wnut["train"][0]',
        "{'id': '0', 'tokens': ['Fixture', 'text', 'near', 'Paris', '.'], "
        "'ner_tags': [0, 0, 0, 7, 0]}\n",
    ),
    "tokens": (
        PAGE_TOKENS,
        "tokens",
        "['[CLS]', 'fix', '##ture', 'text', 'near', 'paris', '.', '[SEP]']\n",
    ),
    "ner pipeline": (
        PAGE_NER,
        "classifier(text)",
        "[{'entity': 'I-person', 'score': np.float32(0.08493127), 'index': 1, 'word': 'the',"
        " 'start': 0, 'end': 3}, {'entity': 'B-product', 'score': np.float32(0.0812), "
        "'index': 7, 'word': 'team', 'start': 50, 'end': 54}]\n",
    ),
    "predicted token classes": (
        PAGE_TOKEN_CLASSES,
        "predicted_token_class",
        "['B-product', 'O', 'I-group', 'I-group', 'B-person', 'O']\n",
    ),
}


@pytest.mark.parametrize("name", FIXTURE_RUNS)
def test_fixture_output_has_the_pages_shape(name):
    expected, source, got = FIXTURE_RUNS[name]
    result = check_output(expected, got, source=source)
    assert result.status == "structural", result.problems
    assert result.mode == "structural"
    assert result.problems == ()
    assert result.diff.startswith("--- expected (page)")


def test_label_list_is_checked_exactly_and_passes_when_equal():
    got = repr(WNUT_LABELS) + "\n"
    result = check_output(PAGE_LABEL_LIST, got, source="label_list")
    assert (result.status, result.mode) == ("structural", "exact")
    assert result.notes == ("the same value as the page's, printed differently",)


def test_same_text_is_exact():
    result = check_output(PAGE_SENTIMENT, PAGE_SENTIMENT, source="classifier(x)")
    assert result == OutputCheck("exact", "exact")


def test_unseen_label_of_the_same_form_is_noted_once():
    expected, source, got = FIXTURE_RUNS["predicted token classes"]
    result = check_output(expected, got, source=source)
    assert any("'B-product' is not shown on the page" in note for note in result.notes)
    unseen = [note.split(": ", 1)[1].split(" ", 1)[0] for note in result.notes]
    assert sorted(unseen) == ["'B-person'", "'B-product'", "'I-group'"]  # each said once


def test_result_is_json_able():
    expected, source, got = FIXTURE_RUNS["ner pipeline"]
    data = json.loads(json.dumps(asdict(check_output(expected, got, source=source))))
    assert data["status"] == "structural"
    assert set(data) == {"status", "mode", "diff", "problems", "notes"}


def test_printed_label_word():
    source = "print(model.config.id2label[predicted_class_id])"
    assert check_output("POSITIVE\n", "NEGATIVE\n", source=source).status == "structural"
    result = check_output("POSITIVE\n", "LABEL_1\n", source=source)
    assert result.problems == ("the output: 'LABEL_1' is not one of the page's labels "
                               "{'POSITIVE'} (the model has no id2label)",)


def test_known_labels_admit_their_members():
    result = check_output(PAGE_CLASSIFIER, "[{'label': 'NEGATIVE', 'score': 0.5}]",
                          source="classifier(text)", labels=("NEGATIVE", "POSITIVE"))
    assert (result.status, result.notes) == ("structural", ())
