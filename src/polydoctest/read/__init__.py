"""The read stage: page bytes -> repaired text + repair report.

Pages arrive damaged by a lossy channel (UTF-8 decoded with a single-byte code page, undefined
bytes and control characters dropped, saved as UTF-8). This stage detects the code page, fills
every hole with a character language model built from word lists and in-domain pages, and
reports each fill with its confidence and alternatives. It knows nothing about Markdown.
"""

from polydoctest.read.damage.channel import CODEPAGES, damage
from polydoctest.read.inputs import MAX_PAGE_BYTES, read_page_text
from polydoctest.read.models.base_model import build_bases as build_models
from polydoctest.read.page import read_page
from polydoctest.read.repair import is_damaged, repair_text
from polydoctest.read.report import CONFIDENT_FROM, Fill, Reading, RepairReport, is_confident

__all__ = [
    "CODEPAGES",
    "CONFIDENT_FROM",
    "MAX_PAGE_BYTES",
    "Fill",
    "Reading",
    "RepairReport",
    "build_models",
    "damage",
    "is_confident",
    "is_damaged",
    "read_page",
    "read_page_text",
    "repair_text",
]
