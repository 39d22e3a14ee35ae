"""Token classification (`tasks/token_classification`): fine-tune DistilBERT on WNUT 17 for
named entities, push it, tag a sentence with a pipeline and by hand."""

from __future__ import annotations

from polydoctest.reference.model import Guide, Observation, RefStep

TOKEN_CLASSIFICATION = Guide(
    id="token-classification",
    title="Token classification",
    path_hints=("token_classification",),
    steps=(
        RefStep(
            id="login",
            title="Log in to the Hub",
            code="""\
from huggingface_hub import notebook_login

notebook_login()
""",
            observations=(Observation("user", "__import__('huggingface_hub').whoami()['name']"),),
        ),
        RefStep(
            id="load-dataset",
            title="Load the WNUT 17 dataset",
            code="""\
from datasets import load_dataset

wnut = load_dataset("wnut_17", revision="refs/convert/parquet")
""",
            observations=(
                Observation("splits", "{name: split.num_rows for name, split in wnut.items()}"),
                Observation("features", "{name: repr(feature) for name, feature in wnut['train'].features.items()}"),
                Observation("first-train-example", "wnut['train'][0]"),
            ),
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
        RefStep(
            id="collator",
            title="Pad batches and labels dynamically",
            code="""\
from transformers import DataCollatorForTokenClassification

data_collator = DataCollatorForTokenClassification(tokenizer=tokenizer)
""",
            observations=(
                Observation(
                    "batch-shapes",
                    "{key: list(value.shape) for key, value in data_collator("
                    "[{key: row[key] for key in ('input_ids', 'attention_mask', 'labels')}"
                    " for row in tokenized_wnut['train'].select(range(4))]).items()}",
                ),
            ),
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
        RefStep(
            id="labels",
            title="Label maps",
            code="""\
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
""",
            observations=(Observation("id2label", "id2label"), Observation("label2id", "label2id")),
        ),
        RefStep(
            id="model",
            title="Load the model with its labels",
            code="""\
from transformers import AutoModelForTokenClassification

model = AutoModelForTokenClassification.from_pretrained(
    "distilbert/distilbert-base-uncased", num_labels=13, id2label=id2label, label2id=label2id
)
""",
            observations=(
                Observation("class", "type(model).__name__"),
                Observation("id2label", "model.config.id2label"),
                Observation("parameters", "model.num_parameters()"),
                Observation("weights", "state_digest(model)"),
            ),
        ),
        RefStep(
            id="training-args",
            title="Training hyperparameters",
            code="""\
from transformers import TrainingArguments

training_args = TrainingArguments(
    output_dir="my_awesome_wnut_model",
    learning_rate=2e-5,
    per_device_train_batch_size=16,
    per_device_eval_batch_size=16,
    num_train_epochs=2,
    weight_decay=0.01,
    eval_strategy="epoch",
    save_strategy="epoch",
    load_best_model_at_end=True,
    push_to_hub=True,
)
""",
            observations=(
                Observation(
                    "hyperparameters",
                    "{name: getattr(training_args, name) for name in ('output_dir', 'learning_rate',"
                    " 'per_device_train_batch_size', 'per_device_eval_batch_size', 'num_train_epochs', 'weight_decay',"
                    " 'eval_strategy', 'save_strategy', 'load_best_model_at_end', 'push_to_hub', 'seed')}",
                ),
            ),
        ),
        RefStep(
            id="train",
            title="Train",
            code="""\
from transformers import Trainer

trainer = Trainer(
    model=model,
    args=training_args,
    train_dataset=tokenized_wnut["train"],
    eval_dataset=tokenized_wnut["test"],
    processing_class=tokenizer,
    data_collator=data_collator,
    compute_metrics=compute_metrics,
)

trainer.train()
""",
            observations=(
                Observation("global-step", "trainer.state.global_step"),
                Observation(
                    "log-history",
                    "[{key: value for key, value in entry.items() if not key.endswith(('runtime', 'per_second'))}"
                    " for entry in trainer.state.log_history]",
                ),
                Observation("best-checkpoint", "trainer.state.best_model_checkpoint"),
                Observation("checkpoints", "sorted(os.listdir(trainer.args.output_dir))"),
                Observation("weights", "state_digest(trainer.model)"),
            ),
        ),
        RefStep(
            id="push",
            title="Push the model to the Hub",
            code="""\
trainer.push_to_hub()
""",
            observations=(Observation("repo", "pushed_repo(trainer.hub_model_id)"),),
            needs=("login",),
        ),
        RefStep(
            id="pipeline-inference",
            title="Tag a sentence with a pipeline",
            code="""\
from transformers import pipeline

text = "The Golden State Warriors are an American professional basketball team based in San Francisco."
classifier = pipeline("ner", model="stevhliu/my_awesome_wnut_model")
classifier(text)
""",
            observations=(Observation("output", "classifier(text)"),),
            needs=("push",),
        ),
        RefStep(
            id="manual-inference",
            title="Tag a sentence by hand",
            code="""\
import torch
from transformers import AutoModelForTokenClassification, AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained("stevhliu/my_awesome_wnut_model")
inputs = tokenizer(text, return_tensors="pt")

model = AutoModelForTokenClassification.from_pretrained("stevhliu/my_awesome_wnut_model")
with torch.no_grad():
    logits = model(**inputs).logits

predictions = torch.argmax(logits, dim=2)
predicted_token_class = [model.config.id2label[t.item()] for t in predictions[0]]
""",
            observations=(
                Observation("input-ids", "inputs['input_ids']"),
                Observation("logits", "logits"),
                Observation("predicted-classes", "predicted_token_class"),
            ),
            needs=("push",),
        ),
    ),
)
