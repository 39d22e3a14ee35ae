"""Choose the fills of runs of holes: a beam search over the page, batched across clusters.

The model's state is the last n-1 characters, so once n-1 intact characters follow a hole the
choices before it no longer matter to anything after it. That cuts the page into independent
*clusters* of holes. Step t of the search extends the t-th hole of every cluster in one batch
of numpy calls, so the number of Python-level steps is the length of the longest cluster, not
the number of holes. Hypotheses ending in the same n-1 characters are merged (Viterbi).
"""

from __future__ import annotations

import numpy as np

from polydoctest.read.models.hashing import codes_of
from polydoctest.read.models.model import CharModel
from polydoctest.read.search.layout import Layout

BEAM_WIDTH = 8


def clusters(layout: Layout, order: int) -> list[list[int]]:
    """Runs of units separated by fewer than n-1 intact characters."""
    found: list[list[int]] = []
    for unit in range(len(layout.units)):
        if found and len(layout.gaps[unit]) < order - 1:
            found[-1].append(unit)
        else:
            found.append([unit])
    return found


def padded_codes(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The texts' code points in one zero-padded matrix, and their lengths."""
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    codes = np.zeros((len(texts), max(1, int(lengths.max(initial=0)))), dtype=np.uint32)
    codes[np.arange(codes.shape[1]) < lengths[:, None]] = codes_of("".join(texts))
    return codes, lengths


def _group_starts(sorted_groups: np.ndarray) -> np.ndarray:
    return np.flatnonzero(np.concatenate([[True], sorted_groups[1:] != sorted_groups[:-1]]))


def _rank_in_group(sorted_groups: np.ndarray) -> np.ndarray:
    starts = _group_starts(sorted_groups)
    sizes = np.diff(np.concatenate([starts, [len(sorted_groups)]]))
    return np.arange(len(sorted_groups)) - np.repeat(starts, sizes)


def best_first(owner: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows grouped by `owner` (ascending), best score first within a group (ties in row
    order), and each of those rows' rank within its group."""
    order = np.lexsort((-scores, owner))
    return order, _rank_in_group(owner[order])


def _survivors(cluster_of: np.ndarray, scores: np.ndarray, merge_keys: np.ndarray, width: int) -> np.ndarray:
    """Rows to keep, best first per cluster: the `width` best, one per distinct model state."""
    order = np.lexsort((-scores, cluster_of))
    combined = merge_keys[order] ^ (cluster_of[order].astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15))
    _, first = np.unique(combined, return_index=True)
    order = order[np.sort(first)]
    return order[_rank_in_group(cluster_of[order]) < width]


def left_context(layout: Layout, unit: int, choice: list[int] | None, width: int) -> str:
    """The `width` characters before `unit` given the choices before it (or nothing for
    them), padded as if at a line start at the top of the page."""
    parts: list[str] = []
    size = 0
    index = unit
    while size < width and index >= 0:
        parts.append(layout.gaps[index])
        size += len(layout.gaps[index])
        if index > 0 and size < width:
            text = layout.options[index - 1][choice[index - 1]].text if choice is not None else ""
            parts.append(text)
            size += len(text)
        index -= 1
    return "".join(reversed(parts))[-width:].rjust(width, "\n")


def _expansion_texts(layout: Layout, groups: list[list[int]], order: int):
    """For every (unit, option): the option + the intact text up to the next unit of its
    cluster (or n-1 characters past the cluster's last unit) as one padded code matrix, the
    options' priors, and where each unit's rows start."""
    texts: list[str] = []
    priors: list[float] = []
    offsets = np.zeros(len(layout.units) + 1, dtype=np.int64)
    for group in groups:
        for position, unit in enumerate(group):
            following = layout.gaps[unit + 1] if position < len(group) - 1 else layout.gaps[unit + 1][: order - 1]
            options = layout.options[unit]
            texts += [option.text + following for option in options]
            priors += [option.prior for option in options]
            offsets[unit + 1] = len(options)
    codes, lengths = padded_codes(texts)
    return codes, lengths, np.array(priors), np.cumsum(offsets)


def best_path(model: CharModel, layout: Layout, width: int | None = None) -> list[int]:
    """For every unit the index of its option on the best path the beam finds."""
    width = width or BEAM_WIDTH
    n = model.order
    # Clusters with the same text around them, between their units and the same options end
    # alike (pages repeat their phrases): each kind is searched once.
    alike: dict[tuple, list[list[int]]] = {}
    for group in clusters(layout, n):
        kind = (
            left_context(layout, group[0], None, n - 1),
            layout.gaps[group[-1] + 1][: n - 1],
            tuple((layout.gaps[unit] if position else "", layout.options[unit]) for position, unit in enumerate(group)),
        )
        alike.setdefault(kind, []).append(group)
    if not alike:
        return []
    groups = [same[0] for same in alike.values()]
    codes, lengths, priors, offsets = _expansion_texts(layout, groups, n)
    group_sizes = np.array([len(group) for group in groups])
    unit_at = np.zeros((len(groups), int(group_sizes.max())), dtype=np.int64)  # the t-th unit of each cluster
    unit_at[np.arange(unit_at.shape[1]) < group_sizes[:, None]] = [unit for group in groups for unit in group]
    option_counts = np.diff(offsets)

    state = model.state_after([left for left, _, _ in alike])
    beam_cluster = np.arange(len(groups))
    beam_score = np.zeros(len(groups))
    beam_node = np.full(len(groups), -1)
    node_parent: list[np.ndarray] = []
    node_choice: list[np.ndarray] = []
    node_count = 0
    final_node = np.full(len(groups), -1)
    for step in range(int(group_sizes.max())):
        units = unit_at[beam_cluster, step]
        counts = option_counts[units]
        parent = np.repeat(np.arange(len(beam_cluster)), counts)
        choice = np.arange(len(parent)) - np.repeat(np.cumsum(counts) - counts, counts)
        rows = offsets[units[parent]] + choice
        gained, grown = model.read(state.take(parent), codes[rows], lengths[rows])
        scores = beam_score[parent] + gained + priors[rows]
        cluster_of = beam_cluster[parent]
        keep = _survivors(cluster_of, scores, grown.hashes[:, n - 1], width)
        node_parent.append(beam_node[parent[keep]])
        node_choice.append(choice[keep])
        beam_node = node_count + np.arange(len(keep))
        node_count += len(keep)
        beam_cluster, beam_score, state = cluster_of[keep], scores[keep], grown.take(keep)
        # Survivors come best first per cluster, so a finished cluster's first row is its best.
        done = group_sizes[beam_cluster] == step + 1
        if done.any():
            starts = _group_starts(beam_cluster)
            finished = starts[done[starts]]
            final_node[beam_cluster[finished]] = beam_node[finished]
            alive = np.flatnonzero(~done)
            beam_cluster, beam_score, beam_node, state = (
                beam_cluster[alive], beam_score[alive], beam_node[alive], state.take(alive)
            )
    parents = np.concatenate(node_parent)
    choices = np.concatenate(node_choice)
    path = [0] * len(layout.units)
    for same, node in zip(alike.values(), final_node.tolist()):
        for position in reversed(range(len(same[0]))):
            for group in same:
                path[group[position]] = int(choices[node])
            node = int(parents[node])
    return path


def best_path_around(model: CharModel, layout: Layout, choice: list[int], units: set[int], width: int | None = None) -> list[int]:
    """`choice` with the clusters holding any of `units` searched again, the rest kept.

    Clusters are independent given their n-1 characters of context on either side, so the
    clusters to revisit are laid out on their own, each with the text around it (under the
    current choice) as its gaps."""
    n = model.order
    groups = [group for group in clusters(layout, n) if units.intersection(group)]
    if not groups:
        return choice
    width_context = n - 1
    gaps: list[str] = []
    picked: list[int] = []
    pending = ""
    for group in groups:
        before = left_context(layout, group[0], choice, width_context)
        gaps.append(pending + before if gaps else before)
        for position, unit in enumerate(group):
            picked.append(unit)
            if position < len(group) - 1:
                gaps.append(layout.gaps[unit + 1])
        pending = _right_context(layout, group[-1], choice, width_context)
    gaps.append(pending)
    sub = Layout(tuple(gaps), tuple(layout.units[u] for u in picked), tuple(layout.options[u] for u in picked))
    found = best_path(model, sub, width)
    improved = list(choice)
    for unit, pick in zip(picked, found):
        improved[unit] = pick
    return improved


def _right_context(layout: Layout, unit: int, choice: list[int], width: int) -> str:
    """The `width` characters after `unit` given the choices after it."""
    parts: list[str] = []
    size = 0
    index = unit + 1
    while size < width and index < len(layout.gaps):
        parts.append(layout.gaps[index])
        size += len(layout.gaps[index])
        if index < len(layout.units) and size < width:
            text = layout.options[index][choice[index]].text
            parts.append(text)
            size += len(text)
        index += 1
    return "".join(parts)[:width]
