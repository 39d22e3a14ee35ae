"""The rewrite entry point: version gating on the cases from the issue, layout and comments
kept, line numbers that still point at the page, and no failure on fragments."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polydoctest.drift import Action, installed_versions, rewrite

TRAINING = textwrap.dedent(
    """\
    from transformers import TrainingArguments, Trainer

    training_args = TrainingArguments(
        output_dir="my_awesome_model",
        evaluation_strategy="epoch",
        push_to_hub=True,
    )
    trainer = Trainer(
        model=model,
        args=training_args,
        tokenizer=tokenizer,
    )
    """
)


def by_rule(result):
    return {f.rule: f for f in result.findings}


def test_evaluation_strategy_is_kept_and_reported_on_4_46():
    result = rewrite(TRAINING, {"transformers": "4.46.0"})
    finding = by_rule(result)["transformers.eval-strategy"]
    assert finding.action is Action.STALE and finding.line == 5 and finding.new is None
    assert finding.old == 'evaluation_strategy="epoch"'
    assert "eval_strategy" in finding.message and "4.41" in finding.message
    assert 'evaluation_strategy="epoch"' in result.source


def test_evaluation_strategy_is_rewritten_on_4_57():
    result = rewrite(TRAINING, {"transformers": "4.57.6"})
    finding = by_rule(result)["transformers.eval-strategy"]
    assert finding.action is Action.REWRITTEN and finding.new == 'eval_strategy="epoch"'
    assert '    eval_strategy="epoch",\n' in result.source and "evaluation_strategy" not in result.source


@pytest.mark.parametrize(
    ("version", "action"),
    [("4.40.2", None), ("4.45.2", None), ("4.46.0", Action.STALE), ("4.57.6", Action.STALE), ("5.0.0", Action.REWRITTEN), ("5.23.0", Action.REWRITTEN)],
)
def test_trainer_tokenizer_is_kept_on_4x_and_rewritten_on_5x(version, action):
    result = rewrite(TRAINING, {"transformers": version})
    finding = by_rule(result).get("transformers.trainer-tokenizer")
    assert (finding.action if finding else None) is action
    expected = "processing_class=tokenizer" if action is Action.REWRITTEN else "tokenizer=tokenizer"
    assert f"\n    {expected},\n" in result.source
    if finding is not None:
        assert finding.line == 11


COLLATOR_AND_CALLBACK = textwrap.dedent(
    """\
    data_collator = DataCollatorWithPadding(tokenizer=tokenizer)
    collator = DataCollatorForTokenClassification(tokenizer=tokenizer, return_tensors="pt")
    push_to_hub_callback = PushToHubCallback(
        output_dir="my_awesome_model",
        tokenizer=tokenizer,
    )
    """
)


@pytest.mark.parametrize("version", ["4.40.2", "4.46.0", "4.57.6", "5.0.0", "5.23.0"])
def test_tokenizer_of_collators_and_callbacks_is_never_touched(version):
    result = rewrite(COLLATOR_AND_CALLBACK, {"transformers": version})
    assert result.source == COLLATOR_AND_CALLBACK
    assert not {f.rule for f in result.findings} & {"transformers.trainer-tokenizer", "transformers.trainer-tokenizer-attribute"}


def test_trainer_attribute_only_on_a_known_trainer():
    source = "trainer = Seq2SeqTrainer(model=model)\ntrainer.tokenizer.save_pretrained('out')\ncollator.tokenizer.pad_token\n"
    result = rewrite(source, {"transformers": "5.0.0"})
    assert result.source == "trainer = Seq2SeqTrainer(model=model)\ntrainer.processing_class.save_pretrained('out')\ncollator.tokenizer.pad_token\n"
    subclass = "class MyTrainer(Trainer):\n    def log_tokenizer(self):\n        return self.tokenizer\n"
    assert "self.processing_class" in rewrite(subclass, {"transformers": "5.0.0"}).source


def test_layout_and_comments_are_kept():
    source = textwrap.dedent(
        """\
        training_args = TrainingArguments(
            output_dir="my_awesome_model",  # where checkpoints go
            # evaluate once per epoch
            evaluation_strategy = "epoch",   # the old name
            no_cuda=True,
        )  # end
        """
    )
    expected = source.replace("evaluation_strategy =", "eval_strategy =").replace("no_cuda=True", "use_cpu=True")
    result = rewrite(source, {"transformers": "5.0.0"})
    assert result.source == expected
    assert [(f.rule, f.line) for f in result.findings] == [("transformers.eval-strategy", 4), ("transformers.no-cuda", 5)]
    assert result.origins == (1, 2, 3, 4, 5, 6)


def test_added_argument_keeps_the_line_count_and_the_trailing_comment():
    source = 'args = TrainingArguments(\n    output_dir="out",\n    push_to_hub=True,  # share it\n)\n'
    result = rewrite(source, {"transformers": "4.57.6"})
    assert result.source == 'args = TrainingArguments(\n    output_dir="out",\n    push_to_hub=True, report_to="none",  # share it\n)\n'
    (finding,) = result.findings
    assert finding.rule == "transformers.report-to-none" and finding.line == 1 and finding.old == "TrainingArguments( ..."


def test_findings_point_at_original_lines_when_the_line_count_changes():
    source = textwrap.dedent(
        """\
        def preprocess(examples):
            inputs = tokenizer(examples["en"], truncation=True)
            with tokenizer.as_target_tokenizer():
                labels = tokenizer(examples["fr"], truncation=True)
            inputs["labels"] = labels["input_ids"]
            return inputs

        args = TrainingArguments(
            "out",
            overwrite_output_dir=True,
            evaluation_strategy="epoch",
        )
        """
    )
    result = rewrite(source, {"transformers": "5.0.0"})
    assert result.source == textwrap.dedent(
        """\
        def preprocess(examples):
            inputs = tokenizer(examples["en"], truncation=True)
            labels = tokenizer(text_target=examples["fr"], truncation=True)
            inputs["labels"] = labels["input_ids"]
            return inputs

        args = TrainingArguments(
            "out",
            eval_strategy="epoch",
        )
        """
    )
    assert [(f.rule, f.line, f.action) for f in result.findings] == [
        ("transformers.as-target-tokenizer", 3, Action.REWRITTEN),
        ("transformers.overwrite-output-dir", 10, Action.REWRITTEN),
        ("transformers.eval-strategy", 11, Action.REWRITTEN),
    ]
    # A traceback line in the rewritten step maps back to the page.
    assert result.original_line(3) == 4  # the lifted `labels = ...` line
    assert result.original_line(4) == 5
    assert result.original_line(9) == 11  # eval_strategy
    assert result.original_line(10) == 12


def test_edits_on_a_call_and_its_arguments_compose():
    source = 'args = TrainingArguments("out", evaluation_strategy="epoch", overwrite_output_dir=True)\n'
    result = rewrite(source, {"transformers": "4.57.6"})
    assert result.source == 'args = TrainingArguments("out", eval_strategy="epoch", overwrite_output_dir=True, report_to="none")\n'


def test_a_rewrite_that_would_repeat_a_keyword_is_not_applied():
    source = 'trainer = Trainer(model=model, tokenizer=tokenizer, processing_class=processor)\n'
    result = rewrite(source, {"transformers": "5.0.0"})
    assert result.source == source
    assert [f.action for f in result.findings] == [Action.STALE]


def test_a_long_training_is_cut_to_the_budget_and_the_finding_names_both_counts():
    source = textwrap.dedent(
        """\
        args = Seq2SeqTrainingArguments(
            "out",
            max_steps=1_000,
            save_steps=500,
            eval_steps=250,
            warmup_steps=0.1,
        )
        """
    )
    (finding,) = (f for f in rewrite(source, {"transformers": "5.23.0"}).findings if f.rule == "transformers.training-budget")
    assert finding.action is Action.ADAPTED and finding.line == 1
    assert "max_steps=1000, save_steps=500, eval_steps=250" in finding.message  # the page's counts
    assert finding.new == "max_steps=10, save_steps=5, eval_steps=2"  # a ratio (warmup 0.1) already scales
    within = 'args = TrainingArguments("out", max_steps=10, save_steps=5)\n'
    assert "transformers.training-budget" not in {f.rule for f in rewrite(within, {"transformers": "5.23.0"}).findings}
    trl = rewrite('args = SFTConfig(output_dir="out", max_steps=500, logging_steps=10)\n', {"transformers": "5.23.0"})
    assert trl.source == 'args = SFTConfig(output_dir="out", max_steps=10, logging_steps=1)\n'


@pytest.mark.parametrize(
    "source",
    ["pip install transformers datasets\n", "!pip install transformers\n", "x = (\n", "    return tokenizer(x)\n", "", ">>> x = 1\n", "print('a'\n"],
)
def test_fragments_come_back_unchanged(source):
    result = rewrite(source, {"transformers": "5.23.0", "datasets": "5.2.0"})
    assert result.source == source and result.findings == ()


def test_installed_versions_reads_metadata_without_importing():
    code = (
        "import sys; from polydoctest.drift import installed_versions as v; found = v(); "
        "print(sorted(found)); print(sorted(m for m in ('transformers', 'datasets', 'torch', 'evaluate') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.splitlines()
    assert "transformers" in out[0] and "torch" in out[0]
    assert out[1] == "[]"
    assert installed_versions()["huggingface_hub"].count(".") >= 1


SNIPPETS = [
    TRAINING,
    COLLATOR_AND_CALLBACK,
    "with tokenizer.as_target_tokenizer():\n    labels = tokenizer(targets)\n",
    "from transformers import AdamW, get_scheduler\n",
    'args = TrainingArguments(\n    "out",\n    logging_dir="./logs",  # tb\n    warmup_ratio=0.1,\n)\n',
    'ds = load_dataset("wnut_17", trust_remote_code=True)\nx = ds["train"]["tokens"] + []\n',
    "class T(Trainer):\n    def compute_loss(self, model, inputs, *args, return_outputs=False):\n        return 0\n",
    'ner = pipeline("ner", grouped_entities=True)\ncap = pipeline("image-to-text")\n',
    "ids = tok.apply_chat_template(m)\nids[0]\n",
    "model = TFAutoModel.from_pretrained('m')\nmodel.compile(optimizer='adam')\n",
    'from datasets import load_metric, load_dataset\nm = datasets.load_metric("f1")\n',
    "from huggingface_hub import HfFolder, notebook_login\nnotebook_login(new_session=True, write_permission=True)\n",
    'm = AutoModelForCausalLM.from_pretrained("gpt2", load_in_8bit=True, torch_dtype="auto", use_auth_token=True)\n',
    "if ready:\n    args = TrainingArguments('o', logging_dir=d)\n",
    "x = [TrainingArguments('o', logging_dir=d) for d in dirs]\n",
]
VERSIONS = st.fixed_dictionaries(
    {},
    optional={
        "transformers": st.sampled_from(["4.40.2", "4.46.0", "4.57.6", "5.0.0", "5.15.0", "5.23.0"]),
        "datasets": st.sampled_from(["2.14.0", "3.6.0", "4.0.0", "5.2.0"]),
        "huggingface_hub": st.sampled_from(["0.36.0", "1.0.0", "2.4.0"]),
        "evaluate": st.just("0.4.6"),
    },
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(SNIPPETS), min_size=1, max_size=4), VERSIONS)
def test_any_mix_of_old_forms_rewrites_to_code_that_compiles(snippets, versions):
    source = "".join(snippets)
    result = rewrite(source, versions)
    compile(result.source, "<step>", "exec")
    lines = source.count("\n")
    assert all(1 <= f.line <= lines for f in result.findings)
    assert [f.line for f in result.findings] == sorted(f.line for f in result.findings)
    assert len(result.origins) == result.source.count("\n")
    assert all(1 <= origin <= lines for origin in result.origins)
    again = rewrite(result.source, versions)
    assert Action.REWRITTEN not in {f.action for f in again.findings}, "a rewritten step still needs rewriting"


TOKENS = [
    "(", ")", "[", "]", ":", "=", ",", ".", "'", '"', "#", "\\", "\n", "    ", "x", "tf.", "def ", "with ", ">>> ",
    "TrainingArguments(", "evaluation_strategy=", '"epoch"', "Trainer(", "tokenizer=", "tokenizer.as_target_tokenizer()",
    "pipeline(", '"question-answering"', "load_dataset(", '"wnut_17"', "from transformers import ", "AdamW",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=25).map("".join))
def test_arbitrary_text_never_raises(text):
    result = rewrite(text, {"transformers": "5.23.0", "datasets": "5.2.0", "huggingface_hub": "2.4.0"})
    if not result.findings:
        assert result.source == text
    try:
        compile(text, "<step>", "exec")
    except (SyntaxError, ValueError):
        return
    compile(result.source, "<step>", "exec")


def test_defining_a_name_is_not_using_the_library_one():
    source = "class TextDataset(Dataset):\n    def __init__(self, AutoModelWithLMHead=None):\n        pass\n"
    assert rewrite(source, {"transformers": "5.0.0"}).findings == ()


@pytest.mark.parametrize(
    ("source", "rewritten"),
    [
        (
            "ids = tok.apply_chat_template(m, return_tensors='pt')\nout = model.generate(ids.to(model.device))\n",
            "ids = tok.apply_chat_template(m, return_tensors='pt')[\"input_ids\"]\nout = model.generate(ids.to(model.device))\n",
        ),
        (
            "ids = tok.apply_chat_template(m, return_tensors='pt').to(model.device)\nout = model.generate(ids)\n",
            "ids = tok.apply_chat_template(m, return_tensors='pt')[\"input_ids\"].to(model.device)\nout = model.generate(ids)\n",
        ),
        (
            "inputs = tok.apply_chat_template(m, return_tensors='pt').to(model.device)\nout = model.generate(**inputs)\n",
            None,
        ),
    ],
)
def test_chat_template_ids_moved_to_a_device_are_still_ids(source, rewritten):
    result = rewrite(source, {"transformers": "5.0.0"})
    assert result.source == (rewritten or source)
    assert {f.rule for f in result.findings} == ({"transformers.chat-template-ids"} if rewritten else set())


def test_which_processor_a_name_holds_is_read_from_earlier_steps_of_the_page():
    earlier = {"checkpoint": "'HuggingFaceM4/idefics-9b-instruct'", "processor": "AutoProcessor.from_pretrained(checkpoint)"}
    step = 'inputs = processor(prompts, return_tensors="pt").to("cpu")\n'
    assert rewrite(step, {"transformers": "5.0.0"}, earlier=earlier).source == step.replace("(prompts", "(text=prompts")
    other = {"processor": "AutoProcessor.from_pretrained('google/vit-base-patch16-224')"}
    assert rewrite('inputs = processor(image, return_tensors="pt")\n', {"transformers": "5.0.0"}, earlier=other).findings == ()


def test_chat_template_ids_an_earlier_step_bound_are_indexed_where_they_are_used():
    earlier = {"model_inputs": "tokenizer.apply_chat_template(messages, return_tensors='pt').to(model.device)"}
    step = "generated_ids = model.generate(model_inputs, max_new_tokens=100)\n"
    result = rewrite(step, {"transformers": "5.0.0"}, earlier=earlier)
    assert result.source == 'generated_ids = model.generate(model_inputs["input_ids"], max_new_tokens=100)\n'
    as_dict = {"model_inputs": "tokenizer.apply_chat_template(messages, return_dict=True)"}
    assert rewrite(step, {"transformers": "5.0.0"}, earlier=as_dict).findings == ()
