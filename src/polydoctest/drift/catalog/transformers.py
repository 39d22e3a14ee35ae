"""transformers drift, one rule per row of the measured facts (shared/notes/api-drift.md).

Where the notes give "4.x" as the deprecation release, `deprecated_in` is 4.57: the 4.57.6
wheel was checked to warn about every such form, and no earlier release is claimed.
"""

from __future__ import annotations

from ..patterns import (
    AttributeRead,
    ChatTemplateIds,
    ChatTemplateListsUnpacked,
    ColumnPassedToCall,
    CountAbove,
    HubId,
    ImportedName,
    InstanceAttribute,
    KeywordArg,
    KeywordInDict,
    MethodCall,
    MethodOverride,
    MissingKeyword,
    ModuleAttribute,
    KeywordsPassed,
    NameUse,
    PipelineKeyword,
    PipelineResultKey,
    PipelineTask,
    PositionalArg,
    ProcessorAttribute,
    ProcessorKeyword,
    PromptsFirst,
    StringLiteral,
)
from ..rules import ALWAYS, EVERY_RELEASE, Rule
from ..tensorflow import TensorFlowCode
from ..transforms import (
    AddKeyword,
    AddParameter,
    AttributeOrDefault,
    AudioAsArrays,
    CallFunctionInstead,
    CallReceiver,
    ClassByModelFamily,
    DefineInstead,
    DropKeyword,
    EnvironmentInstead,
    FloatValue,
    GenerationConfigFrom,
    IndexResult,
    KeyAsArgument,
    MapFlag,
    MoveImport,
    QuantizationConfig,
    RenameAttribute,
    RenameKeyword,
    RenameName,
    RenameString,
    ReplaceArgument,
    ReplaceExpression,
    ScaleCounts,
    TextTarget,
    ThroughFunction,
    TokenizerCall,
)
from .hub_ids import LEGACY_MODEL_IDS
from .trl import TRL_CONFIGS

TRAINING_ARGUMENTS = frozenset({"TrainingArguments", "Seq2SeqTrainingArguments"})
TRAINERS = frozenset({"Trainer", "Seq2SeqTrainer"})
# Stand-ins learn nothing from a long run: a page's `max_steps` above this budget is cut to it,
# so a guide's training ends within a step's time limit on the CPU.
TRAINING_STEP_BUDGET = 10
# The counts a training config measures in steps: checkpoints, evaluations, logs and warm-up
# keep their place relative to `max_steps` when it is cut.
STEP_COUNTS = ("save_steps", "eval_steps", "logging_steps", "warmup_steps")
HUB_CALLS = frozenset({"from_pretrained", "pipeline", "push_to_hub", "save_pretrained"})
VISION_FEATURE_EXTRACTORS = {
    f"{prefix}FeatureExtractor": f"{prefix}ImageProcessor"
    for prefix in (
        "Beit", "CLIP", "ChineseCLIP", "ConditionalDetr", "ConvNext", "DPT", "DeformableDetr",
        "DeiT", "Detr", "Donut", "Flava", "GLPN", "ImageGPT", "LayoutLMv2", "LayoutLMv3", "Levit",
        "MaskFormer", "MobileNetV1", "MobileNetV2", "MobileViT", "OwlViT", "Perceiver",
        "PoolFormer", "Segformer", "ViT", "VideoMAE", "Vilt", "Yolos",
    )
}  # fmt: skip
# The generation settings transformers 4 configs took from `from_pretrained` keywords
# (PretrainedConfig._get_global_generation_defaults); transformers 5 configs refuse them.
GENERATION_KEYWORDS = frozenset({
    "max_length", "min_length", "do_sample", "early_stopping", "num_beams", "temperature", "top_k", "top_p",
    "typical_p", "repetition_penalty", "length_penalty", "no_repeat_ngram_size", "encoder_no_repeat_ngram_size",
    "bad_words_ids", "num_return_sequences", "output_scores", "return_dict_in_generate", "forced_bos_token_id",
    "forced_eos_token_id", "remove_invalid_values", "exponential_decay_length_penalty", "suppress_tokens",
    "begin_suppress_tokens", "num_beam_groups", "diversity_penalty",
})  # fmt: skip
# The classes an image processor is loaded with (`AutoImageProcessor`, `DetrImageProcessor`,
# `ViTImageProcessorFast`): patterns their names match in full. `(?!)` matches no repo name.
IMAGE_PROCESSORS = frozenset({r"\w*ImageProcessor\w*"})
NO_FAMILY = r"(?!)"
# A model class's name (`AutoModelForSeq2SeqLM`, `BartForConditionalGeneration`, `GPT2LMHeadModel`),
# not a config's, tokenizer's or processor's.
MODEL_CLASS = r"\w*(?:Model|For[A-Z]\w*)"
QUANTIZATION_CONFIGS = frozenset({
    "BitsAndBytesConfig", "GPTQConfig", "AwqConfig", "QuantoConfig", "HqqConfig", "TorchAoConfig", "EetqConfig",
    "FbgemmFp8Config", "CompressedTensorsConfig", "HiggsConfig", "VptqConfig", "QuarkConfig", "FineGrainedFP8Config",
})  # fmt: skip
# AutoModelWithLMHead's successor by model family, matched on the checkpoint name.
LM_HEAD_FAMILIES = (
    (("distilgpt2", "gpt", "openai-gpt", "ctrl", "opt-", "bloom", "llama", "falcon", "pythia", "codegen", "xlnet", "transfo-xl", "qwen", "smollm"), "AutoModelForCausalLM"),
    (("t5", "mt5", "flan-t5", "bart", "mbart", "opus-mt", "marian", "pegasus", "blenderbot", "led-", "m2m100", "nllb"), "AutoModelForSeq2SeqLM"),
    (("bert", "distilbert", "roberta", "distilroberta", "xlm-roberta", "albert", "electra", "camembert", "deberta", "flaubert", "mpnet", "longformer", "funnel", "xlm-"), "AutoModelForMaskedLM"),
)  # fmt: skip


