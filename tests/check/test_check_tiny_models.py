"""The check on what real tiny random models and `datasets` objects print.

The `got` side is produced here by the installed stack (transformers pipelines on tiny
random DistilBERT models, torch, numpy, datasets), so these tests break if a library
changes its printouts in a way the parser or the rules do not follow.
"""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
datasets = pytest.importorskip("datasets")

from test_check_pages import (  # noqa: E402
    PAGE_CLASSIFIER,
    PAGE_ENCODING,
    PAGE_LABEL_LIST,
    PAGE_NER,
    PAGE_PREDICTED_LABEL,
    PAGE_PREDICTIONS,
    PAGE_SENTIMENT_LINES,
    PAGE_STARS,
    PAGE_TOKEN_CLASSES,
    PAGE_WNUT_ROW,
    WNUT_LABELS,
)
from tokenizers import Tokenizer, models, pre_tokenizers, processors  # noqa: E402

from polydoctest.check import check_output  # noqa: E402

WORDS = ("we are very happy to show you the transformers library . hope don ' t hate it "
         "golden state warriors an american professional basketball team based in san "
         "francisco this was a masterpiece").split()
TEXT = ("The Golden State Warriors are an American professional basketball team based in "
        "San Francisco.")


@pytest.fixture(scope="module")
def tokenizer():
    words = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", *dict.fromkeys(WORDS)]
    vocab = {word: i for i, word in enumerate(words)}
    backend = Tokenizer(models.WordPiece(vocab, unk_token="[UNK]"))
    backend.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    backend.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B [SEP]",
        special_tokens=[("[CLS]", 2), ("[SEP]", 3)])
    return transformers.PreTrainedTokenizerFast(
        tokenizer_object=backend, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]",
        sep_token="[SEP]", do_lower_case=True,
        model_input_names=["input_ids", "token_type_ids", "attention_mask"])


def tiny(model_class, labels, tokenizer, **config):
    torch.manual_seed(0)
    if labels is not None:
        config.update(id2label=dict(enumerate(labels)),
                      label2id={label: i for i, label in enumerate(labels)})
    else:
        config.update(num_labels=2)
    configuration = transformers.DistilBertConfig(
        vocab_size=len(tokenizer), dim=16, hidden_dim=32, n_layers=1, n_heads=2,
        max_position_embeddings=64, **config)
    return model_class(configuration).eval()


def classifier_of(labels, tokenizer):
    model = tiny(transformers.DistilBertForSequenceClassification, labels, tokenizer)
    return transformers.pipeline("text-classification", model=model, tokenizer=tokenizer)


def printed(value) -> str:
    return f"{value!r}\n"


def test_sentiment_pipeline(tokenizer):
    classifier = classifier_of(["NEGATIVE", "POSITIVE"], tokenizer)
    result = check_output(PAGE_CLASSIFIER, printed(classifier("this was a masterpiece")),
                          source="classifier(text)")
    assert result.status == "structural", result.problems


def test_sentiment_loop(tokenizer, capsys):
    classifier = classifier_of(["NEGATIVE", "POSITIVE"], tokenizer)
    results = classifier(["we are very happy", "we hope you don't hate it."])
    for result in results:
        print(f"label: {result['label']}, with score: {round(result['score'], 4)}")
    check = check_output(PAGE_SENTIMENT_LINES, capsys.readouterr().out)
    assert check.status == "structural", check.problems


def test_model_without_id2label_is_caught(tokenizer):
    classifier = classifier_of(None, tokenizer)
    result = check_output(PAGE_CLASSIFIER, printed(classifier("this was a masterpiece")),
                          source="classifier(text)")
    assert result.status == "mismatch"
    assert "(the model has no id2label)" in result.problems[0]


def test_five_star_model(tokenizer):
    stars = ["1 star", "2 stars", "3 stars", "4 stars", "5 stars"]
    classifier = classifier_of(stars, tokenizer)
    result = check_output(PAGE_STARS, printed(classifier("we are very happy")))
    assert result.status == "structural", result.problems


