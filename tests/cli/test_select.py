"""Shards: every page in exactly one, the same split in every job, balanced by what a page costs."""

from __future__ import annotations

from pathlib import Path

import pytest

from polydoctest.errors import UserError
from polydoctest.select import Shard, page_weights, shard_pages

PAGES = [Path(f"docs/source/ko/page{n}.md") for n in range(7)]


@pytest.mark.parametrize("count", [1, 2, 3, 7, 9])
def test_every_page_lands_in_exactly_one_shard(count: int):
    weights = [float(n % 3 + 1) for n in range(len(PAGES))]
    shards = [shard_pages(PAGES, weights, Shard(k, count)) for k in range(1, count + 1)]
    assert sorted(page for shard in shards for page in shard) == sorted(PAGES)
    assert all(shard == sorted(shard, key=PAGES.index) for shard in shards)  # each keeps the pages' order
    assert shards == [shard_pages(PAGES, weights, Shard(k, count)) for k in range(1, count + 1)]


def test_shards_are_balanced_heaviest_first():
    weights = [10.0, 1.0, 1.0, 1.0, 1.0, 1.0, 5.0]
    first, second = (shard_pages(PAGES, weights, Shard(k, 2)) for k in (1, 2))
    assert first == [PAGES[0]]  # the heavy page alone; the rest share the other shard
    assert second == PAGES[1:]


def test_recorded_durations_weigh_pages_and_a_new_page_weighs_the_mean():
    durations = {"docs/source/ko/page0.md": 4.0, "docs/source/ko/page1.md": 2.0}
    assert page_weights(PAGES[:3], durations) == [4.0, 2.0, 3.0]


@pytest.mark.parametrize("text", ["0/2", "3/2", "1", "a/b", "1/0"])
def test_a_wrong_shard_is_a_usage_error(text: str):
    with pytest.raises(UserError) as raised:
        Shard.parse(text)
    assert raised.value.exit_code == 2


def test_a_guide_module_touches_its_guide_and_the_shared_steps_touch_every_guide():
    from polydoctest.reference.guides import GUIDES
    from polydoctest.select import reference_sources

    sources = {path.name: {guide.id for guide in guides} for path, guides in reference_sources().items()}
    text_classification = next(guide for guide in GUIDES if "sequence_classification" in guide.path_hints)
    assert sources["text_classification.py"] == {text_classification.id}
    assert sources["steps.py"] == {guide.id for guide in GUIDES}
