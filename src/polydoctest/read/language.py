"""Guess a page's language from the script of its intact letters, when the caller can't say.

Only the script is knowable from letters alone; within a script the language is the one the
docs of this project use (Arabic script -> ar, Han -> zh unless kana appear).
"""

from __future__ import annotations

import unicodedata
from collections import Counter

_SCRIPTS = {
    "ARABIC": "ar",
    "HANGUL": "ko",
    "CJK": "zh",
    "HIRAGANA": "ja",
    "KATAKANA": "ja",
    "CYRILLIC": "ru",
    "GREEK": "el",
    "HEBREW": "he",
    "THAI": "th",
    "DEVANAGARI": "hi",
    "BENGALI": "bn",
}


def infer_language(text: str) -> str | None:
    """The language of the most common non-Latin script among the letters of `text` (kana
    anywhere make Han text Japanese), or None when there is none."""
    scripts: Counter[str] = Counter()
    for char in text:
        if char.isascii() or not char.isalpha():
            continue
        script = unicodedata.name(char, "").split(" ")[0]
        if script in _SCRIPTS:
            scripts[_SCRIPTS[script]] += 1
    if not scripts:
        return None
    if scripts["ja"] and scripts["zh"]:
        scripts["ja"] += scripts.pop("zh")
    return scripts.most_common(1)[0][0]
