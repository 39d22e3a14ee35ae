"""Translation (`tasks/translation`): fine-tune T5 on the English-French OPUS Books to translate
English into French, scored with SacreBLEU, push it, translate a sentence with a pipeline and
by hand."""

from __future__ import annotations

from polydoctest.reference.guides import steps
from polydoctest.reference.model import Guide, Observation, RefStep

REPO = f"{steps.HUB_USER}/my_awesome_opus_books_model"

TRANSLATION = Guide(
    id="translation",
    title="Translation",
    path_hints=("translation",),
    steps=(
        steps.LOGIN,
        steps.load_dataset(
            "Load the English-French OPUS Books and split them",
            "books",
            '"opus_books", "en-fr"',
            example_split="train",
            split='books["train"].train_test_split(test_size=0.2)',
        ),
        RefStep(
            id="tokenize",
            title="Tokenize the prefixed English sentences and their French translations",
            code="""\
from transformers import AutoTokenizer

checkpoint = "google-t5/t5-small"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
source_lang = "en"
target_lang = "fr"
prefix = "translate English to French: "


def preprocess_function(examples):
    inputs = [prefix + example[source_lang] for example in examples["translation"]]
    targets = [example[target_lang] for example in examples["translation"]]
    model_inputs = tokenizer(inputs, text_target=targets, max_length=128, truncation=True)
    return model_inputs


tokenized_books = books.map(preprocess_function, batched=True)
""",
            observations=(
                Observation("columns", "tokenized_books['train'].column_names"),
                Observation("first-input-ids", "tokenized_books['train'][0]['input_ids']"),
                Observation("first-labels", "tokenized_books['train'][0]['labels']"),
            ),
        ),
        steps.seq2seq_collator("tokenized_books"),
        steps.generated_text_metric(
            """\
import evaluate
import numpy as np

metric = evaluate.load("sacrebleu")


def postprocess_text(preds, labels):
    preds = [pred.strip() for pred in preds]
    labels = [[label.strip()] for label in labels]

    return preds, labels


def compute_metrics(eval_preds):
    preds, labels = eval_preds
    if isinstance(preds, tuple):
        preds = preds[0]
    decoded_preds = tokenizer.batch_decode(preds, skip_special_tokens=True)

    labels = np.where(labels != -100, labels, tokenizer.pad_token_id)
    decoded_labels = tokenizer.batch_decode(labels, skip_special_tokens=True)

    decoded_preds, decoded_labels = postprocess_text(decoded_preds, decoded_labels)

    result = metric.compute(predictions=decoded_preds, references=decoded_labels)
    result = {"bleu": result["score"]}

    prediction_lens = [np.count_nonzero(pred != tokenizer.pad_token_id) for pred in preds]
    result["gen_len"] = np.mean(prediction_lens)
    result = {k: round(v, 4) for k, v in result.items()}
    return result
"""
        ),
        *steps.seq2seq_fine_tune_and_push("tokenized_books", "my_awesome_opus_books_model", epochs=2),
        steps.example_input(
            "The sentence to translate", text="translate English to French: Legumes share resources with nitrogen-fixing bacteria."
        ),
        steps.pipeline_inference("Translate with a pipeline", "translation_xx_to_yy", REPO, name="translator"),
        steps.generate_inference(
            "Translate by hand",
            "AutoModelForSeq2SeqLM",
            REPO,
            "text",
            generate="max_new_tokens=40, do_sample=True, top_k=30, top_p=0.95",
            decode="tokenizer.decode(outputs[0], skip_special_tokens=True)",
        ),
    ),
)
