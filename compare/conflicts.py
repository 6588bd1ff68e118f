"""Conflicts: independent sources stating different figures for the same thing.

Two claims conflict only when they come from different sources — different
syndication groups, so two copies of one story never conflict — and are about
the same (index, locality, province, year). Targets are not figures.

Two kinds, because a journalist needs to know which one is a mistake:

- ``contradicts``: the sources cannot both be right. Two scores that differ
  at the coarser printed precision (on the same scale), two different exact
  ranks or totals, or two different units at the same end of a table
  ("An Giang is last" vs "Bình Thuận is last").
- ``incomplete``: the sources agree where they overlap but one says less —
  one names the bottom two, another the bottom three.

End-of-table lists are built per source and ranking (index, year, and the
table the rank belongs to: provinces, ministries, or one province's districts,
departments or communes — a DDCI rank is never compared across provinces).
A source that gives several units the same end rank ("Bình Thuận and Sóc
Trăng are at the bottom", both 63) states a *block*, not positions: its ranks
are not compared one by one, only its membership. Equal ranks mid-table may be
ties and are not reported.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any, Literal

import pandas as pd

from compare.figures import same_figure, scores_comparable, show
from compare.localities import is_province_level, name_key
from compare.records import claim_records, preference

ConflictType = Literal["contradicts", "incomplete"]
_SUBPROVINCIAL_TIER = {
    "sở": "sở, ban, ngành",
    "xã": "cấp xã",
    "phường": "cấp xã",
    "thị trấn": "cấp xã",
}


@dataclass(frozen=True, slots=True)
class Evidence:
    """One source's side of a conflict: what it states, where, and in which words."""

    article_id: str
    source_group: str
    url: str
    source: str
    title: str
    published: str | None
    locality: str
    kind: str
    value: str
    evidence: str
    span: tuple[int, int]


@dataclass(frozen=True, slots=True)
class Conflict:
    """Different figures from independent sources; ``evidences`` holds each side."""

    type: ConflictType
    field: str  # score | rank | rank_total | top | bottom
    index: str
    year: int
    locality: str  # "" for a conflict about an end-of-table list
    province: str | None
    scope: str
    summary: str
    evidences: tuple[Evidence, ...]

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["evidences"] = [asdict(e) for e in self.evidences]
        for e in out["evidences"]:
            e["span"] = list(e["span"])
        return out


def find_conflicts(claims: pd.DataFrame, groups: Mapping[str, str] | None = None) -> list[Conflict]:
    """All conflicts among ``claims`` (a ``Store.claims_df()`` frame), sources counted
    by syndication ``groups`` (article_id → group id)."""
    records = [r for r in claim_records(claims, groups) if r["kind"] != "target"]
    tables = _rankings(records)
    out = _figure_conflicts(records, block_statements(records, tables))
    out.extend(_list_conflicts(tables))
    out.sort(key=lambda c: (c.index, c.year, c.scope, c.locality, c.field))
    return out


def conflicts_frame(conflicts: Iterable[Conflict]) -> pd.DataFrame:
    """One row per conflict side, for tables and CSV: the conflict's fields plus the
    evidence's value, sentence and URL."""
    rows = []
    for n, c in enumerate(conflicts, 1):
        for e in c.evidences:
            rows.append(
                {
                    "conflict": n,
                    "type": c.type,
                    "field": c.field,
                    "index": c.index,
                    "year": c.year,
                    "locality": e.locality,
                    "province": c.province,
                    "scope": c.scope,
                    "value": e.value,
                    "kind": e.kind,
                    "url": e.url,
                    "source": e.source,
                    "published": e.published,
                    "article_id": e.article_id,
                    "evidence": e.evidence,
                }
            )
    columns = ["conflict", "type", "field", "index", "year", "locality", "province", "scope",
               "value", "kind", "url", "source", "published", "article_id", "evidence"]
    return pd.DataFrame(rows, columns=columns)


def block_statements(records: list[dict], tables: dict[tuple, _Table] | None = None) -> set[int]:
    """``id()`` of the records (from :func:`compare.records.claim_records`) whose rank
    is a block statement — one source giving several units the same end rank — and so
    says "among the last n", not a position."""
    tables = _rankings(records) if tables is None else tables
    return {id(r) for table in tables.values() for r in _block_members(table)}


# -- one unit, different figures ----------------------------------------------


