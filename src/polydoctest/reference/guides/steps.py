"""Steps that more than one reference guide takes, each made from the parts that differ.

The task guides share one course (log in, load a dataset, label it, train, push, then infer
with a pipeline and by hand), and the quicktour ends on part of it. Writing each shared step
once keeps its code and its observations the same in every guide that takes it, and keeps each
guide module down to what is particular to it. Parameters that are code (`arguments`,
`prediction`) are spelled as the step's code spells them.
"""

from __future__ import annotations

from collections.abc import Sequence

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


def load_dataset(title: str, dataset: str, arguments: str, example_split: str, split: str | None = None) -> RefStep:
    """`dataset = load_dataset(arguments)`, `arguments` as the code spells them, then `dataset =
    split` when the guide makes its own train and test splits (`split` as the code spells it);
    observed by its splits, its features and the first example of `example_split`."""
    resplit = f"{dataset} = {split}\n" if split else ""
    return RefStep(
        id="load-dataset",
        title=title,
        code=f"""\
from datasets import load_dataset

{dataset} = load_dataset({arguments})
{resplit}""",
        observations=(
            Observation("splits", f"{{name: split.num_rows for name, split in {dataset}.items()}}"),
            Observation("features", f"{{name: repr(feature) for name, feature in {dataset}['train'].features.items()}}"),
            Observation(f"first-{example_split}-example", f"{dataset}[{example_split!r}][0]"),
        ),
    )


def collator(
    collator_class: str,
    dataset: str,
    columns: Sequence[str],
    *,
    title: str = "Pad batches dynamically",
    arguments: str = "tokenizer=tokenizer",
    before: str = "",
) -> RefStep:
    """`data_collator = collator_class(arguments)` after the code `before`, observed by the
    shapes of the batch it makes of the `columns` of `dataset`'s first four training rows."""
    return RefStep(
        id="collator",
        title=title,
        code=f"""\
from transformers import {collator_class}

{before}data_collator = {collator_class}({arguments})
""",
        observations=(
            Observation(
                "batch-shapes",
                "{key: list(value.shape) for key, value in data_collator("
                f"[{{key: row[key] for key in {tuple(columns)!r}}}"
                f" for row in {dataset}['train'].select(range(4))]).items()}}",
            ),
        ),
    )


ACCURACY = RefStep(
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
)


def label_maps(code: str) -> RefStep:
    """`code` binds `id2label` and `label2id`."""
    return RefStep(
        id="labels",
        title="Label maps",
        code=code,
        observations=(Observation("id2label", "id2label"), Observation("label2id", "label2id")),
    )


def pretrained_model(model_class: str, checkpoint: str, title: str = "Load the pretrained model") -> RefStep:
    """`model`: `checkpoint` (as the code spells it) with a `model_class` head."""
    return RefStep(
        id="model",
        title=title,
        code=f"""\
from transformers import {model_class}

model = {model_class}.from_pretrained({checkpoint})
""",
        observations=_model_observations(),
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
        observations=_model_observations(Observation("id2label", "model.config.id2label")),
    )


def _model_observations(*particular: Observation) -> tuple[Observation, ...]:
    return (
        Observation("class", "type(model).__name__"),
        *particular,
        Observation("parameters", "model.num_parameters()"),
        Observation("weights", "state_digest(model)"),
    )


def training_args(arguments_class: str = "TrainingArguments", **arguments: str) -> RefStep:
    """`training_args = arguments_class(...)` with `arguments` in order, values as the code
    spells them; observed by those arguments and the seed."""
    lines = "".join(f"    {name}={value},\n" for name, value in arguments.items())
    names = ", ".join(repr(name) for name in [*arguments, "seed"])
    return RefStep(
        id="training-args",
        title="Training hyperparameters",
        code=f"""\
from transformers import {arguments_class}

training_args = {arguments_class}(
{lines})
""",
        observations=(
            Observation("hyperparameters", f"{{name: getattr(training_args, name) for name in ({names})}}"),
        ),
    )


