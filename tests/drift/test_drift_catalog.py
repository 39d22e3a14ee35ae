"""Every rule of the catalog, on the versions that matter to it: it detects the old form,
rewrites it where the installed version no longer accepts it, only reports it where it is
deprecated but still works, and says nothing where it is not deprecated."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from polydoctest.drift import BY_LIBRARY, CATALOG, Action, rewrite
from polydoctest.drift.catalog import rule as catalog_rule
from polydoctest.drift.rules import ALWAYS
from polydoctest.drift.versions import release

REWRITTEN, STALE, REMOVED, ADAPTED = Action.REWRITTEN, Action.STALE, Action.REMOVED, Action.ADAPTED


@dataclass(frozen=True)
class Case:
    source: str
    version: str
    """A version of the rule's library where the old form fails (or, for rules that never
    remove it, where it is reported)."""
    action: Action
    rewritten: str | None = None
    """The source after the rewrite; None: unchanged."""
    stale: str | None = None
    """A version where the old form is deprecated but still works: reported, kept."""
    clean: str | None = None
    """A version where the old form is fine: nothing to report."""
    line: int = 1
    others: dict[str, str] = field(default_factory=dict)
    """Other installed libraries the case needs."""


def ta(arguments: str) -> str:
    return f'args = TrainingArguments("out", {arguments})\n'


CASES = {
    "transformers.eval-strategy": Case(ta('evaluation_strategy="epoch"'), "4.51.0", REWRITTEN, ta('eval_strategy="epoch"'), stale="4.46.0", clean="4.40.2"),
    "transformers.trainer-tokenizer": Case(
        "trainer = Trainer(model=model, tokenizer=tokenizer)\n", "5.0.0", REWRITTEN,
        "trainer = Trainer(model=model, processing_class=tokenizer)\n", stale="4.46.0", clean="4.45.2",
    ),
    "transformers.trainer-tokenizer-attribute": Case(
        'trainer = Trainer(model=model)\ntrainer.tokenizer.save_pretrained("out")\n', "5.0.0", REWRITTEN,
        'trainer = Trainer(model=model)\ntrainer.processing_class.save_pretrained("out")\n', stale="4.57.6", clean="4.45.2", line=2,
    ),
    "transformers.tensorflow": Case(
        'model = TFAutoModelForSequenceClassification.from_pretrained("m")\n', "5.0.0", REMOVED, stale="4.53.0", clean="4.52.4",
    ),
    "transformers.from-tf-flax": Case(
        'model = AutoModel.from_pretrained("m", from_flax=True)\n', "5.0.0", REWRITTEN,
        'model = AutoModel.from_pretrained("m")\n', clean="4.57.6",
    ),
    "doc-defect.from-pt": Case(
        'model = AutoModel.from_pretrained("m", from_pt=True)\n', "4.57.6", REWRITTEN, 'model = AutoModel.from_pretrained("m")\n',
    ),
    "transformers.generation-keywords": Case(
        'model = BartForConditionalGeneration.from_pretrained("m", num_beams=4, forced_bos_token_id=0)\n', "5.0.0", REWRITTEN,
        "from transformers import GenerationConfig; "
        'model = BartForConditionalGeneration.from_pretrained("m", generation_config=GenerationConfig.from_pretrained("m", num_beams=4, forced_bos_token_id=0))\n',
        clean="4.57.6",
    ),
    "doc-defect.quantization-config-positional": Case(
        'model = AutoModelForCausalLM.from_pretrained("m", BitsAndBytesConfig(load_in_4bit=True))\n', "4.57.6", REWRITTEN,
        'model = AutoModelForCausalLM.from_pretrained("m", quantization_config=BitsAndBytesConfig(load_in_4bit=True))\n',
    ),
    "doc-defect.int8-threshold-float": Case(
        "config = BitsAndBytesConfig(load_in_8bit=True, llm_int8_threshold=10)\n", "4.57.6", REWRITTEN,
        "config = BitsAndBytesConfig(load_in_8bit=True, llm_int8_threshold=10.0)\n",
    ),
    "transformers.awq-exllama-version": Case(
        'config = AwqConfig(version="exllama")\n', "5.0.0", REWRITTEN, 'config = AwqConfig(backend="exllama_v2")\n', clean="4.57.6",
    ),
    "transformers.timm-backbone-positional": Case(
        'config = TimmBackboneConfig("resnet50", use_pretrained_backbone=False)\n', "5.23.0", REWRITTEN,
        'config = TimmBackboneConfig(backbone="resnet50", use_pretrained_backbone=False)\n', clean="5.0.0",
    ),
    "transformers.flax": Case(
        "from transformers import FlaxAutoModelForCausalLM\n", "5.0.0", REMOVED, stale="4.53.0", clean="4.52.4",
    ),
    "transformers.owlvit-post-process": Case(
        'processor = OwlViTProcessor.from_pretrained("m")\nresults = processor.post_process_object_detection(outputs, threshold=0.1)\n',
        "5.0.0", REWRITTEN,
        'processor = OwlViTProcessor.from_pretrained("m")\nresults = processor.post_process_grounded_object_detection(outputs, threshold=0.1)\n',
        stale="4.57.6", clean="4.46.3", line=2,
    ),
    "transformers.image-processor-batch-pad": Case(
        'image_processor = AutoImageProcessor.from_pretrained("m")\nencoding = image_processor.pad(pixel_values, return_tensors="pt")\n',
        "5.23.0", REMOVED, clean="5.0.0", line=2,
    ),
    "transformers.image-processor-text": Case(
        'processor = AutoImageProcessor.from_pretrained("m")\ninputs = processor(text=texts, images=image)\n', "5.23.0", REWRITTEN,
        'processor = AutoImageProcessor.from_pretrained("m")\ninputs = processor(images=image)\n', clean="5.0.0", line=2,
    ),
    "transformers.grounding-dino-box-threshold": Case(
        "results = processor.post_process_grounded_object_detection(outputs, input_ids, box_threshold=0.4)\n", "4.57.6", REWRITTEN,
        "results = processor.post_process_grounded_object_detection(outputs, input_ids, threshold=0.4)\n", clean="4.46.3",
    ),
    "transformers.pipeline-images-keyword": Case(
        'classifier = pipeline(model="m")\npreds = classifier(images="cat.png")\n', "4.57.6", REWRITTEN,
        'classifier = pipeline(model="m")\npreds = classifier(inputs="cat.png")\n', clean="4.46.3", line=2,
    ),
    "doc-defect.pipeline-called-with-model": Case(
        'generator = pipeline(model="m")\ngenerator(model="m", device=0)\n', "4.46.3", REWRITTEN,
        'generator = pipeline(model="m")\ngenerator = pipeline(model="m", device=0)\n', line=2,
    ),
    "doc-defect.pipeline-result-list": Case(
        'pipe = pipeline("text-generation", "m")\nprint(pipe(messages)["generated_text"][-1])\n', "4.46.3", REWRITTEN,
        'pipe = pipeline("text-generation", "m")\nprint(pipe(messages)[0]["generated_text"][-1])\n', line=2,
    ),
    "doc-defect.chat-template-lists": Case(
        "chat = tok.apply_chat_template(messages, tokenize=True, return_dict=True)\nmodel.generate(**chat)\n", "4.46.3", REWRITTEN,
        'chat = tok.apply_chat_template(messages, tokenize=True, return_dict=True, return_tensors="pt")\nmodel.generate(**chat)\n',
    ),
    "doc-defect.key-dataset-column": Case(
        'outputs = pipe(KeyDataset(dataset["audio"]))\n', "4.46.3", REWRITTEN, 'outputs = pipe(KeyDataset(dataset, "audio"))\n',
    ),
    "transformers.use-auth-token": Case(
        'tok = AutoTokenizer.from_pretrained("m", use_auth_token=True)\n', "5.0.0", REWRITTEN,
        'tok = AutoTokenizer.from_pretrained("m", token=True)\n', stale="4.31.0", clean="4.30.2",
    ),
    "transformers.no-cuda": Case(ta("no_cuda=True"), "5.0.0", REWRITTEN, ta("use_cpu=True"), stale="4.32.0", clean="4.31.0"),
    "transformers.overwrite-output-dir": Case(ta("overwrite_output_dir=True"), "5.0.0", REWRITTEN, 'args = TrainingArguments("out")\n', clean="4.57.6"),
    "transformers.logging-dir": Case(
        ta('logging_dir="./logs"'), "5.15.0", REWRITTEN,
        'import os; os.environ["TENSORBOARD_LOGGING_DIR"] = "./logs"; args = TrainingArguments("out")\n',
        stale="5.0.0", clean="4.57.6",
    ),
    "transformers.warmup-ratio": Case(ta("warmup_ratio=0.1"), "5.15.0", REWRITTEN, ta("warmup_steps=0.1"), stale="5.0.0", clean="4.57.6"),
    "transformers.group-by-length": Case(
        ta("group_by_length=True"), "5.2.0", REWRITTEN, ta('train_sampling_strategy="group_by_length"'), clean="5.1.0",
    ),
    "transformers.gradient-checkpointing": Case(ta("gradient_checkpointing=True"), "5.23.0", STALE, clean="5.22.0"),
    "transformers.push-to-hub-token": Case(ta('push_to_hub_token="t"'), "5.0.0", REWRITTEN, ta('hub_token="t"'), stale="4.57.6", clean="4.56.2"),
    "transformers.push-to-hub-model-id": Case(ta('push_to_hub_model_id="m"'), "5.0.0", REWRITTEN, ta('hub_model_id="m"'), stale="4.57.6", clean="4.56.2"),
    "transformers.push-to-hub-organization": Case(ta('push_to_hub_organization="o"'), "5.0.0", REMOVED, stale="4.57.6", clean="4.56.2"),
    "transformers.per-gpu-train-batch-size": Case(
        ta("per_gpu_train_batch_size=8"), "5.0.0", REWRITTEN, ta("per_device_train_batch_size=8"), stale="4.57.6", clean="4.56.2",
    ),
    "transformers.per-gpu-eval-batch-size": Case(
        ta("per_gpu_eval_batch_size=8"), "5.0.0", REWRITTEN, ta("per_device_eval_batch_size=8"), stale="4.57.6", clean="4.56.2",
    ),
    "transformers.include-inputs-for-metrics": Case(
        ta("include_inputs_for_metrics=True"), "5.0.0", REWRITTEN, ta('include_for_metrics=["inputs"]'), stale="4.57.6", clean="4.56.2",
    ),
    "transformers.use-mps-device": Case(ta("use_mps_device=False"), "5.0.0", REWRITTEN, 'args = TrainingArguments("out")\n', stale="4.57.6", clean="4.56.2"),
    "transformers.fp16-backend": Case(ta('fp16_backend="amp"'), "5.0.0", REWRITTEN, 'args = TrainingArguments("out")\n', stale="4.57.6", clean="4.56.2"),
    "transformers.save-safetensors": Case(ta("save_safetensors=True"), "5.0.0", REWRITTEN, 'args = TrainingArguments("out")\n', stale="4.57.6", clean="4.56.2"),
    "transformers.adafactor": Case(ta("adafactor=True"), "5.0.0", REWRITTEN, ta('optim="adafactor"'), stale="4.57.6", clean="4.56.2"),
    "transformers.optim-adamw-hf": Case(ta("optim='adamw_hf'"), "4.50.0", REWRITTEN, ta("optim='adamw_torch'"), clean="4.49.0"),
    "transformers.report-to-none": Case(ta("num_train_epochs=2"), "4.57.6", ADAPTED, ta('num_train_epochs=2, report_to="none"'), clean="5.0.0"),
    "transformers.bf16-on-cpu": Case(ta("bf16=True"), "5.0.0", ADAPTED, 'args = TrainingArguments("out")\n'),
    "transformers.tf32-on-cpu": Case(ta("tf32=True"), "5.0.0", ADAPTED, 'args = TrainingArguments("out")\n'),
    "transformers.training-budget": Case(
        ta("warmup_steps=500, max_steps=2000, save_steps=1000, eval_steps=0.25, logging_steps=25"), "5.0.0", ADAPTED,
        ta("warmup_steps=2, max_steps=10, save_steps=5, eval_steps=0.25, logging_steps=1"),
    ),
    "transformers.pipeline-audio-decoder": Case(
        'result = asr(dataset[:4]["audio"])\n', "4.46.3", ADAPTED,
        'result = asr([{"raw": a["array"], "sampling_rate": a["sampling_rate"]} for a in dataset[:4]["audio"]])\n',
        clean="4.54.0", others={"datasets": "5.0.1"},
    ),
    "transformers.compute-loss-num-items": Case(
        "class WeightedTrainer(Trainer):\n    def compute_loss(self, model, inputs, return_outputs=False):\n        return model(**inputs).loss\n",
        "4.46.0", REWRITTEN,
        "class WeightedTrainer(Trainer):\n    def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):\n        return model(**inputs).loss\n",
        clean="4.45.2", line=2,
    ),
    "transformers.automodel-with-lm-head": Case(
        'from transformers import AutoModelWithLMHead\nmodel = AutoModelWithLMHead.from_pretrained("google-t5/t5-small")\n', "5.0.0", REWRITTEN,
        'from transformers import AutoModelForSeq2SeqLM\nmodel = AutoModelForSeq2SeqLM.from_pretrained("google-t5/t5-small")\n',
        stale="4.57.6", clean="3.5.1",
    ),
    "transformers.automodel-for-vision2seq": Case(
        'model = AutoModelForVision2Seq.from_pretrained("m")\n', "5.0.0", REWRITTEN,
        'model = AutoModelForImageTextToText.from_pretrained("m")\n', stale="4.57.6", clean="4.56.2",
    ),
    "transformers.infer-device": Case(
        "from transformers import pipeline, infer_device\ndevice = infer_device()\n", "5.0.0", REWRITTEN,
        'import torch; infer_device = lambda: torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"; '
        "from transformers import pipeline\ndevice = infer_device()\n",
        clean="4.57.6",
    ),
    "transformers.adamw-import": Case(
        "from transformers import AdamW, get_scheduler\n", "4.50.0", REWRITTEN,
        "from torch.optim import AdamW; from transformers import get_scheduler\n", clean="4.49.0",
    ),
    "transformers.adamw-attribute": Case(
        "optimizer = transformers.AdamW(params, lr=1e-3)\n", "4.50.0", REWRITTEN,
        "import torch; optimizer = torch.optim.AdamW(params, lr=1e-3)\n", clean="4.49.0",
    ),
    "transformers.encode-plus": Case(
        'enc = tokenizer.encode_plus("a", "b", return_tensors="pt")\n', "5.0.0", REWRITTEN,
        'enc = tokenizer("a", "b", return_tensors="pt")\n', stale="4.57.6", clean="4.56.2",
    ),
    "transformers.as-target-tokenizer": Case(
        "with tokenizer.as_target_tokenizer():\n    labels = tokenizer(targets, truncation=True)\n", "5.0.0", REWRITTEN,
        "labels = tokenizer(text_target=targets, truncation=True)\n", stale="4.57.6", clean="4.56.2",
    ),
    "transformers.prepare-seq2seq-batch": Case(
        'batch = tokenizer.prepare_seq2seq_batch(src, tgt, return_tensors="pt")\n', "5.0.0", REWRITTEN,
        'batch = tokenizer(src, text_target=tgt, return_tensors="pt")\n', stale="4.57.6", clean="4.56.2",
    ),
    "transformers.chat-template-ids": Case(
        "ids = tokenizer.apply_chat_template(messages)\nprint(tokenizer.decode(ids))\n", "5.0.0", REWRITTEN,
        'ids = tokenizer.apply_chat_template(messages)["input_ids"]\nprint(tokenizer.decode(ids))\n', clean="4.57.6",
    ),
    "transformers.idefics-prompts": Case(
        'processor = AutoProcessor.from_pretrained("HuggingFaceM4/idefics-9b")\ninputs = processor(prompts, return_tensors="pt")\n',
        "5.0.0", REWRITTEN,
        'processor = AutoProcessor.from_pretrained("HuggingFaceM4/idefics-9b")\ninputs = processor(text=prompts, return_tensors="pt")\n',
        clean="4.53.3", line=2,
    ),
    "transformers.torch-dtype": Case('model = AutoModel.from_pretrained("m", torch_dtype="auto")\n', "4.56.0", STALE, clean="4.55.4"),
    "transformers.load-in-8bit-4bit": Case(
        'model = AutoModelForCausalLM.from_pretrained("m", load_in_4bit=True)\n', "5.0.0", REWRITTEN,
        'from transformers import BitsAndBytesConfig; model = AutoModelForCausalLM.from_pretrained("m", quantization_config=BitsAndBytesConfig(load_in_4bit=True))\n',
        stale="4.57.6", clean="4.56.2",
    ),
    "transformers.load-in-8bit-4bit-model-kwargs": Case(
        'pipe = pipeline(model="m", model_kwargs={"load_in_8bit": True})\n', "5.0.0", REWRITTEN,
        'from transformers import BitsAndBytesConfig; pipe = pipeline(model="m", model_kwargs={"quantization_config": BitsAndBytesConfig(load_in_8bit=True)})\n',
        stale="4.57.6", clean="4.56.2",
    ),
    "transformers.safe-serialization": Case(
        'model.save_pretrained("out", safe_serialization=False)\n', "5.0.0", REWRITTEN, 'model.save_pretrained("out")\n', clean="4.57.6",
    ),
    "transformers.push-to-hub-use-temp-dir": Case(
        'model.push_to_hub("my-model", use_temp_dir=True)\n', "5.0.0", REWRITTEN, 'model.push_to_hub("my-model")\n', stale="4.57.6", clean="4.56.2",
    ),
    "transformers.push-to-hub-organization-repo-url": Case(
        'model.push_to_hub("my-model", organization="org")\n', "5.0.0", REMOVED, stale="4.57.6", clean="4.56.2",
    ),
    "transformers.vision-feature-extractor": Case(
        'from transformers import ViTFeatureExtractor\nfe = ViTFeatureExtractor.from_pretrained("m")\n', "5.0.0", REWRITTEN,
        'from transformers import ViTImageProcessor\nfe = ViTImageProcessor.from_pretrained("m")\n', stale="4.57.6", clean="4.56.2",
    ),
    "transformers.text-dataset": Case(
        'ds = TextDataset(tokenizer=tokenizer, file_path="train.txt", block_size=128)\n', "5.0.0", REMOVED, stale="4.57.6", clean="4.56.2",
    ),
    "transformers.bettertransformer": Case("model = model.to_bettertransformer()\n", "5.0.0", REMOVED, stale="4.57.6", clean="4.56.2"),
    "transformers.pipeline-conversational": Case('chat = pipeline("conversational")\n', "4.42.0", REMOVED, clean="4.41.2"),
    "transformers.pipeline-seq2seq-tasks": Case('translator = pipeline("translation_en_to_fr")\n', "5.0.0", REMOVED, clean="4.57.6"),
    "transformers.pipeline-image-to-text": Case(
        'captioner = pipeline("image-to-text", model="m")\n', "5.0.0", REWRITTEN,
        'captioner = pipeline("image-text-to-text", model="m")\n', clean="4.57.6",
    ),
    "transformers.pipeline-removed-5-3": Case('qa = pipeline(task="question-answering")\n', "5.3.0", REMOVED, clean="5.2.0"),
    "transformers.ner-grouped-entities": Case(
        'ner = pipeline("ner", grouped_entities=True)\n', "5.0.0", REWRITTEN,
        'ner = pipeline("ner", aggregation_strategy="simple")\n', stale="4.57.6", clean="4.56.2",
    ),
    "transformers.legacy-model-id": Case('model = AutoModel.from_pretrained("distilbert-base-uncased")\n', "4.46.0", STALE),
    "datasets.script-dataset": Case(
        'wnut = load_dataset("wnut_17")\n', "4.0.0", REWRITTEN,
        'wnut = load_dataset("wnut_17", revision="refs/convert/parquet")\n', stale="3.6.0", clean="2.15.0",
    ),
    "datasets.trust-remote-code": Case(
        'ds = load_dataset("org/name", trust_remote_code=True)\n', "4.0.0", REWRITTEN, 'ds = load_dataset("org/name")\n', clean="3.6.0",
    ),
    "datasets.load-metric-import": Case(
        'from datasets import load_metric\nmetric = load_metric("accuracy")\n', "3.0.0", REWRITTEN,
        'from evaluate import load as load_metric\nmetric = load_metric("accuracy")\n',
        stale="2.5.0", clean="2.4.0", others={"evaluate": "0.4.6"},
    ),
    "datasets.load-metric-attribute": Case(
        'metric = datasets.load_metric("accuracy")\n', "3.0.0", REWRITTEN,
        'import evaluate; metric = evaluate.load("accuracy")\n', stale="2.5.0", clean="2.4.0", others={"evaluate": "0.4.6"},
    ),
    "datasets.use-auth-token": Case(
        'ds = load_dataset("org/name", use_auth_token=True)\n', "3.0.0", REWRITTEN,
        'ds = load_dataset("org/name", token=True)\n', stale="2.14.0", clean="2.13.2",
    ),
    "datasets.audio-path": Case('path = example["audio"]["path"]\n', "4.0.0", REMOVED, clean="3.6.0"),
    "datasets.column-as-list": Case(
        'ds = load_dataset("org/name")\ntexts = ds["train"]["text"] + ["extra"]\n', "4.0.0", REWRITTEN,
        'ds = load_dataset("org/name")\ntexts = list(ds["train"]["text"]) + ["extra"]\n', clean="3.6.0", line=2,
    ),
    "datasets.sequence-dict-feature": Case(
        'names = ds["train"].features["objects"].feature["category"].names\n', "4.0.0", REWRITTEN,
        'names = ds["train"].features["objects"]["category"].feature.names\n', clean="3.6.0",
    ),
    "datasets.legacy-dataset-id": Case('imdb = load_dataset("imdb")\n', "5.2.0", STALE),
    "huggingface_hub.notebook-login-new-session": Case(
        "notebook_login(new_session=False)\n", "1.0.0", REWRITTEN, "notebook_login(skip_if_logged_in=True)\n", clean="0.36.0",
    ),
    "huggingface_hub.notebook-login-write-permission": Case(
        "notebook_login(write_permission=True)\n", "1.0.0", REWRITTEN, "notebook_login()\n", clean="0.36.0",
    ),
    "huggingface_hub.hffolder": Case(
        "token = HfFolder.get_token()\n", "1.0.0", REWRITTEN,
        "from huggingface_hub import get_token; token = get_token()\n", clean="0.36.0",
    ),
    "transformers.device-map-one-device": Case(
        'print(model.hf_device_map)\n', "5.0.0", ADAPTED, 'print(getattr(model, "hf_device_map", {"": str(model.device)}))\n',
        clean="4.57.6",
    ),
    "transformers.safetensors-index": Case(
        'path = os.path.join(tmp_dir, "pytorch_model.bin.index.json")\n', "4.35.0", REWRITTEN,
        'path = os.path.join(tmp_dir, "model.safetensors.index.json")\n', clean="4.34.1",
    ),
    "transformers.shard-size": Case(
        'model.save_pretrained("out", max_shard_size="200MB")\n', "5.0.0", ADAPTED,
        'from polydoctest.fixtures.shards import stand_in_shard_size; '
        'model.save_pretrained("out", max_shard_size=stand_in_shard_size(model, "200MB"))\n',
    ),
    "torch.cuda-device": Case(
        'model = model.to("cuda")\n', "2.13.0", ADAPTED, 'model = model.to("cpu")\n',
    ),
    "torch.cuda-method": Case("inputs = inputs.cuda()\n", "2.13.0", ADAPTED, "inputs = inputs.cpu()\n"),
    "torch.compile-backend": Case(
        'model.forward = torch.compile(model.forward, mode="reduce-overhead")\n', "2.13.0", ADAPTED,
        'model.forward = torch.compile(model.forward, mode="reduce-overhead", backend="aot_eager")\n',
    ),
    "trl.bf16-on-cpu": Case(
        'args = SFTConfig(output_dir="out")\n', "1.16.0", ADAPTED, 'args = SFTConfig(output_dir="out", bf16=False)\n',
    ),
    "starlette.on-event": Case(
        '@app.on_event("startup")\nasync def startup_event():\n    pass\n', "1.0.0", REMOVED, stale="0.52.1", clean="0.51.0",
    ),
    "huggingface_hub.repository": Case('repo = Repository("local", clone_from="org/name")\n', "1.0.0", REMOVED, clean="0.36.0"),
    "huggingface_hub.cached-download": Case("path = cached_download(url)\n", "1.0.0", REMOVED, clean="0.36.0"),
}


def run(rule_id: str, version: str):
    rule = catalog_rule(rule_id)
    case = CASES[rule_id]
    return rewrite(case.source, {rule.library: version, **case.others}, rules=[rule])


def test_every_rule_has_a_case():
    assert set(CASES) == {rule.id for rule in CATALOG}


def test_rule_ids_are_unique_and_grouped_by_library_but_page_bugs():
    """A rule about code no release accepted is named as the page's other defects are."""
    assert len({rule.id for rule in CATALOG}) == len(CATALOG)
    for library, rules in BY_LIBRARY.items():
        for rule in rules:
            prefix = "doc-defect." if rule.removed_in == ALWAYS else f"{library}."
            assert rule.library == library and rule.id.startswith(prefix), rule.id


