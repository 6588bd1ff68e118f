"""Trends: the panel of locality × index × year, with provenance.

One row per (index, locality, locality type, province, year) with the figure
the sources state, how many independent sources state anything about it
(syndicated copies count once), their URLs, and the change from the year
before. Targets are goals, not figures, and stay out.

When sources differ, the panel shows the value stated by the most
independent sources (then a stated result before a derived one, then the more
precise, then the earliest) and sets ``disputed``; ``chiso conflicts`` shows
both sides. ``evidence``/``url`` are the sentence and page of the figure shown,
``score_from``/``rank_from`` the articles its score and rank come from. Year-over-year changes are computed only between consecutive
years on the same scale (``score_change``: this year minus last year;
``rank_gain``: last year's rank minus this year's, so +7 reads "up 7 places").
A district's or department's rank is within its own province, so rows
are never compared across provinces.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pandas as pd

from compare.conflicts import Conflict, block_statements, find_conflicts
from compare.figures import at_precision, scores_comparable
from compare.localities import is_province_level, name_key, new_province
from compare.records import claim_records, preference

if TYPE_CHECKING:
    from chiso.store import Store

PANEL_COLUMNS = [
    "index",
    "locality",
    "locality_type",
    "province",
    "year",
    "score",
    "score_unit",
    "score_max",
    "rank",
    "rank_total",
    "score_change",
    "rank_gain",
    "kind",
    "n_sources",
    "n_articles",
    "disputed",
    "evidence",
    "url",
    "urls",
    "article_ids",
    "score_from",
    "rank_from",
]


def build_panel(
    claims: pd.DataFrame,
    groups: Mapping[str, str] | None = None,
    *,
    by_new_province: bool = False,
    conflicts: Iterable[Conflict] | None = None,
) -> pd.DataFrame:
    """The panel from a ``Store.claims_df()`` frame; ``groups`` are syndication groups
    (article_id → group); ``by_new_province`` adds ``new_province`` after ``province``;
    ``conflicts`` saves recomputing :func:`find_conflicts` when the caller has them."""
    records = [r for r in claim_records(claims, groups) if r["kind"] != "target"]
    if conflicts is None:
        conflicts = find_conflicts(claims, groups)
    disputed = {
        (c.index, c.year, name_key(c.locality), name_key(c.province))
        for c in conflicts
        if c.locality
    }
    cells: dict[tuple, list[dict]] = defaultdict(list)
    for r in records:
        entity = (r["index"], name_key(r["locality"]), r["locality_type"], name_key(r["province"]))
        cells[(*entity, r["year"])].append(r)
    blocks = block_statements(records)
    rows = [_row(items, disputed, blocks) for _, items in sorted(cells.items(), key=lambda kv: _order(kv[0]))]
    _add_changes(rows)
    columns = list(PANEL_COLUMNS)
    if by_new_province:
        columns.insert(columns.index("province") + 1, "new_province")
        for row in rows:
            old = row["locality"] if is_province_level(
                row["locality"], row["locality_type"], row["province"]
            ) else row["province"]
            row["new_province"] = new_province(old)
    frame = pd.DataFrame(rows, columns=columns)
    for name in ("year", "rank", "rank_total", "rank_gain", "n_sources", "n_articles"):
        frame[name] = frame[name].astype("Int64")
    for name in ("score", "score_max", "score_change"):
        frame[name] = frame[name].astype("Float64")
    frame["disputed"] = frame["disputed"].astype(bool)
    return frame


def filter_panel(
    panel: pd.DataFrame,
    *,
    localities: Iterable[str] = (),
    provinces: Iterable[str] = (),
    indices: Iterable[str] = (),
    year_from: int | None = None,
    year_to: int | None = None,
) -> pd.DataFrame:
    """Rows for any of the given localities / provinces / indices and within the year
    range (inclusive); names match whatever their case or tone-mark placement."""
    keep = pd.Series(True, index=panel.index)
    if localities := {name_key(x) for x in localities}:
        keep &= panel["locality"].map(name_key).isin(localities)
    if provinces := {name_key(x) for x in provinces}:
        in_province = panel["province"].map(name_key).isin(provinces)
        if "new_province" in panel:
            in_province |= panel["new_province"].map(name_key).isin(provinces)
        keep &= in_province
    if indices := {index_code(x) for x in indices}:
        keep &= panel["index"].isin(indices)
    if year_from is not None:
        keep &= panel["year"] >= year_from
    if year_to is not None:
        keep &= panel["year"] <= year_to
    return panel[keep.fillna(False).astype(bool)].reset_index(drop=True)


def index_code(text: str) -> str:
    """A user's index name as the catalog code: "par index" → PAR_INDEX."""
    return "_".join(text.replace("-", " ").upper().split())


