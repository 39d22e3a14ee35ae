"""huggingface_hub drift, from the measured facts (shared/notes/api-drift.md).

`huggingface-cli login` -> `hf auth login` is drift in shell blocks, which never reach this
stage (it rewrites Python); it is left to the stage that handles shell steps.
"""

from __future__ import annotations

from ..patterns import KeywordArg, NameUse
from ..rules import Rule
from ..transforms import DropKeyword, NegateFlag, StaticMethodToFunction

NOTEBOOK_LOGIN = frozenset({"notebook_login"})

RULES = (
    Rule(
        id="huggingface_hub.notebook-login-new-session",
        library="huggingface_hub",
        description="`notebook_login(new_session=...)`",
        pattern=KeywordArg(NOTEBOOK_LOGIN, frozenset({"new_session"})),
        rewrite=NegateFlag("skip_if_logged_in"),
        message="`notebook_login(new_session=)` was removed in huggingface_hub 1.0: its opposite is `skip_if_logged_in=`",
        removed_in="1.0", new_form_from="1.0",
    ),
    Rule(
        id="huggingface_hub.notebook-login-write-permission",
        library="huggingface_hub",
        description="`notebook_login(write_permission=...)`",
        pattern=KeywordArg(NOTEBOOK_LOGIN, frozenset({"write_permission"})),
        rewrite=DropKeyword(),
        message="`notebook_login(write_permission=)` was removed in huggingface_hub 1.0: drop it",
        removed_in="1.0",
    ),
    Rule(
        id="huggingface_hub.hffolder",
        library="huggingface_hub",
        description="`HfFolder` (`HfFolder.get_token()`)",
        pattern=NameUse(frozenset({"HfFolder"})),
        rewrite=StaticMethodToFunction("huggingface_hub", "get_token", "get_token"),
        message="`HfFolder` was removed in huggingface_hub 1.0: `HfFolder.get_token()` is `get_token()`",
        removed_in="1.0",
    ),
    Rule(
        id="huggingface_hub.repository",
        library="huggingface_hub",
        description="`Repository` (git-based uploads)",
        pattern=NameUse(frozenset({"Repository"})),
        rewrite=None,
        message="`Repository` was removed in huggingface_hub 1.0: upload with `HfApi().upload_folder(...)`",
        removed_in="1.0",
    ),
    Rule(
        id="huggingface_hub.cached-download",
        library="huggingface_hub",
        description="`cached_download(...)`",
        pattern=NameUse(frozenset({"cached_download"})),
        rewrite=None,
        message="`cached_download` was removed in huggingface_hub 1.0: use `hf_hub_download(repo_id, filename)`",
        removed_in="1.0",
    ),
)