def test_softmax_of_a_batch(tokenizer, capsys):
    model = tiny(transformers.DistilBertForSequenceClassification,
                 ["1 star", "2 stars", "3 stars", "4 stars", "5 stars"], tokenizer)
    batch = tokenizer(["we are very happy to show you the transformers library.",
                       "we hope you don't hate it."], padding=True, return_tensors="pt")
    print(torch.nn.functional.softmax(model(**batch).logits, dim=-1))
    result = check_output(PAGE_PREDICTIONS, capsys.readouterr().out,
                          source="print(pt_predictions)")
    assert result.status == "structural", result.problems


def test_predicted_label(tokenizer):
    model = tiny(transformers.DistilBertForSequenceClassification, ["NEGATIVE", "POSITIVE"],
                 tokenizer)
    with torch.no_grad():
        logits = model(**tokenizer("this was a masterpiece", return_tensors="pt")).logits
    label = model.config.id2label[logits.argmax().item()]
    result = check_output(PAGE_PREDICTED_LABEL, printed(label),
                          source="model.config.id2label[predicted_class_id]")
    assert result.status in ("exact", "structural"), result.problems


def test_encoding(tokenizer, capsys):
    print(tokenizer("We are very happy to show you the 🤗 Transformers library."))
    result = check_output(PAGE_ENCODING, capsys.readouterr().out, source="print(encoding)")
    assert result.status == "structural", result.problems


def test_ner_pipeline_and_token_classes(tokenizer):
    model = tiny(transformers.DistilBertForTokenClassification, WNUT_LABELS, tokenizer)
    ner = transformers.pipeline("ner", model=model, tokenizer=tokenizer)
    result = check_output(PAGE_NER, printed(ner(TEXT.lower())), source="classifier(text)")
    assert result.status == "structural", result.problems

    with torch.no_grad():
        logits = model(**tokenizer(TEXT, return_tensors="pt")).logits
    classes = [model.config.id2label[t.item()] for t in torch.argmax(logits, dim=2)[0]]
    result = check_output(PAGE_TOKEN_CLASSES, printed(classes), source="predicted_token_class")
    assert result.status == "structural", result.problems


@pytest.fixture(scope="module")
def wnut():
    features = datasets.Features({
        "id": datasets.Value("string"),
        "tokens": datasets.Sequence(datasets.Value("string")),
        "ner_tags": datasets.Sequence(datasets.ClassLabel(names=WNUT_LABELS)),
    })
    rows = {"id": ["0", "1"], "tokens": [["Golden", "State"], ["ok"]],
            "ner_tags": [[7, 8], [0]]}
    split = datasets.Dataset.from_dict(rows, features=features)
    return datasets.DatasetDict({"train": split, "test": split})


def test_dataset_row(wnut):
    result = check_output(PAGE_WNUT_ROW, printed(wnut["train"][0]), source='wnut["train"][0]')
    assert result.status == "structural", result.problems


def test_label_names(wnut):
    names = wnut["train"].features["ner_tags"].feature.names
    result = check_output(PAGE_LABEL_LIST, printed(names), source="label_list")
    assert (result.status, result.mode) == ("structural", "exact")


def test_dataset_dict_repr_from_an_older_page(wnut, capsys):
    page = (
        "DatasetDict({\n    train: Dataset({\n        features: ['id', 'tokens', 'ner_tags'],\n"
        "        num_rows: 3394\n    })\n    test: Dataset({\n"
        "        features: ['id', 'tokens', 'ner_tags'],\n        num_rows: 1287\n    })\n})\n"
    )
    print(wnut)
    result = check_output(page, capsys.readouterr().out, source="wnut")
    assert result.status == "structural", result.problems


def test_features_printed_by_an_older_datasets(wnut):
    page = ("{'id': Value(dtype='string', id=None), 'tokens': Sequence(feature=Value("
            "dtype='string', id=None), length=-1, id=None), 'ner_tags': Sequence(feature="
            f"ClassLabel(names={WNUT_LABELS!r}, id=None), length=-1, id=None)}}\n")
    result = check_output(page, printed(wnut["train"].features), source='wnut["train"].features')
    assert (result.status, result.mode) == ("structural", "exact"), result.problems
    changed = datasets.Features({**wnut["train"].features, "id": datasets.Value("int64")})
    result = check_output(page, printed(changed), source='wnut["train"].features')
    assert result.problems == ("['id']: 'int64' where the page shows 'string'",)