def test_catalog_versions_are_versions():
    for rule in CATALOG:
        for version in (rule.deprecated_in, rule.removed_in, rule.new_form_from, rule.applies_from, rule.applies_before):
            assert version is None or release(version) is not None, (rule.id, version)
        assert rule.removed_in or rule.deprecated_in or rule.applies_before, rule.id


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_detects_and_handles_the_old_form(rule_id):
    case = CASES[rule_id]
    result = run(rule_id, case.version)
    assert result.findings, "old form not detected"
    assert {f.rule for f in result.findings} == {rule_id}
    assert {f.action for f in result.findings} == {case.action}
    assert result.findings[0].line == case.line
    assert result.source == (case.rewritten if case.rewritten is not None else case.source)
    assert all((f.new is not None) == (f.action in (REWRITTEN, ADAPTED)) for f in result.findings)
    compile(result.source, rule_id, "exec")


@pytest.mark.parametrize("rule_id", sorted(r for r, c in CASES.items() if c.stale))
def test_deprecated_but_working_form_is_reported_not_rewritten(rule_id):
    result = run(rule_id, CASES[rule_id].stale)
    assert [f.action for f in result.findings] and {f.action for f in result.findings} == {STALE}
    assert result.source == CASES[rule_id].source


@pytest.mark.parametrize("rule_id", sorted(r for r, c in CASES.items() if c.clean))
def test_nothing_reported_where_the_old_form_is_fine(rule_id):
    result = run(rule_id, CASES[rule_id].clean)
    assert result.findings == ()
    assert result.source == CASES[rule_id].source


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_nothing_happens_without_the_library(rule_id):
    case = CASES[rule_id]
    result = rewrite(case.source, case.others, rules=[catalog_rule(rule_id)])
    assert result.findings == () and result.source == case.source