def _training_argument(id: str, old: str, rewrite, message: str, **versions) -> Rule:
    return Rule(
        id=f"transformers.{id}",
        library="transformers",
        description=f"`{old}=` passed to TrainingArguments / Seq2SeqTrainingArguments",
        pattern=KeywordArg(TRAINING_ARGUMENTS, frozenset({old})),
        rewrite=rewrite,
        message=message,
        **versions,
    )


def _pipeline_task(id: str, tasks: set[str], message: str, removed_in: str, rewrite=None, prefixes=(), **versions) -> Rule:
    return Rule(
        id=f"transformers.{id}",
        library="transformers",
        description=f"`pipeline(task)` for {', '.join(sorted(tasks) + [p + '*' for p in prefixes])}",
        pattern=PipelineTask(frozenset(tasks), tuple(prefixes)),
        rewrite=rewrite,
        message=message,
        removed_in=removed_in,
        **versions,
    )


RULES = (
    _training_argument(
        "eval-strategy", "evaluation_strategy", RenameKeyword("eval_strategy"),
        "`evaluation_strategy` was renamed `eval_strategy` in transformers 4.41 and removed in 4.51",
        deprecated_in="4.41", removed_in="4.51", new_form_from="4.41",
    ),
    Rule(
        id="transformers.trainer-tokenizer",
        library="transformers",
        description="`tokenizer=` passed to Trainer / Seq2SeqTrainer (not to data collators or callbacks)",
        pattern=KeywordArg(TRAINERS, frozenset({"tokenizer"})),
        rewrite=RenameKeyword("processing_class"),
        message="`Trainer(tokenizer=...)` was renamed `processing_class=` in transformers 4.46 and removed in 5.0",
        deprecated_in="4.46", removed_in="5.0", new_form_from="4.46",
    ),
    Rule(
        id="transformers.trainer-tokenizer-attribute",
        library="transformers",
        description="`trainer.tokenizer` on a Trainer the same step creates (or `self.tokenizer` in a Trainer subclass)",
        pattern=InstanceAttribute(TRAINERS, "tokenizer"),
        rewrite=RenameAttribute("processing_class"),
        message="`trainer.tokenizer` was renamed `trainer.processing_class` in transformers 4.46 and removed in 5.0",
        deprecated_in="4.46", removed_in="5.0", new_form_from="4.46",
    ),
    Rule(
        id="transformers.tensorflow",
        library="transformers",
        description="TensorFlow code: TF* classes, Keras helpers and callbacks, tf.data datasets, return_tensors='tf'",
        pattern=TensorFlowCode(),
        rewrite=None,
        message="TensorFlow support was deprecated in transformers 4.53 and removed in 5.0 ({what}): use the PyTorch version of this step",
        deprecated_in="4.53", removed_in="5.0",
    ),
    Rule(
        id="transformers.from-tf-flax",
        library="transformers",
        description="`from_pretrained(from_tf=...)` / `from_pretrained(from_flax=...)`",
        pattern=KeywordArg(frozenset({"from_pretrained"}), frozenset({"from_tf", "from_flax"})),
        rewrite=DropKeyword(),
        message="`{keyword}=` is silently ignored since transformers 5.0, which loads PyTorch weights only",
        removed_in="5.0",
    ),
    Rule(
        id="doc-defect.from-pt",
        library="transformers",
        description="`from_pretrained(from_pt=...)`: TensorFlow's argument, on a PyTorch class",
        pattern=KeywordArg(frozenset({"from_pretrained"}), frozenset({"from_pt"})),
        rewrite=DropKeyword(),
        message=(
            "`from_pt=` told a TensorFlow class (TFAutoModel...) to load PyTorch weights; no release of a PyTorch "
            "class's `from_pretrained` takes it (the page uses the TensorFlow tab's argument): drop it"
        ),
        removed_in=ALWAYS,
    ),
    Rule(
        id="transformers.generation-keywords",
        library="transformers",
        description="generation settings (`forced_bos_token_id=`, `num_beams=`, ...) passed to `from_pretrained`",
        pattern=KeywordsPassed(frozenset({"from_pretrained"}), GENERATION_KEYWORDS, MODEL_CLASS),
        rewrite=GenerationConfigFrom(GENERATION_KEYWORDS),
        message=(
            "since transformers 5.0 a model config no longer takes generation settings ({keywords}), and "
            "`from_pretrained` hands them to the model, which refuses them: pass "
            "`generation_config=GenerationConfig.from_pretrained(repo, ...)`"
        ),
        removed_in="5.0",
    ),
    Rule(
        id="doc-defect.quantization-config-positional",
        library="transformers",
        description="`from_pretrained(repo, BitsAndBytesConfig(...))`: a quantization config passed positionally",
        pattern=PositionalArg(frozenset({"from_pretrained"}), 1, QUANTIZATION_CONFIGS),
        rewrite=RenameKeyword("quantization_config"),
        message=(
            "`from_pretrained` hands positional arguments after the repo to the model's constructor, which refuses "
            "`{value}(...)` on every release: pass it as `quantization_config=`"
        ),
        removed_in=ALWAYS,
    ),
    Rule(
        id="doc-defect.int8-threshold-float",
        library="transformers",
        description="`BitsAndBytesConfig(llm_int8_threshold=<int>)`",
        pattern=CountAbove(frozenset({"BitsAndBytesConfig"}), "llm_int8_threshold", -1),
        rewrite=FloatValue("llm_int8_threshold"),
        message="`BitsAndBytesConfig` checks that `llm_int8_threshold` is a float and refuses an integer on every release: write it as a float",
        removed_in=ALWAYS,
    ),
    Rule(
        id="transformers.awq-exllama-version",
        library="transformers",
        description='`AwqConfig(version="exllama")`',
        pattern=KeywordArg(frozenset({"AwqConfig"}), frozenset({"version"}), frozenset({"exllama"})),
        rewrite=ReplaceArgument("backend", '"exllama_v2"'),
        message=(
            '`AwqConfig(version=)` names the checkpoint format since transformers 5.0, and ExLlama became a backend: '
            '`version="exllama"` (ExLlama v2 kernels by default in 4.x) is `backend="exllama_v2"`'
        ),
        removed_in="5.0",
    ),
    Rule(
        id="transformers.timm-backbone-positional",
        library="transformers",
        description='`TimmBackboneConfig("resnet50", ...)`: the backbone name passed positionally',
        pattern=PositionalArg(frozenset({"TimmBackboneConfig"}), 0),
        rewrite=RenameKeyword("backbone"),
        message="configs accept only keyword arguments in transformers 5.23 (5.0 still took the backbone name positionally): pass `backbone=`",
        removed_in="5.23",
    ),
    Rule(
        id="transformers.flax",
        library="transformers",
        description="Flax classes (`FlaxAutoModelForCausalLM`, `FlaxBertModel`, ...)",
        pattern=NameUse(frozenset(), r"Flax[A-Z]\w+"),
        rewrite=None,
        message="Flax support was removed in transformers 5.0 (`{name}`): use the PyTorch version of this step",
        deprecated_in="4.53", removed_in="5.0",
    ),
    Rule(
        id="transformers.owlvit-post-process",
        library="transformers",
        description="`processor.post_process_object_detection(...)` on an OWL-ViT / OWLv2 processor",
        pattern=ProcessorAttribute(frozenset({"OwlViTProcessor", "Owlv2Processor"}), r"owl", "post_process_object_detection"),
        rewrite=RenameAttribute("post_process_grounded_object_detection"),
        message=(
            "the OWL-ViT processor's `post_process_object_detection` was removed in transformers 5.0: "
            "call `post_process_grounded_object_detection` (same arguments, plus `text_labels=`)"
        ),
        deprecated_in="4.57", removed_in="5.0", new_form_from="4.57",
    ),
    Rule(
        id="transformers.image-processor-batch-pad",
        library="transformers",
        description="`image_processor.pad(images, ...)` on an image processor: padding a batch",
        pattern=ProcessorAttribute(IMAGE_PROCESSORS, NO_FAMILY, "pad"),
        rewrite=None,
        message=(
            "`image_processor.pad` pads one image to a given size in transformers 5.23 (5.0 still padded a batch and "
            "returned its `pixel_mask`): the English guide now stacks same-size images with `torch.stack`"
        ),
        removed_in="5.23",
    ),
    Rule(
        id="transformers.image-processor-text",
        library="transformers",
        description="`image_processor(text=..., images=...)`: text given to an image processor",
        pattern=ProcessorKeyword(IMAGE_PROCESSORS, NO_FAMILY, "text"),
        rewrite=DropKeyword(),
        message=(
            "an image processor reads no text: transformers 5.0 ignored `text=`, 5.23 refuses it (the page may "
            "have copied a text-and-image processor's call): drop it"
        ),
        removed_in="5.23",
    ),
    Rule(
        id="transformers.grounding-dino-box-threshold",
        library="transformers",
        description="`post_process_grounded_object_detection(box_threshold=...)`",
        pattern=KeywordArg(frozenset({"post_process_grounded_object_detection"}), frozenset({"box_threshold"})),
        rewrite=RenameKeyword("threshold"),
        message="Grounding DINO's `box_threshold=` was renamed `threshold=` (transformers 4.46 has only the old name, 4.57 only the new)",
        removed_in="4.57", new_form_from="4.57",
    ),
    Rule(
        id="transformers.use-auth-token",
        library="transformers",
        description="`use_auth_token=` passed to from_pretrained, pipeline, push_to_hub or save_pretrained",
        pattern=KeywordArg(HUB_CALLS, frozenset({"use_auth_token"})),
        rewrite=RenameKeyword("token"),
        message="`use_auth_token=` was renamed `token=` in transformers 4.31 and removed in 5.0",
        deprecated_in="4.31", removed_in="5.0", new_form_from="4.31",
    ),
    _training_argument(
        "no-cuda", "no_cuda", RenameKeyword("use_cpu"),
        "`no_cuda=` was renamed `use_cpu=` in transformers 4.32 and removed in 5.0",
        deprecated_in="4.32", removed_in="5.0", new_form_from="4.32",
    ),
    _training_argument(
        "overwrite-output-dir", "overwrite_output_dir", DropKeyword(),
        "`overwrite_output_dir=` was removed in transformers 5.0: drop it",
        removed_in="5.0",
    ),
    _training_argument(
        "logging-dir", "logging_dir", EnvironmentInstead("TENSORBOARD_LOGGING_DIR"),
        "`logging_dir=` was deprecated in transformers 5.0 and removed in 5.15: set the TENSORBOARD_LOGGING_DIR environment variable",
        deprecated_in="5.0", removed_in="5.15", new_form_from="5.0",
    ),
    _training_argument(
        "warmup-ratio", "warmup_ratio", RenameKeyword("warmup_steps"),
        "`warmup_ratio=` was deprecated in transformers 5.0 and removed in 5.15: `warmup_steps=` takes the ratio as a float",
        deprecated_in="5.0", removed_in="5.15", new_form_from="5.0",
    ),
    _training_argument(
        "group-by-length", "group_by_length", MapFlag("train_sampling_strategy", '"group_by_length"'),
        '`group_by_length=True` was replaced by `train_sampling_strategy="group_by_length"` in transformers 5.2',
        removed_in="5.2", new_form_from="5.2",
    ),
    _training_argument(
        "gradient-checkpointing", "gradient_checkpointing", RenameKeyword("activation_checkpointing"),
        "`gradient_checkpointing=` was renamed `activation_checkpointing=` in transformers 5.23",
        deprecated_in="5.23", new_form_from="5.23",
    ),
    _training_argument(
        "push-to-hub-token", "push_to_hub_token", RenameKeyword("hub_token"),
        "`push_to_hub_token=` was replaced by `hub_token=` and removed in transformers 5.0",
        deprecated_in="4.57", removed_in="5.0",
    ),
    _training_argument(
        "push-to-hub-model-id", "push_to_hub_model_id", RenameKeyword("hub_model_id"),
        "`push_to_hub_model_id=` was replaced by `hub_model_id=` and removed in transformers 5.0",
        deprecated_in="4.57", removed_in="5.0",
    ),
    _training_argument(
        "push-to-hub-organization", "push_to_hub_organization", None,
        '`push_to_hub_organization=` was removed in transformers 5.0: write `hub_model_id="organization/name"`',
        deprecated_in="4.57", removed_in="5.0",
    ),
    _training_argument(
        "per-gpu-train-batch-size", "per_gpu_train_batch_size", RenameKeyword("per_device_train_batch_size"),
        "`per_gpu_train_batch_size=` was replaced by `per_device_train_batch_size=` and removed in transformers 5.0",
        deprecated_in="4.57", removed_in="5.0",
    ),
    _training_argument(
        "per-gpu-eval-batch-size", "per_gpu_eval_batch_size", RenameKeyword("per_device_eval_batch_size"),
        "`per_gpu_eval_batch_size=` was replaced by `per_device_eval_batch_size=` and removed in transformers 5.0",
        deprecated_in="4.57", removed_in="5.0",
    ),
    _training_argument(
        "include-inputs-for-metrics", "include_inputs_for_metrics", MapFlag("include_for_metrics", '["inputs"]'),
        '`include_inputs_for_metrics=True` was replaced by `include_for_metrics=["inputs"]` and removed in transformers 5.0',
        deprecated_in="4.57", removed_in="5.0",
    ),
    _training_argument(
        "use-mps-device", "use_mps_device", DropKeyword(),
        "`use_mps_device=` was removed in transformers 5.0: the MPS device is used when available",
        deprecated_in="4.57", removed_in="5.0",
    ),
    _training_argument(
        "fp16-backend", "fp16_backend", DropKeyword(),
        "`fp16_backend=` was removed in transformers 5.0 (and `half_precision_backend=` with it): drop it",
        deprecated_in="4.57", removed_in="5.0",
    ),
    _training_argument(
        "save-safetensors", "save_safetensors", DropKeyword(),
        "`save_safetensors=` was removed in transformers 5.0, which always saves safetensors",
        deprecated_in="4.57", removed_in="5.0",
    ),
    _training_argument(
        "adafactor", "adafactor", MapFlag("optim", '"adafactor"'),
        '`adafactor=True` was replaced by `optim="adafactor"` and removed in transformers 5.0',
        deprecated_in="4.57", removed_in="5.0",
    ),
    Rule(
        id="transformers.optim-adamw-hf",
        library="transformers",
        description='`optim="adamw_hf"` passed to TrainingArguments',
        pattern=KeywordArg(TRAINING_ARGUMENTS, frozenset({"optim"}), frozenset({"adamw_hf"})),
        rewrite=RenameString("adamw_torch"),
        message='`optim="adamw_hf"` was removed in transformers 4.50: use `optim="adamw_torch"`',
        removed_in="4.50",
    ),
    Rule(
        id="transformers.report-to-none",
        library="transformers",
        description="TrainingArguments without `report_to=` (transformers 4.x reports to every installed tracker)",
        pattern=MissingKeyword(TRAINING_ARGUMENTS, "report_to"),
        rewrite=AddKeyword("report_to", '"none"'),
        message='polydoctest adds `report_to="none"` before transformers 5.0 (whose default reports to every installed tracker) so no tracker reaches the network',
        applies_before="5.0",
    ),
    Rule(
        id="transformers.bf16-on-cpu",
        library="transformers",
        description="`bf16=` passed to TrainingArguments (refused without a GPU that supports it)",
        pattern=KeywordArg(TRAINING_ARGUMENTS, frozenset({"bf16"})),
        rewrite=DropKeyword(),
        message="polydoctest trains on the CPU, where TrainingArguments refuses `bf16=True`: the run leaves it out",
        applies_before=EVERY_RELEASE,
    ),
    Rule(
        id="transformers.tf32-on-cpu",
        library="transformers",
        description="`tf32=` passed to TrainingArguments (refused without an Ampere or newer NVIDIA GPU)",
        pattern=KeywordArg(TRAINING_ARGUMENTS, frozenset({"tf32"})),
        rewrite=DropKeyword(),
        message="polydoctest trains on the CPU, where TrainingArguments refuses `tf32=True` (an Ampere GPU's matmul mode): the run leaves it out",
        applies_before=EVERY_RELEASE,
    ),
    Rule(
        id="transformers.device-map-one-device",
        library="transformers",
        description="`model.hf_device_map` read (transformers 5 sets it only on a model dispatched over several devices)",
        pattern=AttributeRead("hf_device_map"),
        rewrite=AttributeOrDefault('{{"": str({receiver}.device)}}'),
        message=(
            "transformers 5 sets `hf_device_map` only on a model that `device_map` dispatched over several devices; "
            'polydoctest runs on one (the CPU), so the read falls back to `{{"": "cpu"}}`, the map transformers 4 gave'
        ),
        applies_from="5.0",
        applies_before=EVERY_RELEASE,
    ),
    Rule(
        id="transformers.safetensors-index",
        library="transformers",
        description='`"pytorch_model.bin.index.json"`: the index of a checkpoint that `save_pretrained` shards',
        pattern=StringLiteral(frozenset({"pytorch_model.bin.index.json"})),
        rewrite=RenameString("model.safetensors.index.json"),
        message="since transformers 4.35 `save_pretrained` writes safetensors: a sharded checkpoint's index is `model.safetensors.index.json`",
        removed_in="4.35",
    ),
    Rule(
        id="transformers.shard-size",
        library="transformers",
        description="`max_shard_size=` given to `save_pretrained` / `push_to_hub` (a stand-in fits in one shard of any size a page gives)",
        pattern=KeywordArg(frozenset({"save_pretrained", "push_to_hub"}), frozenset({"max_shard_size"})),
        rewrite=ThroughFunction("stand_in_shard_size", "from polydoctest.fixtures.shards import stand_in_shard_size"),
        message=(
            "polydoctest's stand-in is far smaller than the model it stands for: the run splits it into as many shards "
            "as `{keyword}` would split the full-size model, at a share of its size (the step's notes give the value)"
        ),
        applies_before=EVERY_RELEASE,
    ),
    Rule(
        id="transformers.training-budget",
        library="transformers",
        description=f"`max_steps=` above {TRAINING_STEP_BUDGET} passed to TrainingArguments or a trl config",
        pattern=CountAbove(TRAINING_ARGUMENTS | TRL_CONFIGS, "max_steps", TRAINING_STEP_BUDGET, STEP_COUNTS),
        rewrite=ScaleCounts("max_steps", TRAINING_STEP_BUDGET, STEP_COUNTS),
        message=(
            f"polydoctest trains its tiny stand-in models for at most {TRAINING_STEP_BUDGET} steps: the page's "
            "{counts} are scaled by the same factor (at least 1), so checkpoints and evaluations still happen"
        ),
        applies_before=EVERY_RELEASE,
    ),
    Rule(
        id="transformers.pipeline-audio-decoder",
        library="transformers",
        description='`pipe(ds[:n]["audio"])`: datasets audio values passed to a pipeline',
        pattern=ColumnPassedToCall("audio"),
        rewrite=AudioAsArrays(),
        message=(
            "datasets 4.0 decodes audio to torchcodec AudioDecoder values, which pipelines accept "
            'from transformers 4.54: before that, polydoctest passes their `{"raw", "sampling_rate"}`'
        ),
        applies_before="4.54",
        companions=(("datasets", "4.0"),),
    ),
    Rule(
        id="transformers.compute-loss-num-items",
        library="transformers",
        description="a `compute_loss` override in a Trainer subclass without `num_items_in_batch`",
        pattern=MethodOverride(TRAINERS, "compute_loss", "num_items_in_batch"),
        rewrite=AddParameter("num_items_in_batch", "None"),
        message="since transformers 4.46 Trainer passes `num_items_in_batch` to `compute_loss`: the override must accept it",
        removed_in="4.46",
    ),
    Rule(
        id="transformers.automodel-with-lm-head",
        library="transformers",
        description="`AutoModelWithLMHead`",
        pattern=NameUse(frozenset({"AutoModelWithLMHead"})),
        rewrite=ClassByModelFamily(LM_HEAD_FAMILIES),
        message="`AutoModelWithLMHead` was removed in transformers 5.0: use AutoModelForCausalLM, AutoModelForMaskedLM or AutoModelForSeq2SeqLM",
        deprecated_in="4.0", removed_in="5.0",
    ),
    Rule(
        id="transformers.automodel-for-vision2seq",
        library="transformers",
        description="`AutoModelForVision2Seq`",
        pattern=NameUse(frozenset({"AutoModelForVision2Seq"})),
        rewrite=RenameName({"AutoModelForVision2Seq": "AutoModelForImageTextToText"}),
        message="`AutoModelForVision2Seq` was replaced by `AutoModelForImageTextToText` (transformers 4.47) and removed in 5.0",
        deprecated_in="4.57", removed_in="5.0", new_form_from="4.47",
    ),
    Rule(
        id="transformers.adamw-import",
        library="transformers",
        description="`from transformers import AdamW`",
        pattern=ImportedName("transformers", frozenset({"AdamW"})),
        rewrite=MoveImport("torch.optim"),
        message="transformers' `AdamW` was removed in 4.50: import it from `torch.optim`",
        removed_in="4.50",
    ),
    Rule(
        id="transformers.adamw-attribute",
        library="transformers",
        description="`transformers.AdamW`",
        pattern=ModuleAttribute("transformers", frozenset({"AdamW"})),
        rewrite=ReplaceExpression("torch.optim.AdamW", "import torch"),
        message="`transformers.AdamW` was removed in 4.50: use `torch.optim.AdamW`",
        removed_in="4.50",
    ),
    Rule(
        id="transformers.infer-device",
        library="transformers",
        description="`from transformers import infer_device`",
        pattern=ImportedName("transformers", frozenset({"infer_device"})),
        rewrite=DefineInstead(
            'import torch; infer_device = lambda: torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"'
        ),
        message="`transformers.infer_device` was removed in 5.0: ask `torch.accelerator` for the device (\"cpu\" when there is none)",
        removed_in="5.0",
    ),
    Rule(
        id="transformers.encode-plus",
        library="transformers",
        description="`tokenizer.encode_plus(...)` / `tokenizer.batch_encode_plus(...)`",
        pattern=MethodCall(frozenset({"encode_plus", "batch_encode_plus"})),
        rewrite=CallReceiver(),
        message="`tokenizer.{method}(...)` was removed in transformers 5.0: call `tokenizer(...)`",
        deprecated_in="4.57", removed_in="5.0",
    ),
    Rule(
        id="transformers.as-target-tokenizer",
        library="transformers",
        description="`with tokenizer.as_target_tokenizer():`",
        pattern=MethodCall(frozenset({"as_target_tokenizer"}), context_manager=True),
        rewrite=TextTarget(),
        message="`as_target_tokenizer()` was removed in transformers 5.0: pass the targets as `tokenizer(text_target=...)`",
        deprecated_in="4.57", removed_in="5.0", new_form_from="4.22",
    ),
    Rule(
        id="transformers.prepare-seq2seq-batch",
        library="transformers",
        description="`tokenizer.prepare_seq2seq_batch(...)`",
        pattern=MethodCall(frozenset({"prepare_seq2seq_batch"})),
        rewrite=TokenizerCall(),
        message="`prepare_seq2seq_batch` was removed in transformers 5.0: call `tokenizer(texts, text_target=targets)`",
        deprecated_in="4.57", removed_in="5.0", new_form_from="4.22",
    ),
    Rule(
        id="transformers.chat-template-ids",
        library="transformers",
        description="`apply_chat_template(...)` (tokenized) used as a list of token ids",
        pattern=ChatTemplateIds(),
        rewrite=IndexResult("input_ids"),
        message='`apply_chat_template` returns a BatchEncoding since transformers 5.0: take its `["input_ids"]`',
        removed_in="5.0", new_form_from="5.0",
    ),
    Rule(
        id="doc-defect.chat-template-lists",
        library="transformers",
        description="`apply_chat_template(..., return_dict=True)` without `return_tensors`, unpacked into `generate(**...)`",
        pattern=ChatTemplateListsUnpacked(),
        rewrite=AddKeyword("return_tensors", '"pt"'),
        message=(
            "without `return_tensors`, `apply_chat_template` returns lists of ids on every release, and `generate` "
            'needs tensors: pass `return_tensors="pt"` (the English page has the same slip)'
        ),
        removed_in=ALWAYS,
    ),
    Rule(
        id="transformers.idefics-prompts",
        library="transformers",
        description="IDEFICS prompts passed to the processor as its first positional argument",
        pattern=PromptsFirst(frozenset({"IdeficsProcessor"}), r"idefics(?![23])"),
        rewrite=RenameKeyword("text"),
        message="the IDEFICS processor's first argument is `images` since transformers 4.54 (prompts there fail): pass the prompts as `text=`",
        removed_in="4.54", new_form_from="4.46",
    ),
    Rule(
        id="transformers.torch-dtype",
        library="transformers",
        description="`torch_dtype=` passed to from_pretrained, from_config or pipeline",
        pattern=KeywordArg(frozenset({"from_pretrained", "from_config", "pipeline"}), frozenset({"torch_dtype"})),
        rewrite=RenameKeyword("dtype"),
        message="`torch_dtype=` was renamed `dtype=` in transformers 4.56",
        deprecated_in="4.56", new_form_from="4.56",
    ),
    Rule(
        id="transformers.load-in-8bit-4bit",
        library="transformers",
        description="`from_pretrained(load_in_8bit=...)` / `from_pretrained(load_in_4bit=...)`",
        pattern=KeywordArg(frozenset({"from_pretrained"}), frozenset({"load_in_8bit", "load_in_4bit"})),
        rewrite=QuantizationConfig(),
        message="`{keyword}=` was removed in transformers 5.0: pass `quantization_config=BitsAndBytesConfig({keyword}=True)`",
        deprecated_in="4.57", removed_in="5.0",
    ),
    Rule(
        id="transformers.load-in-8bit-4bit-model-kwargs",
        library="transformers",
        description='`pipeline(model_kwargs={"load_in_8bit": ...})`, which the pipeline passes to from_pretrained',
        pattern=KeywordInDict(frozenset({"pipeline"}), "model_kwargs", frozenset({"load_in_8bit", "load_in_4bit"})),
        rewrite=QuantizationConfig(),
        message='`{keyword}` was removed from from_pretrained in transformers 5.0: pass `"quantization_config": BitsAndBytesConfig({keyword}=True)` in `model_kwargs`',
        deprecated_in="4.57", removed_in="5.0",
    ),
    Rule(
        id="transformers.safe-serialization",
        library="transformers",
        description="`save_pretrained(safe_serialization=...)`",
        pattern=KeywordArg(frozenset({"save_pretrained"}), frozenset({"safe_serialization"})),
        rewrite=DropKeyword(),
        message="`safe_serialization=` is silently ignored since transformers 5.0, which always saves safetensors",
        removed_in="5.0",
    ),
    Rule(
        id="transformers.push-to-hub-use-temp-dir",
        library="transformers",
        description="`push_to_hub(use_temp_dir=...)`",
        pattern=KeywordArg(frozenset({"push_to_hub"}), frozenset({"use_temp_dir"})),
        rewrite=DropKeyword(),
        message="`push_to_hub(use_temp_dir=)` was removed in transformers 5.0: drop it",
        deprecated_in="4.57", removed_in="5.0",
    ),
    Rule(
        id="transformers.push-to-hub-organization-repo-url",
        library="transformers",
        description="`push_to_hub(organization=...)` / `push_to_hub(repo_url=...)`",
        pattern=KeywordArg(frozenset({"push_to_hub"}), frozenset({"organization", "repo_url"})),
        rewrite=None,
        message='`push_to_hub({keyword}=)` was removed in transformers 5.0: pass the full `repo_id="organization/name"`',
        deprecated_in="4.57", removed_in="5.0",
    ),
    Rule(
        id="transformers.vision-feature-extractor",
        library="transformers",
        description="vision `*FeatureExtractor` classes",
        pattern=NameUse(frozenset(VISION_FEATURE_EXTRACTORS)),
        rewrite=RenameName(VISION_FEATURE_EXTRACTORS),
        message="`{name}` was removed in transformers 5.0: vision models use image processors (`*ImageProcessor`)",
        deprecated_in="4.57", removed_in="5.0",
    ),
    Rule(
        id="transformers.text-dataset",
        library="transformers",
        description="`TextDataset` / `LineByLineTextDataset`",
        pattern=NameUse(frozenset({"TextDataset", "LineByLineTextDataset"})),
        rewrite=None,
        message="`{name}` was removed in transformers 5.0: build the dataset with datasets' `load_dataset` and `map`",
        deprecated_in="4.57", removed_in="5.0",
    ),
    Rule(
        id="transformers.bettertransformer",
        library="transformers",
        description="`model.to_bettertransformer()` / `model.reverse_bettertransformer()`",
        pattern=MethodCall(frozenset({"to_bettertransformer", "reverse_bettertransformer"})),
        rewrite=None,
        message="`{method}()` was removed in transformers 5.0: PyTorch's SDPA attention is the default",
        deprecated_in="4.57", removed_in="5.0",
    ),
    _pipeline_task(
        "pipeline-conversational", {"conversational"},
        '`pipeline("conversational")` was removed in transformers 4.42: use "text-generation" with chat messages',
        removed_in="4.42",
    ),
    _pipeline_task(
        "pipeline-seq2seq-tasks", {"summarization", "text2text-generation"},
        '`pipeline("{task}")` was removed in transformers 5.0: use "text-generation" with an LLM, or `model.generate`',
        removed_in="5.0", prefixes=("translation",),
    ),
    _pipeline_task(
        "pipeline-image-to-text", {"image-to-text"},
        '`pipeline("image-to-text")` was replaced by "image-text-to-text" (transformers 4.47) and removed in 5.0',
        removed_in="5.0", rewrite=RenameString("image-text-to-text"), new_form_from="4.47",
    ),
    _pipeline_task(
        "pipeline-removed-5-3", {"question-answering", "vqa", "visual-question-answering", "image-to-image"},
        '`pipeline("{task}")` was removed in transformers 5.3',
        removed_in="5.3",
    ),
    Rule(
        id="transformers.pipeline-images-keyword",
        library="transformers",
        description="`classifier(images=...)` on an image classification, segmentation or depth pipeline",
        pattern=PipelineKeyword(frozenset({"image-classification", "image-segmentation", "depth-estimation"}), "images"),
        rewrite=RenameKeyword("inputs"),
        message=(
            "these pipelines take the image as their first argument `inputs` (transformers 4.46 still took `images=`; "
            "4.57 requires `inputs`): pass it positionally or as `inputs=`"
        ),
        removed_in="4.57",
    ),
    Rule(
        id="doc-defect.pipeline-called-with-model",
        library="transformers",
        description="`generator(model=...)`: a pipeline object called with `pipeline(...)`'s own arguments",
        pattern=PipelineKeyword(None, "model"),
        rewrite=CallFunctionInstead("pipeline"),
        message="a pipeline object takes inputs, not `model=`, on every release: the page means `pipeline(model=...)`, which makes the pipeline",
        removed_in=ALWAYS,
    ),
    Rule(
        id="doc-defect.pipeline-result-list",
        library="transformers",
        description='`pipe(messages)["generated_text"]`: a key read from the list of a text generation pipeline\'s results',
        pattern=PipelineResultKey(frozenset({"text-generation"}), "generated_text"),
        rewrite=IndexResult(0),
        message='a text generation pipeline returns a list of results on every release: read `["{key}"]` of its first, `pipe(...)[0]["{key}"]`',
        removed_in=ALWAYS,
    ),
    Rule(
        id="doc-defect.key-dataset-column",
        library="transformers",
        description='`KeyDataset(dataset["audio"])`: the column passed where the dataset and its key belong',
        pattern=PositionalArg(frozenset({"KeyDataset"}), 0, alone=True),
        rewrite=KeyAsArgument(),
        message='`KeyDataset` takes the dataset and the key as two arguments on every release: `KeyDataset(dataset, "audio")`',
        removed_in=ALWAYS,
    ),
    Rule(
        id="transformers.ner-grouped-entities",
        library="transformers",
        description="`pipeline(..., grouped_entities=...)`",
        pattern=KeywordArg(frozenset({"pipeline"}), frozenset({"grouped_entities"})),
        rewrite=MapFlag("aggregation_strategy", '"simple"'),
        message='`grouped_entities=True` was replaced by `aggregation_strategy="simple"` and removed in transformers 5.0',
        deprecated_in="4.57", removed_in="5.0",
    ),
    Rule(
        id="transformers.legacy-model-id",
        library="transformers",
        description="a model id the Hub moved under an organisation (`distilbert-base-uncased`)",
        pattern=HubId(
            LEGACY_MODEL_IDS,
            first_argument_of=frozenset({"from_pretrained"}),
            keywords_of={
                "from_pretrained": frozenset({"pretrained_model_name_or_path"}),
                "pipeline": frozenset({"model", "tokenizer", "feature_extractor", "image_processor"}),
            },
            assigned=True,
        ),
        # Not rewritten: online the Hub redirects the old id, so the page still works as written;
        # offline, fixtures serve the model under both ids (see hub_ids).
        rewrite=None,
        message="`{old_id}` moved to `{new_id}` on the Hub in January 2024; the old id only works through a redirect",
        deprecated_in=ALWAYS,
    ),
)
