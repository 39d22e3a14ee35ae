"""Running text from installed translation catalogs: found by language, cut to what translators wrote."""

from __future__ import annotations

import struct

import pytest

from polydoctest.read.models import catalogs


def _mo(messages: dict[str, str]) -> bytes:
    """A GNU .mo file (the format gettext reads) holding `messages`."""
    entries = sorted({"": "Content-Type: text/plain; charset=UTF-8\n", **messages}.items())
    ids = [key.encode() for key, _ in entries]
    strs = [value.encode() for _, value in entries]
    header = 7 * 4
    ids_table, strs_table = header, header + 8 * len(entries)
    data_start = strs_table + 8 * len(entries)
    blob, ids_index, strs_index = b"", [], []
    for table, index in ((ids, ids_index), (strs, strs_index)):
        for item in table:
            index.append((len(item), data_start + len(blob)))
            blob += item + b"\0"
    out = struct.pack("<7I", 0x950412DE, 0, len(entries), ids_table, strs_table, 0, 0)
    out += b"".join(struct.pack("<2I", *pair) for pair in ids_index + strs_index)
    return out + blob


@pytest.fixture
def installed(tmp_path, monkeypatch):
    """Install a distribution holding catalogs for the locales given, on sys.path."""

    def install(name: str, catalogs_by_locale: dict[str, dict[str, str]]):
        package, info = tmp_path / name, tmp_path / f"{name}-1.0.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
        record = [f"{info.name}/METADATA,,", f"{info.name}/RECORD,,"]
        for locale, messages in catalogs_by_locale.items():
            path = package / "locale" / locale / "LC_MESSAGES" / "app.mo"
            path.parent.mkdir(parents=True)
            path.write_bytes(_mo(messages))
            record.append(f"{path.relative_to(tmp_path)},,")
        (info / "RECORD").write_text("\n".join(record) + "\n")
        # What is installed is read once per process; a test installs in the middle of one.
        catalogs._catalog_files.cache_clear()
        catalogs.translations.cache_clear()

    monkeypatch.syspath_prepend(str(tmp_path))
    yield install
    catalogs._catalog_files.cache_clear()
    catalogs.translations.cache_clear()


def test_a_catalog_in_the_page_language_is_read_without_placeholders_or_markup(installed):
    installed("demo-pack", {"ko_KR": {"Saved %(name)s to {path}.": "%(name)s을(를) {path}에 저장했습니다.", "<b>Close</b>": "<b>닫기</b>"}})
    found = catalogs.translations("ko")
    assert {"을(를)", "에 저장했습니다.", "닫기"} <= set(found)
    assert not any("%(" in piece or "{path}" in piece or "<b>" in piece for piece in found)


def test_chinese_pages_learn_from_simplified_catalogs_only(installed):
    installed("demo-pack", {"zh_CN": {"Kernel": "内核"}, "zh_TW": {"Kernel": "核心程式"}, "zh_Hant": {"Open": "開啟"}})
    found = catalogs.translations("zh")
    assert "内核" in found and "核心程式" not in found and "開啟" not in found


def test_the_catalogs_are_part_of_what_a_model_depends_on(installed):
    before = catalogs.digest("ar")
    installed("demo-pack", {"ar": {"Save": "حفظ"}})
    assert catalogs.digest("ar") != before and "demo-pack:1.0" in catalogs.digest("ar")
    assert "حفظ" in catalogs.translations("ar")


def test_the_installed_language_packs_give_the_guides_languages_running_text():
    for language in ("ar", "ko", "zh"):
        text = "\n".join(catalogs.translations(language))
        assert len(text) > 4_000, language
    assert "체크포인트" in "\n".join(catalogs.translations("ko"))  # a word no word list has as such