def test_messages_name_the_occurrence():
    result = run("transformers.legacy-model-id", "5.0.0")
    assert result.findings[0].message.startswith("`distilbert-base-uncased` moved to `distilbert/distilbert-base-uncased`")
    result = run("transformers.tensorflow", "5.0.0")
    assert "TFAutoModelForSequenceClassification" in result.findings[0].message


def test_gpu_code_runs_on_the_cpu_where_a_device_is_given_and_nowhere_else():
    source = (
        'x = torch.device("cuda:0")\npipe = pipeline("fill-mask", device="cuda", device_map="cuda")\n'
        'device = "cuda"\nif device == "cuda":\n    print("cuda")\n'
    )
    result = rewrite(source, {"torch": "2.13.0"}, rules=[catalog_rule("torch.cuda-device")])
    assert result.source == (
        'x = torch.device("cpu")\npipe = pipeline("fill-mask", device="cpu", device_map="cpu")\n'
        'device = "cpu"\nif device == "cuda":\n    print("cuda")\n'
    )
    assert {f.action for f in result.findings} == {ADAPTED}


def test_trl_configs_train_in_full_precision_whatever_the_page_asks():
    source = (
        'a = SFTConfig("out", bf16=True)\nb = trl.DPOConfig("out", fp16=True)\n'
        'c = SFTConfig("out", bf16=False)\nd = SFTConfig(**settings)\ne = TrainingArguments("out")\n'
    )
    result = rewrite(source, {"trl": "1.16.0"}, rules=[catalog_rule("trl.bf16-on-cpu")])
    assert result.source == (
        'a = SFTConfig("out", bf16=False)\nb = trl.DPOConfig("out", fp16=True, bf16=False)\n'
        'c = SFTConfig("out", bf16=False)\nd = SFTConfig(**settings)\ne = TrainingArguments("out")\n'
    )
    assert [(f.line, f.action) for f in result.findings] == [(1, ADAPTED), (2, ADAPTED)]


