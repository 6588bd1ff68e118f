"""Claims as plain records for comparison: one dict per claim, with its source group.

Trends and conflicts both read the store's ``claims_df()`` (the contract's
columns plus the article's published date, source and title) and need the
same things from it: None instead of NaN, ints for ranks, and the
syndication group that makes copies of one story count as one source.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from compare.figures import decimal_of, printed_decimals
from extract.claims import CLAIM_FIELDS, Claim

ARTICLE_FIELDS = ("published", "source", "title")


def claims_frame(claims: Iterable[Claim], articles: Mapping[str, dict] | None = None) -> pd.DataFrame:
    """A ``claims_df()``-shaped frame from Claim objects (tests, notebooks, ``check``);
    ``articles`` maps article_id → {published, source, title}."""
    rows = []
    for claim in claims:
        row = claim.to_dict()
        extra = (articles or {}).get(claim.article_id, {})
        for name in ARTICLE_FIELDS:
            row[name] = extra.get(name)
        rows.append(row)
    return pd.DataFrame(rows, columns=[*CLAIM_FIELDS, *ARTICLE_FIELDS])


def _clean(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            return value.item()  # numpy scalar → Python
        except (ValueError, AttributeError):
            return value
    return value


def claim_records(
    claims: pd.DataFrame, groups: Mapping[str, str] | None = None
) -> list[dict[str, Any]]:
    """Every claim as a dict of Python values plus ``group`` (its syndication group, the
    article itself when ungrouped), ``published`` as YYYY-MM-DD or None, and the score as
    printed: ``score_exact`` (Decimal) with ``score_decimals`` (read once, here)."""
    groups = groups or {}
    out = []
    for raw in claims.to_dict("records"):
        rec = {k: _clean(v) if k != "span" else v for k, v in raw.items()}
        for name in ("rank", "rank_total", "year"):
            if rec.get(name) is not None:
                rec[name] = int(rec[name])
        for name in ("score", "score_max"):
            if rec.get(name) is not None:
                rec[name] = float(rec[name])
        span = rec.get("span")
        rec["span"] = (int(span[0]), int(span[1])) if span is not None and len(span) == 2 else (0, 0)
        published = rec.get("published")
        rec["published"] = str(published)[:10] if published else None
        for name in ("url", "source", "title", "evidence", "index_mention"):
            rec[name] = rec.get(name) or ""
        rec["group"] = groups.get(rec["article_id"], rec["article_id"])
        if rec.get("score") is not None:
            rec["score_decimals"] = printed_decimals(rec["score"], rec["evidence"])
            rec["score_exact"] = decimal_of(rec["score"])
        else:
            rec["score_decimals"] = rec["score_exact"] = None
        out.append(rec)
    return out


def preference(record: dict[str, Any]) -> tuple:
    """Which of several records to show for one source or value: a stated result before
    a derived figure, one with a URL, the earliest published, then by article id."""
    return (
        record["kind"] != "result",
        not record["url"],
        record["published"] or "9999",
        record["article_id"],
    )
