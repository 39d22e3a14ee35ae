"""Text classification (`tasks/sequence_classification`): fine-tune DistilBERT on IMDb, push it,
classify a review with a pipeline and by hand."""

from __future__ import annotations

from polydoctest.reference.guides import steps
from polydoctest.reference.model import Guide, Observation, RefStep

MODEL_CLASS = "AutoModelForSequenceClassification"
OUTPUT_DIR = "my_awesome_model"

TEXT_CLASSIFICATION = Guide(
    id="text-classification",
    title="Text classification",
    path_hints=("sequence_classification", "text_classification"),
    steps=(
        steps.LOGIN,
        steps.load_dataset("Load the IMDb dataset", "imdb", '"imdb"', example_split="test"),
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
        steps.collator("DataCollatorWithPadding", "tokenized_imdb", ("input_ids", "attention_mask", "label")),
        steps.ACCURACY,
        steps.label_maps(
            """\
id2label = {0: "NEGATIVE", 1: "POSITIVE"}
label2id = {"NEGATIVE": 0, "POSITIVE": 1}
"""
        ),
        *steps.fine_tune_and_push(MODEL_CLASS, num_labels=2, dataset="tokenized_imdb", output_dir=OUTPUT_DIR),
        steps.pipeline_inference(
            "Classify a review with a pipeline",
            "sentiment-analysis",
            f"{steps.HUB_USER}/{OUTPUT_DIR}",
            text="This was a masterpiece. Not completely faithful to the books, but enthralling from beginning to end. Might be my favorite of the three.",
        ),
        steps.manual_inference(
            "Classify a review by hand",
            MODEL_CLASS,
            OUTPUT_DIR,
            prediction="""\
predicted_class_id = logits.argmax().item()
model.config.id2label[predicted_class_id]
""",
            observation=Observation("predicted-label", "model.config.id2label[predicted_class_id]"),
        ),
    ),
)
