"""Extractive question answering (`tasks/question_answering`): fine-tune DistilBERT on part of
SQuAD to point at the answer's first and last tokens, push it, answer a question with a
pipeline and by hand."""

from __future__ import annotations

from polydoctest.reference.guides import steps
from polydoctest.reference.model import Guide, Observation, RefStep

# The guide loads its model back from the folder the trainer saved, not from the Hub.
OUTPUT_DIR = "my_awesome_qa_model"

QUESTION_ANSWERING = Guide(
    id="question-answering",
    title="Question answering",
    path_hints=("question_answering",),
    steps=(
        steps.LOGIN,
        steps.load_dataset(
            "Load the first 5000 SQuAD questions and split them",
            "squad",
            '"squad", split="train[:5000]"',
            example_split="train",
            split="squad.train_test_split(test_size=0.2)",
        ),
        RefStep(
            id="tokenize",
            title="Tokenize and label the answer's start and end tokens",
            code="""\
from transformers import AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained("distilbert/distilbert-base-uncased")


def preprocess_function(examples):
    questions = [q.strip() for q in examples["question"]]
    inputs = tokenizer(
        questions,
        examples["context"],
        max_length=384,
        truncation="only_second",
        return_offsets_mapping=True,
        padding="max_length",
    )

    offset_mapping = inputs.pop("offset_mapping")
    answers = examples["answers"]
    start_positions = []
    end_positions = []

    for i, offset in enumerate(offset_mapping):
        answer = answers[i]
        start_char = answer["answer_start"][0]
        end_char = answer["answer_start"][0] + len(answer["text"][0])
        sequence_ids = inputs.sequence_ids(i)

        idx = 0
        while sequence_ids[idx] != 1:
            idx += 1
        context_start = idx
        while sequence_ids[idx] == 1:
            idx += 1
        context_end = idx - 1

        if offset[context_start][0] > end_char or offset[context_end][1] < start_char:
            start_positions.append(0)
            end_positions.append(0)
        else:
            idx = context_start
            while idx <= context_end and offset[idx][0] <= start_char:
                idx += 1
            start_positions.append(idx - 1)

            idx = context_end
            while idx >= context_start and offset[idx][1] >= end_char:
                idx -= 1
            end_positions.append(idx + 1)

    inputs["start_positions"] = start_positions
    inputs["end_positions"] = end_positions
    return inputs


tokenized_squad = squad.map(preprocess_function, batched=True, remove_columns=squad["train"].column_names)
""",
            observations=(
                Observation("columns", "tokenized_squad['train'].column_names"),
                Observation("first-input-ids", "tokenized_squad['train'][0]['input_ids']"),
                Observation(
                    "answer-positions",
                    "list(zip(tokenized_squad['train']['start_positions'], tokenized_squad['train']['end_positions']))",
                ),
            ),
        ),
        steps.collator(
            "DefaultDataCollator",
            "tokenized_squad",
            ("input_ids", "attention_mask", "start_positions", "end_positions"),
            title="Batch the padded examples",
            arguments="",
        ),
        steps.pretrained_model("AutoModelForQuestionAnswering", f'"{steps.BASE_MODEL}"'),
        steps.training_args(
            output_dir=f'"{OUTPUT_DIR}"',
            eval_strategy='"epoch"',
            learning_rate="2e-5",
            per_device_train_batch_size="16",
            per_device_eval_batch_size="16",
            num_train_epochs="3",
            weight_decay="0.01",
            push_to_hub="True",
        ),
        steps.train("tokenized_squad", compute_metrics=False, checkpoints=False),
        steps.PUSH,
        steps.example_input(
            "The question and its context",
            question="How many programming languages does BLOOM support?",
            context="BLOOM has 176 billion parameters and can generate text in 46 languages natural languages and 13 programming languages.",
        ),
        steps.pipeline_inference(
            "Answer with a pipeline",
            "question-answering",
            OUTPUT_DIR,
            name="question_answerer",
            call="question=question, context=context",
        ),
        RefStep(
            id="manual-inference",
            title="Answer by hand",
            code=f"""\
import torch
from transformers import AutoModelForQuestionAnswering, AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained("{OUTPUT_DIR}")
inputs = tokenizer(question, context, return_tensors="pt")

model = AutoModelForQuestionAnswering.from_pretrained("{OUTPUT_DIR}")
with torch.no_grad():
    outputs = model(**inputs)

answer_start_index = outputs.start_logits.argmax()
answer_end_index = outputs.end_logits.argmax()
predict_answer_tokens = inputs.input_ids[0, answer_start_index : answer_end_index + 1]
tokenizer.decode(predict_answer_tokens)
""",
            observations=(
                Observation("input-ids", "inputs['input_ids']"),
                Observation("start-logits", "outputs.start_logits"),
                Observation("end-logits", "outputs.end_logits"),
                Observation("answer", "tokenizer.decode(predict_answer_tokens)"),
            ),
            needs=("push",),
        ),
    ),
)