def panel_from_store(store: Store, *, by_new_province: bool = False, **filters: Any) -> pd.DataFrame:
    """The (filtered) panel of a store, sources counted by its syndication groups."""
    from compare.syndication import store_groups

    panel = build_panel(store.claims_df(), store_groups(store), by_new_province=by_new_province)
    return filter_panel(panel, **filters)


# -- one cell -----------------------------------------------------------------


def _order(key: tuple) -> tuple:
    index, locality, locality_type, province, year = key
    return (index, province, locality_type, locality, year)


def _pick(items: list[dict], value, blocks: set[int] = frozenset()) -> dict | None:
    """The record whose value most independent sources state (see the module doc);
    an exact rank before a block statement ("among the last two")."""
    stated = [r for r in items if value(r) is not None]
    if not stated:
        return None
    support: dict[Any, set[str]] = defaultdict(set)
    for r in stated:
        support[value(r)].add(r["group"])
    return min(
        stated,
        key=lambda r: (
            id(r) in blocks,
            -len(support[value(r)]),
            r["kind"] != "result",
            -(r["score_decimals"] or 0),
            preference(r),
        ),
    )


def _printed_score(r: dict) -> Decimal | None:
    if r["score"] is None:
        return None
    return at_precision(r["score_exact"], r["score_decimals"])


def _row(items: list[dict], disputed: set[tuple], blocks: set[int]) -> dict[str, Any]:
    first = items[0]
    by_score = _pick(items, _printed_score)
    by_rank = _pick(items, lambda r: r["rank"], blocks)
    rank_total = None
    if by_rank is not None:
        totals = Counter(r["rank_total"] for r in items if r["rank"] == by_rank["rank"] and r["rank_total"])
        totals = totals or Counter(r["rank_total"] for r in items if r["rank_total"])
        rank_total = totals.most_common(1)[0][0] if totals else None
    else:
        totals = Counter(r["rank_total"] for r in items if r["rank_total"])
        rank_total = totals.most_common(1)[0][0] if totals else None
    headline = by_score or by_rank or first
    key = (first["index"], first["year"], name_key(first["locality"]), name_key(first["province"]))
    return {
        "index": first["index"],
        "locality": first["locality"],
        "locality_type": first["locality_type"],
        "province": first["province"],
        "year": first["year"],
        "score": by_score["score"] if by_score else None,
        "score_unit": by_score["score_unit"] if by_score else None,
        "score_max": by_score["score_max"] if by_score else None,
        "rank": by_rank["rank"] if by_rank else None,
        "rank_total": rank_total,
        "score_change": None,
        "rank_gain": None,
        "kind": "result" if any(r["kind"] == "result" for r in items) else "derived",
        "n_sources": len({r["group"] for r in items}),
        "n_articles": len({r["article_id"] for r in items}),
        "disputed": key in disputed,
        "evidence": headline["evidence"],
        "url": headline["url"],
        "urls": sorted({r["url"] for r in items if r["url"]}),
        "article_ids": sorted({r["article_id"] for r in items}),
        "score_from": by_score["article_id"] if by_score else None,
        "rank_from": by_rank["article_id"] if by_rank else None,
        "_score_record": by_score,
    }


def _add_changes(rows: list[dict]) -> None:
    """Fill score_change and rank_gain between consecutive years of one series."""
    previous: dict[tuple, dict] = {}
    for row in rows:  # sorted by series, then year
        series = (row["index"], name_key(row["province"]), row["locality_type"], name_key(row["locality"]))
        before = previous.get(series)
        if before is not None and before["year"] == row["year"] - 1:
            a, b = before["_score_record"], row["_score_record"]
            if a is not None and b is not None and scores_comparable(
                row["index"], a["score_unit"], a["score_max"], b["score_unit"], b["score_max"],
                a["score"], b["score"],
            ):
                places = max(
                    a["score_decimals"],
                    b["score_decimals"],
                )
                change = b["score_exact"] - a["score_exact"]
                row["score_change"] = float(at_precision(change, places))
            if before["rank"] is not None and row["rank"] is not None:
                row["rank_gain"] = before["rank"] - row["rank"]
        previous[series] = row
    for row in rows:
        row.pop("_score_record", None)