def train(
    dataset: str, *, compute_metrics: bool, checkpoints: bool, trainer_class: str = "Trainer", eval_split: str = "test"
) -> RefStep:
    """`trainer` (a `trainer_class`) on `dataset`'s train and `eval_split` splits, trained. With
    `compute_metrics` it evaluates with the guide's metric; with `checkpoints` the best
    checkpoint and the saved ones are observed too."""
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
from transformers import {trainer_class}

trainer = {trainer_class}(
    model=model,
    args=training_args,
    train_dataset={dataset}["train"],
    eval_dataset={dataset}["{eval_split}"],
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


def example_input(title: str, **values: str) -> RefStep:
    """The input the guide infers on, one string constant per name; observed as it is, since a
    translation must not translate it."""
    assert not any('"' in value for value in values.values())
    return RefStep(
        id="input",
        title=title,
        code="".join(f'{name} = "{value}"\n' for name, value in values.items()),
        observations=tuple(Observation(name, name) for name in values),
    )


def seq2seq_fine_tune_and_push(dataset: str, output_dir: str, epochs: int) -> tuple[RefStep, ...]:
    """How the sequence-to-sequence guides train: T5 from `checkpoint`, `epochs` epochs evaluated
    with generated predictions, at most three checkpoints kept; then the push to
    `HUB_USER/output_dir`."""
    hyperparameters = training_args(
        "Seq2SeqTrainingArguments",
        output_dir=f'"{output_dir}"',
        eval_strategy='"epoch"',
        learning_rate="2e-5",
        per_device_train_batch_size="16",
        per_device_eval_batch_size="16",
        weight_decay="0.01",
        save_total_limit="3",
        num_train_epochs=str(epochs),
        predict_with_generate="True",
        fp16="True",
        push_to_hub="True",
    )
    trained = train(dataset, compute_metrics=True, checkpoints=False, trainer_class="Seq2SeqTrainer")
    return (pretrained_model("AutoModelForSeq2SeqLM", "checkpoint"), hyperparameters, trained, PUSH)


def seq2seq_collator(dataset: str) -> RefStep:
    """The sequence-to-sequence guides pad inputs and labels with the checkpoint's name as the
    `model=` (as they write it: a name, not a model)."""
    return collator(
        "DataCollatorForSeq2Seq",
        dataset,
        ("input_ids", "attention_mask", "labels"),
        title="Pad inputs and labels dynamically",
        arguments="tokenizer=tokenizer, model=checkpoint",
    )


def generated_text_metric(code: str) -> RefStep:
    """`code` loads a metric and defines `compute_metrics` over generated token ids; observed on
    two known predictions, tokenized with the guide's tokenizer."""
    return RefStep(
        id="metric",
        title="The evaluation metric on generated text",
        code=code,
        observations=(
            Observation(
                "known-predictions",
                "compute_metrics((numpy.array(tokenizer(['the bill lowers drug costs', 'a law for new schools'], padding=True)['input_ids']),"
                " numpy.array(tokenizer(['the bill lowers health costs', 'a law for new schools'], padding=True)['input_ids'])))",
            ),
        ),
    )


def pipeline_inference(
    title: str, task: str, repo: str, *, name: str = "classifier", call: str = "text", text: str | None = None, model_keyword: bool = True
) -> RefStep:
    """A `task` pipeline named `name` on the model at `repo`, called with `call` (as the code
    spells it); with `text`, the step binds `text` first. The model goes by keyword or, as some
    guides write it, second."""
    model = f'model="{repo}"' if model_keyword else f'"{repo}"'
    binding = f'text = "{text}"\n' if text is not None else ""
    return RefStep(
        id="pipeline-inference",
        title=title,
        code=f"""\
from transformers import pipeline

{binding}{name} = pipeline("{task}", {model})
{name}({call})
""",
        observations=(Observation("output", f"{name}({call})"),),
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


def generate_inference(title: str, model_class: str, repo: str, text: str, generate: str, decode: str) -> RefStep:
    """The pushed model and its tokenizer generate from `text` by hand: `generate` are the
    arguments of `model.generate` after the input ids, `decode` the code that turns `outputs`
    into text (as the code spells them)."""
    return RefStep(
        id="manual-inference",
        title=title,
        code=f"""\
from transformers import {model_class}, AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained("{repo}")
inputs = tokenizer({text}, return_tensors="pt").input_ids

model = {model_class}.from_pretrained("{repo}")
outputs = model.generate(inputs, {generate})
{decode}
""",
        observations=(
            Observation("input-ids", "inputs"),
            Observation("output-ids", "outputs"),
            Observation("text", decode),
        ),
        needs=("push",),
    )


ELI5 = load_dataset(
    "Load the first 5000 ELI5 questions and split them",
    "eli5",
    '"eli5_category", split="train[:5000]", revision="refs/convert/parquet"',
    example_split="train",
    split="eli5.train_test_split(test_size=0.2)",
)
"""The language modeling guides' data: the r/askscience ELI5 answers, a fifth kept for testing."""


def eli5_tokenize(checkpoint: str) -> RefStep:
    """The language modeling guides' preprocessing: flatten ELI5's nested answers and tokenize
    them, joined, with `checkpoint`'s tokenizer, keeping only the tokenizer's columns."""
    return RefStep(
        id="tokenize",
        title="Flatten the answers and tokenize them",
        code=f"""\
from transformers import AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained("{checkpoint}")
eli5 = eli5.flatten()


def preprocess_function(examples):
    return tokenizer([" ".join(x) for x in examples["answers.text"]])


tokenized_eli5 = eli5.map(
    preprocess_function,
    batched=True,
    num_proc=4,
    remove_columns=eli5["train"].column_names,
)
""",
        observations=(
            Observation("flat-columns", "eli5['train'].column_names"),
            Observation("columns", "tokenized_eli5['train'].column_names"),
            Observation("first-input-ids", "tokenized_eli5['train'][0]['input_ids']"),
            Observation("tokens", "sum(len(ids) for ids in tokenized_eli5['train']['input_ids'])"),
        ),
    )


def group_texts(*, labels: bool) -> RefStep:
    """Concatenate the tokenized answers and cut them into blocks of 128 tokens; with `labels`
    (causal language modeling) each block is its own label."""
    copy_labels = '    result["labels"] = result["input_ids"].copy()\n' if labels else ""
    return RefStep(
        id="group-texts",
        title="Concatenate and cut into blocks",
        code=f"""\
block_size = 128


def group_texts(examples):
    concatenated_examples = {{k: sum(examples[k], []) for k in examples.keys()}}
    total_length = len(concatenated_examples[list(examples.keys())[0]])
    if total_length >= block_size:
        total_length = (total_length // block_size) * block_size
    result = {{
        k: [t[i : i + block_size] for i in range(0, total_length, block_size)]
        for k, t in concatenated_examples.items()
    }}
{copy_labels}    return result


lm_dataset = tokenized_eli5.map(group_texts, batched=True, num_proc=4)
""",
        observations=(
            Observation("splits", "{name: split.num_rows for name, split in lm_dataset.items()}"),
            Observation("columns", "lm_dataset['train'].column_names"),
            Observation("first-block", "lm_dataset['train'][0]"),
        ),
    )


PERPLEXITY = RefStep(
    id="perplexity",
    title="Evaluate and report the perplexity",
    code="""\
import math

eval_results = trainer.evaluate()
print(f"Perplexity: {math.exp(eval_results['eval_loss']):.2f}")
""",
    observations=(
        Observation(
            "eval-results", "{key: value for key, value in eval_results.items() if not key.endswith(('runtime', 'per_second'))}"
        ),
        Observation("perplexity", "math.exp(eval_results['eval_loss'])"),
    ),
)
