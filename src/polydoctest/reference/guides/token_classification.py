"""Token classification (`tasks/token_classification`): fine-tune DistilBERT on WNUT 17 for
named entities, push it, tag a sentence with a pipeline and by hand."""

from __future__ import annotations

from polydoctest.reference.guides import steps
from polydoctest.reference.model import Guide, Observation, RefStep

MODEL_CLASS = "AutoModelForTokenClassification"
OUTPUT_DIR = "my_awesome_wnut_model"

TOKEN_CLASSIFICATION = Guide(
    id="token-classification",
    title="Token classification",
    path_hints=("token_classification",),
    steps=(
        steps.LOGIN,
        steps.load_dataset(
            "Load the WNUT 17 dataset", "wnut", '"wnut_17", revision="refs/convert/parquet"', example_split="train"
        ),
        RefStep(
            id="label-list",
            title="The entity labels",
            code="""\
label_list = wnut["train"].features["ner_tags"].feature.names
""",
            observations=(Observation("label-list", "label_list"),),
        ),
        RefStep(
            id="tokenize-example",
            title="Tokenize one example into subwords",
            code="""\
from transformers import AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained("distilbert/distilbert-base-uncased")
example = wnut["train"][0]
tokenized_input = tokenizer(example["tokens"], is_split_into_words=True)
tokens = tokenizer.convert_ids_to_tokens(tokenized_input["input_ids"])
""",
            observations=(Observation("tokens", "tokens"), Observation("word-ids", "tokenized_input.word_ids()")),
        ),
        RefStep(
            id="tokenize",
            title="Tokenize and align the labels",
            code="""\
def tokenize_and_align_labels(examples):
    tokenized_inputs = tokenizer(examples["tokens"], truncation=True, is_split_into_words=True)

    labels = []
    for i, label in enumerate(examples["ner_tags"]):
        word_ids = tokenized_inputs.word_ids(batch_index=i)
        previous_word_idx = None
        label_ids = []
        for word_idx in word_ids:
            if word_idx is None:
                label_ids.append(-100)
            elif word_idx != previous_word_idx:
                label_ids.append(label[word_idx])
            else:
                label_ids.append(-100)
            previous_word_idx = word_idx
        labels.append(label_ids)

    tokenized_inputs["labels"] = labels
    return tokenized_inputs


tokenized_wnut = wnut.map(tokenize_and_align_labels, batched=True)
""",
            observations=(
                Observation("columns", "tokenized_wnut['train'].column_names"),
                Observation("first-input-ids", "tokenized_wnut['train'][0]['input_ids']"),
                Observation("first-labels", "tokenized_wnut['train'][0]['labels']"),
            ),
        ),
        steps.collator(
            "DataCollatorForTokenClassification",
            "tokenized_wnut",
            ("input_ids", "attention_mask", "labels"),
            title="Pad batches and labels dynamically",
        ),
        RefStep(
            id="metric",
            title="seqeval as the evaluation metric",
            code="""\
import evaluate
import numpy as np

seqeval = evaluate.load("seqeval")
labels = [label_list[i] for i in example["ner_tags"]]


def compute_metrics(p):
    predictions, labels = p
    predictions = np.argmax(predictions, axis=2)

    true_predictions = [
        [label_list[p] for (p, l) in zip(prediction, label) if l != -100]
        for prediction, label in zip(predictions, labels)
    ]
    true_labels = [
        [label_list[l] for (p, l) in zip(prediction, label) if l != -100]
        for prediction, label in zip(predictions, labels)
    ]

    results = seqeval.compute(predictions=true_predictions, references=true_labels)
    return {
        "precision": results["overall_precision"],
        "recall": results["overall_recall"],
        "f1": results["overall_f1"],
        "accuracy": results["overall_accuracy"],
    }
""",
            observations=(
                Observation("example-labels", "labels"),
                Observation(
                    "known-predictions",
                    "compute_metrics((numpy.eye(13)[[[0, 7, 8, 0, 9], [9, 10, 0, 3, 0]]],"
                    " numpy.array([[-100, 7, 8, 0, 9], [9, 10, 0, 4, -100]])))",
                ),
            ),
        ),
        steps.label_maps(
            """\
id2label = {
    0: "O",
    1: "B-corporation",
    2: "I-corporation",
    3: "B-creative-work",
    4: "I-creative-work",
    5: "B-group",
    6: "I-group",
    7: "B-location",
    8: "I-location",
    9: "B-person",
    10: "I-person",
    11: "B-product",
    12: "I-product",
}
label2id = {
    "O": 0,
    "B-corporation": 1,
    "I-corporation": 2,
    "B-creative-work": 3,
    "I-creative-work": 4,
    "B-group": 5,
    "I-group": 6,
    "B-location": 7,
    "I-location": 8,
    "B-person": 9,
    "I-person": 10,
    "B-product": 11,
    "I-product": 12,
}
"""
        ),
        *steps.fine_tune_and_push(MODEL_CLASS, num_labels=13, dataset="tokenized_wnut", output_dir=OUTPUT_DIR),
        steps.pipeline_inference(
            "Tag a sentence with a pipeline",
            "ner",
            f"{steps.HUB_USER}/{OUTPUT_DIR}",
            text="The Golden State Warriors are an American professional basketball team based in San Francisco.",
        ),
        steps.manual_inference(
            "Tag a sentence by hand",
            MODEL_CLASS,
            OUTPUT_DIR,
            prediction="""\
predictions = torch.argmax(logits, dim=2)
predicted_token_class = [model.config.id2label[t.item()] for t in predictions[0]]
""",
            observation=Observation("predicted-classes", "predicted_token_class"),
        ),
    ),
)
