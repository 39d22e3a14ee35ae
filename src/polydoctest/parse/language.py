"""The language a page is written in: from its path, or else from the script of its text.

Doc trees keep translations under `docs/source/{lang}/` (any `source/{lang}/` counts); a page outside such a tree (a
single file handed to the CLI) is classified by the script most of its non-ASCII letters
are written in. A script shared by several languages maps to the one the Hugging Face docs
translate into (Arabic script -> `ar`, Han -> `zh`, Cyrillic -> `ru`); Latin text is `en`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import PurePath

LANGUAGE_DIR_RE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?$")
DOC_ROOT = "source"

# Unicode character-name prefix -> language. Kana is checked apart: Japanese mixes in Han.
SCRIPTS = {
    "ARABIC": "ar",
    "HANGUL": "ko",
    "CJK": "zh",
    "HIRAGANA": "ja",
    "KATAKANA": "ja",
    "THAI": "th",
    "CYRILLIC": "ru",
    "DEVANAGARI": "hi",
    "HEBREW": "he",
    "GREEK": "el",
    "TELUGU": "te",
    "BENGALI": "bn",
    "TAMIL": "ta",
}
# Below this share of all letters a script is quotation, not the page's language.
MIN_SHARE = 0.05
# Japanese text is mostly kana; Chinese text has none or a stray one.
MIN_KANA_SHARE_FOR_JA = 0.1


def language_from_path(path: str) -> str | None:
    parts = PurePath(path.replace("\\", "/")).parts
    for root, child in zip(parts, parts[1:-1]):
        if root == DOC_ROOT and LANGUAGE_DIR_RE.match(child):
            return child
    return None


def _script(char: str) -> str | None:
    name = unicodedata.name(char, "")
    return next((lang for prefix, lang in SCRIPTS.items() if name.startswith(prefix)), None)


def language_from_text(text: str) -> str:
    letters = [c for c in text if c.isalpha()]
    scripts = Counter(lang for c in letters if not c.isascii() and (lang := _script(c)))
    if scripts["ja"] >= MIN_KANA_SHARE_FOR_JA * (scripts["ja"] + scripts["zh"]) > 0:
        scripts["ja"] += scripts.pop("zh", 0)
    if not scripts:
        return "en"
    lang, count = scripts.most_common(1)[0]
    return lang if count >= MIN_SHARE * len(letters) else "en"


def page_language(path: str | None, text: str) -> str:
    return (language_from_path(path) if path else None) or language_from_text(text)
