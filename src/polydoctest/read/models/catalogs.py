"""Running text in the page's language from the translation catalogs of installed packages.

Word lists say which words a language has, not which word follows which: under cp1252 "전에"
and "전역" have the same damaged form, and only the words around them choose. The gettext
catalogs (`<locale>/LC_MESSAGES/*.mo`) that Python packages ship are real sentences, written by
translators in the register of software documentation ("save the checkpoint before ..."), and
any user can install them: the JupyterLab language packs are pure catalogs. Every installed
catalog of the page's language is read; a message is cut at its placeholders and markup, so
that only text a translator wrote is learned.
"""

from __future__ import annotations

import gettext
import re
from functools import lru_cache
from importlib import metadata

# Catalogs of a language written in another script than the pages of that language: the
# docs' Chinese is simplified, Serbian comes in Cyrillic and Latin.
_OTHER_SCRIPT = {"zh": re.compile(r"tw|hk|mo|hant", re.I), "sr": re.compile(r"latin|latn", re.I)}
_LOCALE_SEPARATOR = re.compile(r"[_@.-]")
# Placeholders (`%(name)s`, `%s`, `%1`, `{0}`), markup and escapes.
_NOT_TRANSLATED = re.compile(r"%\([^)]*\)[-#0 +]*\d*[a-zA-Z]|%\d+|%[-#0 +]*\d*[a-zA-Z%]|\{[^{}]*\}|<[^<>]*>|&\w+;|\\n")
# How much text to read at most, in characters.
LIMIT = 2_000_000


@lru_cache(maxsize=8)
def _catalog_files(language: str) -> tuple[tuple[metadata.Distribution, str], ...]:
    """(distribution, relative path) of every installed catalog in `language`, in a stable order."""
    other_script = _OTHER_SCRIPT.get(language)
    found = []
    for distribution in metadata.distributions():
        if "LC_MESSAGES" not in (distribution.read_text("RECORD") or ""):
            continue  # listing a distribution's files costs more than reading its record
        for file in distribution.files or ():
            parts = file.parts
            if file.suffix != ".mo" or len(parts) < 3 or parts[-2] != "LC_MESSAGES":
                continue
            locale = parts[-3]
            if _LOCALE_SEPARATOR.split(locale)[0].lower() == language and not (other_script and other_script.search(locale)):
                found.append((distribution, str(file)))
    return tuple(sorted(found, key=lambda item: (item[0].metadata["Name"] or "", item[1])))


def _messages(path) -> list[str]:
    with open(path, "rb") as file:
        try:
            catalog = gettext.GNUTranslations(file)
        except (OSError, ValueError, UnicodeDecodeError):
            return []  # a broken catalog teaches nothing
    # GNUTranslations keeps the translations in `_catalog` and offers no public way to list
    # them; the empty key is the catalog's header.
    return [text for key, text in catalog._catalog.items() if key and isinstance(text, str)]


@lru_cache(maxsize=8)
def translations(language: str | None) -> tuple[str, ...]:
    """The translated messages installed for `language`, as pieces of text free of
    placeholders and markup, each distinct piece once, up to `LIMIT` characters."""
    if not language:
        return ()
    pieces: dict[str, None] = {}
    size = 0
    for distribution, file in _catalog_files(language):
        for message in _messages(distribution.locate_file(file)):
            for piece in _NOT_TRANSLATED.split(message):
                piece = piece.strip()
                if piece.isascii() or piece in pieces:
                    continue
                if size + len(piece) > LIMIT:
                    return tuple(pieces)
                pieces[piece] = None
                size += len(piece) + 1
    return tuple(pieces)


def digest(language: str | None) -> str:
    """What `translations` depends on: the name, version and file record of each package
    holding a catalog of `language`."""
    if not language:
        return ""
    distributions = {distribution.metadata["Name"]: distribution for distribution, _ in _catalog_files(language)}
    return "\n".join(
        f"{name}:{distribution.version}:{distribution.read_text('RECORD') or ''}" for name, distribution in sorted(distributions.items())
    )
