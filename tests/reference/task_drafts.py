"""Drafts of the task guides, written from each reference's own code with one thing changed,
as a translator's draft looks: one fence per step, a placeholder namespace (`username/`) where
the guide loads the pushed model back, and, on one page, the imports of `TrainingArguments` and
`Trainer` forgotten (the run supplies them)."""

from __future__ import annotations

from pathlib import Path

from polydoctest.reference import Guide
from polydoctest.reference.guides import guide
from polydoctest.reference.guides.steps import HUB_USER

# guide id -> (reference step, old code, new code, the finding's kind)
CHANGES = {
    "language-modeling": ("training-args", "learning_rate=2e-5", "learning_rate=5e-5", "code-differs"),
    "masked-language-modeling": ("collator", "mlm_probability=0.15", "mlm_probability=0.3", "code-differs"),
    "multiple-choice": ("training-args", "num_train_epochs=3", "num_train_epochs=2", "code-differs"),
    "question-answering": ("tokenize", "max_length=384", "max_length=256", "code-differs"),
    "summarization": ("input", 'text = "summarize: ', 'text = "summarize: Le texte traduit. ', "code-differs"),
    # A name bound to another constant differs where it is bound, whoever reads it (a call of
    # a later step, or the page's own function).
    "translation": ("tokenize", '"translate English to French: "', '"translate English to German: "', "code-differs"),
}
FORGOTTEN_IMPORTS = "masked-language-modeling"


def draft(reference: Guide, change: tuple[str, str, str, str]) -> str:
    step_id, old, new, _ = change
    parts = ["# A draft\n"]
    for step in reference.steps:
        code = step.code.replace(f'"{HUB_USER}/', '"username/')
        if step.id == step_id:
            assert code.count(old) == 1, (reference.id, old)
            code = code.replace(old, new)
        if reference.id == FORGOTTEN_IMPORTS:
            code = code.replace("from transformers import TrainingArguments\n", "")
            code = code.replace("from transformers import Trainer\n", "")
        parts.append(f"\nThe step {step.title.lower()}.\n\n```py\n{code}```\n")
    return "".join(parts)


def write_drafts(folder: Path) -> list[Path]:
    """One draft per guide of `CHANGES`, under names that say nothing of the guide."""
    paths = []
    for position, (guide_id, change) in enumerate(CHANGES.items()):
        path = folder / f"chapter-{position}.md"
        path.write_text(draft(guide(guide_id), change), encoding="utf-8")
        paths.append(path)
    return paths