def test_only_a_read_of_the_device_map_falls_back_to_the_one_device():
    source = 'model.hf_device_map = {"": 0}\nprint(model.hf_device_map)\nlayers = self.model.hf_device_map.values()\n'
    result = rewrite(source, {"transformers": "5.25.0"}, rules=[catalog_rule("transformers.device-map-one-device")])
    assert result.source == (
        'model.hf_device_map = {"": 0}\nprint(getattr(model, "hf_device_map", {"": str(model.device)}))\n'
        'layers = getattr(self.model, "hf_device_map", {"": str(self.model.device)}).values()\n'
    )
    assert [(f.line, f.action) for f in result.findings] == [(2, ADAPTED), (3, ADAPTED)]


def test_drift_between_libraries_needs_the_companion_that_caused_it():
    """AudioDecoder values come from datasets 4.0: with datasets 3.x, transformers 4.46's
    pipelines get the dicts they always took, and nothing is rewritten."""
    rule = catalog_rule("transformers.pipeline-audio-decoder")
    source = CASES[rule.id].source
    assert rewrite(source, {"transformers": "4.46.3", "datasets": "3.6.0"}, rules=[rule]).findings == ()
    assert rewrite(source, {"transformers": "4.46.3"}, rules=[rule]).findings == ()


def test_audio_of_one_example_becomes_one_dict_and_an_ambiguous_value_is_only_reported():
    rule = catalog_rule("transformers.pipeline-audio-decoder")
    versions = {"transformers": "4.46.3", "datasets": "5.0.1"}
    one = rewrite('out = asr(ds[0]["audio"])\n', versions, rules=[rule])
    assert one.source == 'out = asr({"raw": ds[0]["audio"]["array"], "sampling_rate": ds[0]["audio"]["sampling_rate"]})\n'
    unknown = rewrite('out = asr(example["audio"])\nn = len(ds["audio"])\n', versions, rules=[rule])
    assert unknown.source == 'out = asr(example["audio"])\nn = len(ds["audio"])\n'
    assert [(f.line, f.new) for f in unknown.findings] == [(1, None)]
