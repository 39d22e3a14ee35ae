"""Multiple choice (`tasks/multiple_choice`): fine-tune BERT on SWAG to pick the ending that
follows a sentence, push it, choose between two candidates by hand."""

from __future__ import annotations

from polydoctest.reference.guides import steps
from polydoctest.reference.model import Guide, Observation, RefStep

REPO = f"{steps.HUB_USER}/my_awesome_swag_model"

MULTIPLE_CHOICE = Guide(
    id="multiple-choice",
    title="Multiple choice",
    path_hints=("multiple_choice",),
    steps=(
        steps.LOGIN,
        steps.load_dataset(
            "Load the regular SWAG", "swag", '"swag", "regular", revision="refs/convert/parquet"', example_split="train"
        ),
        RefStep(
            id="tokenize",
            title="Pair each start with its four endings and tokenize them",
            code="""\
from transformers import AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained("google-bert/bert-base-uncased")
ending_names = ["ending0", "ending1", "ending2", "ending3"]


def preprocess_function(examples):
    first_sentences = [[context] * 4 for context in examples["sent1"]]
    question_headers = examples["sent2"]
    second_sentences = [
        [f"{header} {examples[end][i]}" for end in ending_names] for i, header in enumerate(question_headers)
    ]

    first_sentences = sum(first_sentences, [])
    second_sentences = sum(second_sentences, [])

    tokenized_examples = tokenizer(first_sentences, second_sentences, truncation=True)
    return {k: [v[i : i + 4] for i in range(0, len(v), 4)] for k, v in tokenized_examples.items()}


tokenized_swag = swag.map(preprocess_function, batched=True)
""",
            observations=(
                Observation("columns", "tokenized_swag['train'].column_names"),
                Observation("first-input-ids", "tokenized_swag['train'][0]['input_ids']"),
            ),
        ),
        steps.collator(
            "DataCollatorForMultipleChoice",
            "tokenized_swag",
            ("input_ids", "token_type_ids", "attention_mask", "label"),
            title="Pad the choices of each example dynamically",
        ),
        steps.ACCURACY,
        steps.pretrained_model("AutoModelForMultipleChoice", '"google-bert/bert-base-uncased"'),
        steps.training_args(
            output_dir='"my_awesome_swag_model"',
            eval_strategy='"epoch"',
            save_strategy='"epoch"',
            load_best_model_at_end="True",
            learning_rate="5e-5",
            per_device_train_batch_size="16",
            per_device_eval_batch_size="16",
            num_train_epochs="3",
            weight_decay="0.01",
            push_to_hub="True",
        ),
        steps.train("tokenized_swag", compute_metrics=True, checkpoints=True, eval_split="validation"),
        steps.PUSH,
        steps.example_input(
            "A prompt and two candidate endings",
            prompt="France has a bread law, Le Décret Pain, with strict rules on what is allowed in a traditional baguette.",
            candidate1="The law does not apply to croissants and brioche.",
            candidate2="The law applies to baguettes.",
        ),
        RefStep(
            id="manual-inference",
            title="Choose the ending by hand",
            code=f"""\
import torch
from transformers import AutoModelForMultipleChoice, AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained("{REPO}")
inputs = tokenizer([[prompt, candidate1], [prompt, candidate2]], return_tensors="pt", padding=True)
labels = torch.tensor(0).unsqueeze(0)

model = AutoModelForMultipleChoice.from_pretrained("{REPO}")
outputs = model(**{{k: v.unsqueeze(0) for k, v in inputs.items()}}, labels=labels)
logits = outputs.logits
predicted_class = logits.argmax().item()
predicted_class
""",
            observations=(
                Observation("input-ids", "inputs['input_ids']"),
                Observation("logits", "logits"),
                Observation("predicted-class", "predicted_class"),
            ),
            needs=("push",),
        ),
    ),
)
