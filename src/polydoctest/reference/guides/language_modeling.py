"""Causal language modeling (`tasks/language_modeling`): fine-tune DistilGPT2 on blocks of ELI5
answers, report the perplexity, push it, continue a prompt with a pipeline and by hand."""

from __future__ import annotations

from polydoctest.reference.guides import steps
from polydoctest.reference.model import Guide

CHECKPOINT = "distilbert/distilgpt2"
MODEL_CLASS = "AutoModelForCausalLM"
REPO = f"{steps.HUB_USER}/my_awesome_eli5_clm-model"

LANGUAGE_MODELING = Guide(
    id="language-modeling",
    title="Causal language modeling",
    path_hints=("language_modeling",),
    steps=(
        steps.LOGIN,
        steps.ELI5,
        steps.eli5_tokenize(CHECKPOINT),
        steps.group_texts(labels=True),
        steps.collator(
            "DataCollatorForLanguageModeling",
            "lm_dataset",
            ("input_ids", "attention_mask", "labels"),
            title="Pad with the end-of-sequence token, labels from the inputs",
            arguments="tokenizer=tokenizer, mlm=False",
            before="tokenizer.pad_token = tokenizer.eos_token\n",
        ),
        steps.pretrained_model(MODEL_CLASS, f'"{CHECKPOINT}"'),
        steps.training_args(
            output_dir='"my_awesome_eli5_clm-model"',
            eval_strategy='"epoch"',
            learning_rate="2e-5",
            weight_decay="0.01",
            push_to_hub="True",
        ),
        steps.train("lm_dataset", compute_metrics=False, checkpoints=False),
        steps.PERPLEXITY,
        steps.PUSH,
        steps.example_input("The prompt", prompt="Somatic hypermutation allows the immune system to"),
        steps.pipeline_inference("Continue the prompt with a pipeline", "text-generation", REPO, name="generator", call="prompt"),
        steps.generate_inference(
            "Continue the prompt by hand",
            MODEL_CLASS,
            REPO,
            "prompt",
            generate="max_new_tokens=100, do_sample=True, top_k=50, top_p=0.95",
            decode="tokenizer.batch_decode(outputs, skip_special_tokens=True)",
        ),
    ),
)
