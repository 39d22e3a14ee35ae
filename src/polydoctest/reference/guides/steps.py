"""Steps that more than one reference guide takes, each made from the parts that differ.

The task guides share one course (log in, load a dataset, label it, train, push, then infer
with a pipeline and by hand), and the quicktour ends on part of it. Writing each shared step
once keeps its code and its observations the same in every guide that takes it, and keeps each
guide module down to what is particular to it. Parameters that are code (`arguments`,
`prediction`) are spelled as the step's code spells them.
"""

from __future__ import annotations

from polydoctest.reference.model import Observation, RefStep

BASE_MODEL = "distilbert/distilbert-base-uncased"
# The task guides' author: their pages push to this namespace and load their models back from it.
HUB_USER = "stevhliu"

LOGIN = RefStep(
    id="login",
    title="Log in to the Hub",
    code="""\
from huggingface_hub import notebook_login

notebook_login()
""",
    observations=(Observation("user", "__import__('huggingface_hub').whoami()['name']"),),
)

PUSH = RefStep(
    id="push",
    title="Push the model to the Hub",
    code="""\
trainer.push_to_hub()
""",
    observations=(Observation("repo", "pushed_repo(trainer.hub_model_id)"),),
    needs=("login",),
)


def load_dataset(title: str, dataset: str, arguments: str, example_split: str) -> RefStep:
    """`dataset = load_dataset(arguments)`, `arguments` as the code spells them; observed by its
    splits, its features and the first example of `example_split`."""
    return RefStep(
        id="load-dataset",
        title=title,
        code=f"""\
from datasets import load_dataset

{dataset} = load_dataset({arguments})
""",
        observations=(
            Observation("splits", f"{{name: split.num_rows for name, split in {dataset}.items()}}"),
            Observation("features", f"{{name: repr(feature) for name, feature in {dataset}['train'].features.items()}}"),
            Observation(f"first-{example_split}-example", f"{dataset}[{example_split!r}][0]"),
        ),
    )


def collator(collator_class: str, dataset: str, label_column: str, title: str = "Pad batches dynamically") -> RefStep:
    """`data_collator`, observed by the shapes of the batch it makes of `dataset`'s first four
    training rows."""
    return RefStep(
        id="collator",
        title=title,
        code=f"""\
from transformers import {collator_class}

data_collator = {collator_class}(tokenizer=tokenizer)
""",
        observations=(
            Observation(
                "batch-shapes",
                "{key: list(value.shape) for key, value in data_collator("
                f"[{{key: row[key] for key in ('input_ids', 'attention_mask', {label_column!r})}}"
                f" for row in {dataset}['train'].select(range(4))]).items()}}",
            ),
        ),
    )


def label_maps(code: str) -> RefStep:
    """`code` binds `id2label` and `label2id`."""
    return RefStep(
        id="labels",
        title="Label maps",
        code=code,
        observations=(Observation("id2label", "id2label"), Observation("label2id", "label2id")),
    )


def labelled_model(model_class: str, num_labels: int) -> RefStep:
    """`model`: the base model with a `model_class` head for the label maps."""
    return RefStep(
        id="model",
        title="Load the model with its labels",
        code=f"""\
from transformers import {model_class}

model = {model_class}.from_pretrained(
    "{BASE_MODEL}", num_labels={num_labels}, id2label=id2label, label2id=label2id
)
""",
        observations=(
            Observation("class", "type(model).__name__"),
            Observation("id2label", "model.config.id2label"),
            Observation("parameters", "model.num_parameters()"),
            Observation("weights", "state_digest(model)"),
        ),
    )


def training_args(**arguments: str) -> RefStep:
    """`training_args = TrainingArguments(...)` with `arguments` in order, values as the code
    spells them; observed by those arguments and the seed."""
    lines = "".join(f"    {name}={value},\n" for name, value in arguments.items())
    names = ", ".join(repr(name) for name in [*arguments, "seed"])
    return RefStep(
        id="training-args",
        title="Training hyperparameters",
        code=f"""\
from transformers import TrainingArguments

training_args = TrainingArguments(
{lines})
""",
        observations=(
            Observation("hyperparameters", f"{{name: getattr(training_args, name) for name in ({names})}}"),
        ),
    )


def train(dataset: str, *, compute_metrics: bool, checkpoints: bool) -> RefStep:
    """`trainer` on `dataset`'s train and test splits, trained. With `compute_metrics` it
    evaluates with the guide's metric; with `checkpoints` the best checkpoint and the saved ones
    are observed too."""
    metric_argument = "    compute_metrics=compute_metrics,\n" if compute_metrics else ""
    saved = (
        (
            Observation("best-checkpoint", "trainer.state.best_model_checkpoint"),
            Observation("checkpoints", "sorted(os.listdir(trainer.args.output_dir))"),
        )
        if checkpoints
        else ()
    )
    return RefStep(
        id="train",
        title="Train",
        code=f"""\
from transformers import Trainer

trainer = Trainer(
    model=model,
    args=training_args,
    train_dataset={dataset}["train"],
    eval_dataset={dataset}["test"],
    processing_class=tokenizer,
    data_collator=data_collator,
{metric_argument})

trainer.train()
""",
        observations=(
            Observation("global-step", "trainer.state.global_step"),
            Observation(
                "log-history",
                "[{key: value for key, value in entry.items() if not key.endswith(('runtime', 'per_second'))}"
                " for entry in trainer.state.log_history]",
            ),
            *saved,
            Observation("weights", "state_digest(trainer.model)"),
        ),
    )


def fine_tune_and_push(model_class: str, num_labels: int, dataset: str, output_dir: str) -> tuple[RefStep, ...]:
    """How the task guides train: the labelled model; two epochs, evaluated with the guide's
    metric and saved after each, the best model kept; then the push to `HUB_USER/output_dir`."""
    hyperparameters = training_args(
        output_dir=f'"{output_dir}"',
        learning_rate="2e-5",
        per_device_train_batch_size="16",
        per_device_eval_batch_size="16",
        num_train_epochs="2",
        weight_decay="0.01",
        eval_strategy='"epoch"',
        save_strategy='"epoch"',
        load_best_model_at_end="True",
        push_to_hub="True",
    )
    trained = train(dataset, compute_metrics=True, checkpoints=True)
    return (labelled_model(model_class, num_labels), hyperparameters, trained, PUSH)


def pipeline_inference(title: str, task: str, output_dir: str, text: str) -> RefStep:
    """A `task` pipeline on the pushed model, run on `text`."""
    return RefStep(
        id="pipeline-inference",
        title=title,
        code=f"""\
from transformers import pipeline

text = "{text}"
classifier = pipeline("{task}", model="{HUB_USER}/{output_dir}")
classifier(text)
""",
        observations=(Observation("output", "classifier(text)"),),
        needs=("push",),
    )


def manual_inference(title: str, model_class: str, output_dir: str, prediction: str, observation: Observation) -> RefStep:
    """The pushed model and its tokenizer run by hand on the pipeline's `text`; `prediction` is
    the code that turns the logits into labels, and `observation` what it is observed by."""
    repo = f"{HUB_USER}/{output_dir}"
    return RefStep(
        id="manual-inference",
        title=title,
        code=f"""\
import torch
from transformers import {model_class}, AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained("{repo}")
inputs = tokenizer(text, return_tensors="pt")

model = {model_class}.from_pretrained("{repo}")
with torch.no_grad():
    logits = model(**inputs).logits

{prediction}""",
        observations=(Observation("input-ids", "inputs['input_ids']"), Observation("logits", "logits"), observation),
        needs=("push",),
    )
