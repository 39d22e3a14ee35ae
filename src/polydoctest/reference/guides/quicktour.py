"""The quicktour: pipelines (sentiment, speech recognition, a chosen model), the Auto classes
step by step, saving and reloading, a custom configuration, and a short `Trainer` run."""

from __future__ import annotations

from polydoctest.reference.guides import steps
from polydoctest.reference.model import Guide, Observation, RefStep

HAPPY = "We are very happy to show you the 🤗 Transformers library."
HOPE = "We hope you don't hate it."
MULTILINGUAL = "nlptown/bert-base-multilingual-uncased-sentiment"

QUICKTOUR = Guide(
    id="quicktour",
    title="Quick tour",
    path_hints=("quicktour", "quick_tour"),
    steps=(
        RefStep(
            id="pipeline",
            title="Classify a sentence with a pipeline",
            code=f"""\
from transformers import pipeline

classifier = pipeline("sentiment-analysis")
classifier("{HAPPY}")
""",
            observations=(
                Observation("model", "classifier.model.name_or_path"),
                Observation("output", f"classifier({HAPPY!r})"),
            ),
        ),
        RefStep(
            id="pipeline-batch",
            title="Classify several sentences",
            code=f"""\
results = classifier(["{HAPPY}", "{HOPE}"])
for result in results:
    print(f"label: {{result['label']}}, with score: {{round(result['score'], 4)}}")
""",
            observations=(Observation("results", "results"),),
        ),
        RefStep(
            id="speech-pipeline",
            title="A speech recognition pipeline",
            code="""\
import torch
from transformers import pipeline

speech_recognizer = pipeline("automatic-speech-recognition", model="facebook/wav2vec2-base-960h")
""",
            observations=(
                Observation("model", "speech_recognizer.model.name_or_path"),
                Observation("sampling-rate", "speech_recognizer.feature_extractor.sampling_rate"),
            ),
        ),
        RefStep(
            id="load-audio",
            title="Load audio at the model's sampling rate",
            code="""\
from datasets import Audio, load_dataset

dataset = load_dataset("PolyAI/minds14", name="en-US", split="train", revision="refs/convert/parquet")
dataset = dataset.cast_column("audio", Audio(sampling_rate=speech_recognizer.feature_extractor.sampling_rate))
""",
            observations=(
                Observation("rows", "dataset.num_rows"),
                Observation("columns", "dataset.column_names"),
                Observation("audio", "repr(dataset.features['audio'])"),
            ),
        ),
        RefStep(
            id="transcribe",
            title="Transcribe the first recordings",
            code="""\
result = speech_recognizer(dataset[:4]["audio"])
print([d["text"] for d in result])
""",
            observations=(Observation("texts", "[d['text'] for d in result]"),),
        ),
        RefStep(
            id="pipeline-model",
            title="A pipeline with a chosen model and tokenizer",
            code=f"""\
from transformers import AutoModelForSequenceClassification, AutoTokenizer

model_name = "{MULTILINGUAL}"
model = AutoModelForSequenceClassification.from_pretrained(model_name)
tokenizer = AutoTokenizer.from_pretrained(model_name)
classifier = pipeline("sentiment-analysis", model=model, tokenizer=tokenizer)
classifier("Nous sommes très heureux de vous présenter la bibliothèque 🤗 Transformers.")
""",
            observations=(
                Observation("model", "classifier.model.name_or_path"),
                Observation(
                    "output", "classifier('Nous sommes très heureux de vous présenter la bibliothèque 🤗 Transformers.')"
                ),
            ),
        ),
        RefStep(
            id="tokenize",
            title="Tokenize a sentence",
            code=f"""\
from transformers import AutoTokenizer

model_name = "{MULTILINGUAL}"
tokenizer = AutoTokenizer.from_pretrained(model_name)
encoding = tokenizer("{HAPPY}")
print(encoding)
""",
            observations=(Observation("encoding", "encoding"),),
        ),
        RefStep(
            id="tokenize-batch",
            title="Tokenize a padded batch",
            code=f"""\
pt_batch = tokenizer(
    ["{HAPPY}", "{HOPE}"],
    padding=True,
    truncation=True,
    max_length=512,
    return_tensors="pt",
)
""",
            observations=(Observation("batch", "pt_batch"),),
        ),
        RefStep(
            id="model-forward",
            title="Run the model and turn logits into probabilities",
            code=f"""\
from torch import nn
from transformers import AutoModelForSequenceClassification

model_name = "{MULTILINGUAL}"
pt_model = AutoModelForSequenceClassification.from_pretrained(model_name)
pt_outputs = pt_model(**pt_batch)
pt_predictions = nn.functional.softmax(pt_outputs.logits, dim=-1)
print(pt_predictions)
""",
            observations=(Observation("logits", "pt_outputs.logits"), Observation("probabilities", "pt_predictions")),
        ),
        RefStep(
            id="save",
            title="Save the model and tokenizer",
            code="""\
pt_save_directory = "./pt_save_pretrained"
tokenizer.save_pretrained(pt_save_directory)
pt_model.save_pretrained(pt_save_directory)
""",
            observations=(Observation("files", "sorted(os.listdir(pt_save_directory))"),),
        ),
        RefStep(
            id="load-saved",
            title="Load the saved model",
            code="""\
pt_model = AutoModelForSequenceClassification.from_pretrained("./pt_save_pretrained")
""",
            observations=(Observation("weights", "state_digest(pt_model)"),),
        ),
        RefStep(
            id="custom-config",
            title="A model from a custom configuration",
            code="""\
from transformers import AutoConfig, AutoModel

my_config = AutoConfig.from_pretrained("distilbert/distilbert-base-uncased", n_heads=12)
my_model = AutoModel.from_config(my_config)
""",
            observations=(
                Observation("heads", "my_config.n_heads"),
                Observation("class", "type(my_model).__name__"),
                Observation("weights", "state_digest(my_model)"),
            ),
        ),
        RefStep(
            id="trainer-model",
            title="The model to train",
            code="""\
from transformers import AutoModelForSequenceClassification

model = AutoModelForSequenceClassification.from_pretrained("distilbert/distilbert-base-uncased")
""",
            observations=(Observation("class", "type(model).__name__"), Observation("weights", "state_digest(model)")),
        ),
        steps.training_args(
            output_dir='"path/to/save/folder/"',
            learning_rate="2e-5",
            per_device_train_batch_size="8",
            per_device_eval_batch_size="8",
            num_train_epochs="2",
        ),
        RefStep(
            id="preprocessor",
            title="The tokenizer for training",
            code="""\
from transformers import AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained("distilbert/distilbert-base-uncased")
""",
            observations=(Observation("class", "type(tokenizer).__name__"), Observation("vocabulary", "len(tokenizer)")),
        ),
        RefStep(
            id="training-dataset",
            title="Load the training dataset",
            code="""\
from datasets import load_dataset

dataset = load_dataset("rotten_tomatoes")
""",
            observations=(Observation("splits", "{name: split.num_rows for name, split in dataset.items()}"),),
        ),
        RefStep(
            id="tokenize-dataset",
            title="Tokenize the dataset",
            code="""\
def tokenize_dataset(dataset):
    return tokenizer(dataset["text"])


dataset = dataset.map(tokenize_dataset, batched=True)
""",
            observations=(
                Observation("columns", "dataset['train'].column_names"),
                Observation("first-input-ids", "dataset['train'][0]['input_ids']"),
            ),
        ),
        steps.collator("DataCollatorWithPadding", "dataset", ("input_ids", "attention_mask", "label")),
        steps.train("dataset", compute_metrics=False, checkpoints=False),
    ),
)
