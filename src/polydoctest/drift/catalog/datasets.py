"""datasets drift, from the measured facts (shared/notes/api-drift.md)."""

from __future__ import annotations

from ..patterns import DatasetColumnAsList, HubId, ImportedName, KeywordArg, LoadCall, ModuleAttribute, SequenceFieldFeature, SubscriptChain
from ..rules import ALWAYS, Rule
from ..transforms import AddKeyword, DropKeyword, MoveImport, RenameKeyword, ReplaceExpression, SubscriptBeforeAttribute, WrapInList
from .hub_ids import LEGACY_DATASET_IDS, SCRIPT_DATASETS

LOADERS = frozenset({"load_dataset", "load_dataset_builder", "get_dataset_config_names", "get_dataset_split_names"})

RULES = (
    Rule(
        id="datasets.script-dataset",
        library="datasets",
        description="`load_dataset(name)` for a dataset built by a loading script (`wnut_17`, `PolyAI/minds14` ...)",
        pattern=LoadCall(frozenset({"load_dataset"}), SCRIPT_DATASETS, missing="revision"),
        rewrite=AddKeyword("revision", '"refs/convert/parquet"'),
        message='`{dataset}` is built by a loading script, which datasets 4.0 no longer runs: load its Parquet conversion with `revision="refs/convert/parquet"`',
        deprecated_in="2.16", removed_in="4.0",
    ),
    Rule(
        id="datasets.trust-remote-code",
        library="datasets",
        description="`load_dataset(..., trust_remote_code=...)`",
        pattern=KeywordArg(LOADERS, frozenset({"trust_remote_code"})),
        rewrite=DropKeyword(),
        message="`trust_remote_code=` is ignored since datasets 4.0, which runs no loading scripts: drop it",
        deprecated_in="4.0", removed_in="4.0",
    ),
    Rule(
        id="datasets.load-metric-import",
        library="datasets",
        description="`from datasets import load_metric`",
        pattern=ImportedName("datasets", frozenset({"load_metric"})),
        rewrite=MoveImport("evaluate", "load"),
        message="`datasets.load_metric` was deprecated in datasets 2.5 and removed in 3.0: use `evaluate.load`",
        deprecated_in="2.5", removed_in="3.0", requires=("evaluate",),
    ),
    Rule(
        id="datasets.load-metric-attribute",
        library="datasets",
        description="`datasets.load_metric(...)`",
        pattern=ModuleAttribute("datasets", frozenset({"load_metric"})),
        rewrite=ReplaceExpression("evaluate.load", "import evaluate"),
        message="`datasets.load_metric` was deprecated in datasets 2.5 and removed in 3.0: use `evaluate.load`",
        deprecated_in="2.5", removed_in="3.0", requires=("evaluate",),
    ),
    Rule(
        id="datasets.use-auth-token",
        library="datasets",
        description="`use_auth_token=` passed to load_dataset and its siblings",
        pattern=KeywordArg(LOADERS, frozenset({"use_auth_token"})),
        rewrite=RenameKeyword("token"),
        message="`use_auth_token=` was renamed `token=` in datasets 2.14 and removed in 3.0",
        deprecated_in="2.14", removed_in="3.0", new_form_from="2.14",
    ),
    Rule(
        id="datasets.audio-path",
        library="datasets",
        description='`example["audio"]["path"]`',
        pattern=SubscriptChain("audio", "path"),
        rewrite=None,
        message='since datasets 4.0 an audio value is a torchcodec AudioDecoder: `["array"]` and `["sampling_rate"]` still work, `["path"]` does not',
        removed_in="4.0",
    ),
    Rule(
        id="datasets.column-as-list",
        library="datasets",
        description="a dataset column concatenated with `+` or passed to `json.dumps`",
        pattern=DatasetColumnAsList(),
        rewrite=WrapInList(),
        message="since datasets 4.0 `dataset[column]` is a lazy Column, not a list: wrap it in `list(...)` to concatenate or serialise it",
        removed_in="4.0",
    ),
    Rule(
        id="datasets.sequence-dict-feature",
        library="datasets",
        description='`features["column"].feature["field"]` on a `Sequence` of a dict (COCO-style `objects`)',
        pattern=SequenceFieldFeature(),
        rewrite=SubscriptBeforeAttribute(),
        message=(
            "since datasets 4.0 a `Sequence` of a dict is a dict of `List`s, one per field: "
            '`features["{column}"]["{field}"].feature` is the field\'s feature'
        ),
        removed_in="4.0", new_form_from="4.0",
    ),
    Rule(
        id="datasets.legacy-dataset-id",
        library="datasets",
        description="a dataset id the Hub moved under an organisation (`imdb`)",
        pattern=HubId(LEGACY_DATASET_IDS, frozenset({"load_dataset"}), {"load_dataset": frozenset({"path"})}),
        # Not rewritten: the Hub redirects the old id; the finding tells translators the new one.
        rewrite=None,
        message="`{old_id}` moved to `{new_id}` on the Hub in 2024; the old id only works through a redirect",
        deprecated_in=ALWAYS,
    ),
)