def _figure_conflicts(records: list[dict], blocked: set[int]) -> list[Conflict]:
    by_key: dict[tuple, list[dict]] = defaultdict(list)
    for r in records:
        key = (r["index"], r["year"], name_key(r["locality"]), name_key(r["province"]))
        by_key[key].append(r)
    out = []
    for items in by_key.values():
        if len({r["group"] for r in items}) < 2:
            continue
        for name in ("score", "rank", "rank_total"):
            stated = [r for r in items if r[name] is not None]
            if name != "score":
                stated = [r for r in stated if id(r) not in blocked]
            if len({r["group"] for r in stated}) < 2:
                continue
            involved = _disagreeing(name, stated)
            if involved:
                out.append(_figure_conflict(name, involved))
    return out


def _disagreeing(name: str, stated: list[dict]) -> list[dict]:
    """The records on either side of a disagreement between different sources, or []."""
    if name != "score":
        # two or more sources and two or more values: some two sources differ
        return stated if len({r[name] for r in stated}) > 1 else []
    # Scores are equal at the coarser printed precision, which is not transitive: compare
    # each distinct printed value (with its scale) with each other.
    classes: dict[tuple, list[dict]] = defaultdict(list)
    for r in stated:
        classes[(r["score_exact"], r["score_decimals"], r["score_unit"], r["score_max"])].append(r)
    values = list(classes.values())
    involved: dict[int, dict] = {}
    for i, side_a in enumerate(values):
        for side_b in values[i + 1 :]:
            groups = {r["group"] for r in side_a} | {r["group"] for r in side_b}
            if len(groups) > 1 and _differ("score", side_a[0], side_b[0]):
                involved.update((id(r), r) for r in side_a + side_b)
    return list(involved.values())


def _differ(name: str, a: dict, b: dict) -> bool:
    if name != "score":
        return a[name] != b[name]
    if not scores_comparable(
        a["index"], a["score_unit"], a["score_max"], b["score_unit"], b["score_max"],
        a["score"], b["score"],
    ):
        return False
    return not same_figure(
        a["score_exact"], a["score_decimals"], b["score_exact"], b["score_decimals"]
    )


def _stated(name: str, r: dict) -> str:
    if name == "score":
        return show(r["score_exact"], r["score_decimals"])
    if name == "rank":
        return f"{r['rank']}/{r['rank_total']}" if r["rank_total"] else str(r["rank"])
    return f"/{r['rank_total']}"


def _figure_conflict(name: str, items: list[dict]) -> Conflict:
    evidences = _evidences(items, lambda r: _stated(name, r))
    first = items[0]
    values = " vs ".join(dict.fromkeys(e.value for e in evidences))
    summary = f"{first['locality']} {first['index']} {first['year']}: {name} {values}"
    return Conflict(
        type="contradicts",
        field=name,
        index=first["index"],
        year=first["year"],
        locality=first["locality"],
        province=first["province"],
        scope=_scope_label(first),
        summary=summary,
        evidences=evidences,
    )


def _evidences(items: list[dict], value) -> tuple[Evidence, ...]:
    """One evidence per (source group, unit, value): the result before a derived figure,
    then the one with a URL, then the earliest published."""
    best: dict[tuple[str, str, str], dict] = {}
    for r in sorted(items, key=preference):
        best.setdefault((r["group"], name_key(r["locality"]), value(r)), r)
    return tuple(
        Evidence(
            article_id=r["article_id"],
            source_group=r["group"],
            url=r["url"],
            source=r["source"],
            title=r["title"],
            published=r["published"],
            locality=r["locality"],
            kind=r["kind"],
            value=v,
            evidence=r["evidence"],
            span=r["span"],
        )
        for (_, _, v), r in best.items()
    )


# -- end-of-table lists -------------------------------------------------------


def _scope(r: dict) -> tuple[str, str]:
    """Which ranking table a rank belongs to."""
    if r["locality_type"] == "bộ":
        return ("ministries", "")
    if is_province_level(r["locality"], r["locality_type"], r["province"]):
        return ("provinces", "")
    tier = _SUBPROVINCIAL_TIER.get(r["locality_type"], "cấp huyện")
    return (tier, name_key(r["province"]))


def _scope_label(r: dict) -> str:
    kind, _ = _scope(r)
    if kind in ("ministries", "provinces"):
        return kind
    return f"{r['province'] or '?'}: {kind}"


@dataclass(slots=True)
class _Table:
    """One ranking (index, year, scope): each source's ranked units and the table size."""

    index: str
    year: int
    label: str
    total: int | None
    by_group: dict[str, dict[str, dict]]  # group → locality key → record


