"""Masked language modeling (`tasks/masked_language_modeling`): fine-tune DistilRoBERTa on blocks
of ELI5 answers with 15 % of the tokens masked, report the perplexity, push it, fill a mask with
a pipeline and by hand."""

from __future__ import annotations

from polydoctest.reference.guides import steps
from polydoctest.reference.model import Guide, Observation, RefStep

CHECKPOINT = "distilbert/distilroberta-base"
REPO = f"{steps.HUB_USER}/my_awesome_eli5_mlm_model"

MASKED_LANGUAGE_MODELING = Guide(
    id="masked-language-modeling",
    title="Masked language modeling",
    path_hints=("masked_language_modeling",),
    steps=(
        steps.LOGIN,
        steps.ELI5,
        steps.eli5_tokenize(CHECKPOINT),
        steps.group_texts(labels=False),
        steps.collator(
            "DataCollatorForLanguageModeling",
            "lm_dataset",
            ("input_ids", "attention_mask"),
            title="Mask tokens at random in each batch",
            arguments="tokenizer=tokenizer, mlm_probability=0.15",
            before="tokenizer.pad_token = tokenizer.eos_token\n",
        ),
        steps.pretrained_model("AutoModelForMaskedLM", f'"{CHECKPOINT}"'),
        steps.training_args(
            output_dir='"my_awesome_eli5_mlm_model"',
            eval_strategy='"epoch"',
            learning_rate="2e-5",
            num_train_epochs="3",
            weight_decay="0.01",
            push_to_hub="True",
        ),
        steps.train("lm_dataset", compute_metrics=False, checkpoints=False),
        steps.PERPLEXITY,
        steps.PUSH,
        steps.example_input("The text with a mask", text="The Milky Way is a <mask> galaxy."),
        steps.pipeline_inference(
            "Fill the mask with a pipeline", "fill-mask", REPO, name="mask_filler", call="text, top_k=3", model_keyword=False
        ),
        RefStep(
            id="manual-inference",
            title="Fill the mask by hand",
            code=f"""\
import torch
from transformers import AutoModelForMaskedLM, AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained("{REPO}")
inputs = tokenizer(text, return_tensors="pt")
mask_token_index = torch.where(inputs["input_ids"] == tokenizer.mask_token_id)[1]

model = AutoModelForMaskedLM.from_pretrained("{REPO}")
logits = model(**inputs).logits
mask_token_logits = logits[0, mask_token_index, :]
top_3_tokens = torch.topk(mask_token_logits, 3, dim=1).indices[0].tolist()

for token in top_3_tokens:
    print(text.replace(tokenizer.mask_token, tokenizer.decode([token])))
""",
            observations=(
                Observation("input-ids", "inputs['input_ids']"),
                Observation("mask-index", "mask_token_index"),
                Observation("top-tokens", "top_3_tokens"),
                Observation("filled", "[text.replace(tokenizer.mask_token, tokenizer.decode([token])) for token in top_3_tokens]"),
            ),
            needs=("push",),
        ),
    ),
)
