"""Text classification (`tasks/sequence_classification`): fine-tune DistilBERT on IMDb, push it,
classify a review with a pipeline and by hand."""

from __future__ import annotations

from polydoctest.reference.model import Guide, Observation, RefStep

TEXT_CLASSIFICATION = Guide(
    id="text-classification",
    title="Text classification",
    path_hints=("sequence_classification", "text_classification"),
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
            title="Load the IMDb dataset",
            code="""\
from datasets import load_dataset

imdb = load_dataset("imdb")
""",
            observations=(
                Observation("splits", "{name: split.num_rows for name, split in imdb.items()}"),
                Observation("features", "{name: repr(feature) for name, feature in imdb['train'].features.items()}"),
                Observation("first-test-example", "imdb['test'][0]"),
            ),
        ),
        RefStep(
            id="tokenize",
            title="Tokenize the reviews",
            code="""\
from transformers import AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained("distilbert/distilbert-base-uncased")


def preprocess_function(examples):
    return tokenizer(examples["text"], truncation=True)


tokenized_imdb = imdb.map(preprocess_function, batched=True)
""",
            observations=(
                Observation("columns", "tokenized_imdb['train'].column_names"),
                Observation("first-input-ids", "tokenized_imdb['train'][0]['input_ids']"),
                Observation("tokens", "sum(len(ids) for ids in tokenized_imdb['train']['input_ids'])"),
            ),
        ),
        RefStep(
            id="collator",
            title="Pad batches dynamically",
            code="""\
from transformers import DataCollatorWithPadding

data_collator = DataCollatorWithPadding(tokenizer=tokenizer)
""",
            observations=(
                Observation(
                    "batch-shapes",
                    "{key: list(value.shape) for key, value in data_collator("
                    "[{key: row[key] for key in ('input_ids', 'attention_mask', 'label')}"
                    " for row in tokenized_imdb['train'].select(range(4))]).items()}",
                ),
            ),
        ),
        RefStep(
            id="metric",
            title="Accuracy as the evaluation metric",
            code="""\
import evaluate
import numpy as np

accuracy = evaluate.load("accuracy")


def compute_metrics(eval_pred):
    predictions, labels = eval_pred
    predictions = np.argmax(predictions, axis=1)
    return accuracy.compute(predictions=predictions, references=labels)
""",
            observations=(
                Observation(
                    "known-predictions",
                    "compute_metrics((numpy.array([[0.9, 0.1], [0.2, 0.8], [0.3, 0.7], [0.6, 0.4]]), numpy.array([0, 1, 0, 0])))",
                ),
            ),
        ),
        RefStep(
            id="labels",
            title="Label maps",
            code="""\
id2label = {0: "NEGATIVE", 1: "POSITIVE"}
label2id = {"NEGATIVE": 0, "POSITIVE": 1}
""",
            observations=(Observation("id2label", "id2label"), Observation("label2id", "label2id")),
        ),
        RefStep(
            id="model",
            title="Load the model with its labels",
            code="""\
from transformers import AutoModelForSequenceClassification

model = AutoModelForSequenceClassification.from_pretrained(
    "distilbert/distilbert-base-uncased", num_labels=2, id2label=id2label, label2id=label2id
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
    output_dir="my_awesome_model",
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
    train_dataset=tokenized_imdb["train"],
    eval_dataset=tokenized_imdb["test"],
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
            title="Classify a review with a pipeline",
            code="""\
from transformers import pipeline

text = "This was a masterpiece. Not completely faithful to the books, but enthralling from beginning to end. Might be my favorite of the three."
classifier = pipeline("sentiment-analysis", model="stevhliu/my_awesome_model")
classifier(text)
""",
            observations=(Observation("output", "classifier(text)"),),
            needs=("push",),
        ),
        RefStep(
            id="manual-inference",
            title="Classify a review by hand",
            code="""\
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained("stevhliu/my_awesome_model")
inputs = tokenizer(text, return_tensors="pt")

model = AutoModelForSequenceClassification.from_pretrained("stevhliu/my_awesome_model")
with torch.no_grad():
    logits = model(**inputs).logits

predicted_class_id = logits.argmax().item()
model.config.id2label[predicted_class_id]
""",
            observations=(
                Observation("input-ids", "inputs['input_ids']"),
                Observation("logits", "logits"),
                Observation("predicted-label", "model.config.id2label[predicted_class_id]"),
            ),
            needs=("push",),
        ),
    ),
)
