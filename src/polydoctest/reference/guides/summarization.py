"""Summarization (`tasks/summarization`): fine-tune T5 on California bills to write their
summaries, scored with ROUGE, push it, summarize a text with a pipeline and by hand."""

from __future__ import annotations

from polydoctest.reference.guides import steps
from polydoctest.reference.model import Guide, Observation, RefStep

REPO = f"{steps.HUB_USER}/my_awesome_billsum_model"

SUMMARIZATION = Guide(
    id="summarization",
    title="Summarization",
    path_hints=("summarization",),
    steps=(
        steps.LOGIN,
        steps.load_dataset(
            "Load the California bills of BillSum and split them",
            "billsum",
            '"billsum", split="ca_test"',
            example_split="train",
            split="billsum.train_test_split(test_size=0.2)",
        ),
        RefStep(
            id="tokenize",
            title="Tokenize the prefixed bills and their summaries",
            code="""\
from transformers import AutoTokenizer

checkpoint = "google-t5/t5-small"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
prefix = "summarize: "


def preprocess_function(examples):
    inputs = [prefix + doc for doc in examples["text"]]
    model_inputs = tokenizer(inputs, max_length=1024, truncation=True)

    labels = tokenizer(text_target=examples["summary"], max_length=128, truncation=True)

    model_inputs["labels"] = labels["input_ids"]
    return model_inputs


tokenized_billsum = billsum.map(preprocess_function, batched=True)
""",
            observations=(
                Observation("columns", "tokenized_billsum['train'].column_names"),
                Observation("first-input-ids", "tokenized_billsum['train'][0]['input_ids']"),
                Observation("first-labels", "tokenized_billsum['train'][0]['labels']"),
            ),
        ),
        steps.seq2seq_collator("tokenized_billsum"),
        steps.generated_text_metric(
            """\
import evaluate
import numpy as np

rouge = evaluate.load("rouge")


def compute_metrics(eval_pred):
    predictions, labels = eval_pred
    decoded_preds = tokenizer.batch_decode(predictions, skip_special_tokens=True)
    labels = np.where(labels != -100, labels, tokenizer.pad_token_id)
    decoded_labels = tokenizer.batch_decode(labels, skip_special_tokens=True)

    result = rouge.compute(predictions=decoded_preds, references=decoded_labels, use_stemmer=True)

    prediction_lens = [np.count_nonzero(pred != tokenizer.pad_token_id) for pred in predictions]
    result["gen_len"] = np.mean(prediction_lens)

    return {k: round(v, 4) for k, v in result.items()}
"""
        ),
        *steps.seq2seq_fine_tune_and_push("tokenized_billsum", "my_awesome_billsum_model", epochs=4),
        steps.example_input(
            "The text to summarize",
            text="summarize: The Inflation Reduction Act lowers prescription drug costs, health care costs, and energy costs. It's the most aggressive action on tackling the climate crisis in American history, which will lift up American workers and create good-paying, union jobs across the country. It'll lower the deficit and ask the ultra-wealthy and corporations to pay their fair share. And no one making under $400,000 per year will pay a penny more in taxes.",
        ),
        steps.pipeline_inference("Summarize with a pipeline", "summarization", REPO, name="summarizer"),
        steps.generate_inference(
            "Summarize by hand",
            "AutoModelForSeq2SeqLM",
            REPO,
            "text",
            generate="max_new_tokens=100, do_sample=False",
            decode="tokenizer.decode(outputs[0], skip_special_tokens=True)",
        ),
    ),
)