def _rankings(records: list[dict]) -> dict[tuple, _Table]:
    tables: dict[tuple, _Table] = {}
    for r in sorted(records, key=preference):
        if r["rank"] is None:
            continue
        key = (r["index"], r["year"], _scope(r))
        table = tables.setdefault(key, _Table(r["index"], r["year"], _scope_label(r), None, {}))
        table.by_group.setdefault(r["group"], {}).setdefault(name_key(r["locality"]), r)
        if r["rank_total"] is not None:
            table.total = max(table.total or 0, r["rank_total"])
    return tables


def _end_ranks(table: _Table) -> dict[str, int]:
    ends = {"top": 1}
    if table.total:
        ends["bottom"] = table.total
    return ends


def _block_members(table: _Table) -> list[dict]:
    """Records whose rank is a block statement (several units given one end rank)."""
    out = []
    for ranked in table.by_group.values():
        for end_rank in _end_ranks(table).values():
            at_end = [r for r in ranked.values() if r["rank"] == end_rank]
            if len(at_end) >= 2:
                out.extend(at_end)
    return out


@dataclass(slots=True)
class _EndList:
    group: str
    members: dict[str, dict]  # locality key → record, in order from the end
    exact: bool  # positions known (a run of ranks), not a block


def _end_list(table: _Table, group: str, end: str) -> _EndList | None:
    ranked = table.by_group[group]
    end_rank = _end_ranks(table)[end]
    step = 1 if end == "top" else -1
    at_end = {k: r for k, r in ranked.items() if r["rank"] == end_rank}
    if not at_end:
        return None
    if len(at_end) >= 2:
        return _EndList(group, at_end, exact=False)
    members: dict[str, dict] = {}
    position = end_rank
    while True:
        here = {k: r for k, r in ranked.items() if r["rank"] == position}
        if len(here) != 1:
            break
        members.update(here)
        position += step
    return _EndList(group, members, exact=True)


def _list_conflicts(tables: dict[tuple, _Table]) -> list[Conflict]:
    merged: dict[tuple, list[_EndList]] = defaultdict(list)
    labels: dict[tuple, tuple[_Table, str, ConflictType]] = {}
    for key, table in tables.items():
        groups = sorted(table.by_group)
        for end in _end_ranks(table):
            lists = [el for g in groups if (el := _end_list(table, g, end)) is not None]
            for i, a in enumerate(lists):
                for b in lists[i + 1 :]:
                    verdict = _compare_lists(table, a, b)
                    if verdict is None:
                        continue
                    mkey = (key, end, verdict)
                    labels[mkey] = (table, end, verdict)
                    for el in (a, b):
                        if all(el is not x for x in merged[mkey]):
                            merged[mkey].append(el)
    out = []
    for mkey, lists in merged.items():
        table, end, verdict = labels[mkey]
        out.append(_list_conflict(table, end, verdict, lists))
    return out


def _compare_lists(table: _Table, a: _EndList, b: _EndList) -> ConflictType | None:
    sa, sb = set(a.members), set(b.members)
    if sa == sb:
        return None  # same units; differing exact positions are figure conflicts
    small, large = (a, b) if len(sa) <= len(sb) else (b, a)
    if set(small.members) < set(large.members):
        if large.exact:
            first = list(large.members)[: len(small.members)]
            if set(first) != set(small.members):
                return "contradicts"
        return "incomplete" if len(small.members) >= 2 else None
    # Neither contains the other. When every unit one source is missing is ranked
    # elsewhere by that source, the per-unit rank conflicts already say it.
    ranked_a, ranked_b = table.by_group[a.group], table.by_group[b.group]
    if all(k in ranked_b for k in sa - sb) and all(k in ranked_a for k in sb - sa):
        return None
    return "contradicts"


def _list_conflict(table: _Table, end: str, verdict: ConflictType, lists: list[_EndList]) -> Conflict:
    items = [r for el in lists for r in el.members.values()]
    evidences = _evidences(items, lambda r: _stated("rank", r))
    names = []
    for el in lists:
        first = next(iter(el.members.values()))
        who = first["source"] or first["url"] or first["article_id"]
        units = ", ".join(r["locality"] for r in el.members.values())
        names.append(f"{who}: {units}")
    summary = (
        f"{table.index} {table.year} {end} of the {table.label} table — " + " | ".join(names)
    )
    return Conflict(
        type=verdict,
        field=end,
        index=table.index,
        year=table.year,
        locality="",
        province=None if table.label in ("provinces", "ministries") else items[0]["province"],
        scope=table.label,
        summary=summary,
        evidences=evidences,
    )
