"""The static HTML report: coverage, one page per locality, conflicts.

Works offline and runs no script: CSS is inlined, charts are inline SVG
(:mod:`compare.report.charts`), and a Content-Security-Policy forbids scripts
and remote resources, so even a missed escape could not run anything.
Every text that came from an article (titles, sentences, names, URLs) goes
through Jinja's autoescaping, and a link is only made from an http(s) URL —
``javascript:`` and friends are shown as text.

Each figure links to the sentence that states it (``#ev-N`` on the same page)
and that sentence to its source URL; with a reference table, each claim also
carries its verdict against the official row.
"""

from __future__ import annotations

import datetime as dt
import math
import shutil
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pandas as pd

from compare.conflicts import Conflict, find_conflicts
from compare.figures import show
from compare.localities import name_key, slug
from compare.records import claim_records
from compare.report.charts import Point, line_chart
from compare.trends import build_panel
from compare.verify import Verdict, claim_figures, official_figures, verify_claim
from extract.claims import CLAIM_FIELDS, Claim

if TYPE_CHECKING:
    from chiso.store import Store
    from compare.reference import ReferenceTable

TEMPLATES = Path(__file__).parent / "templates"


def safe_url(url: str | None) -> str:
    """``url`` when it is an absolute http(s) URL, else "" (no link is made)."""
    if not url:
        return ""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else ""


@dataclass(slots=True)
class ReportSummary:
    out: Path
    localities: int
    claims: int
    conflicts: int
    pages: list[Path] = field(default_factory=list)

    @property
    def index(self) -> Path:
        return self.out / "index.html"


@dataclass(slots=True)
class _ClaimView:
    anchor: str
    record: dict[str, Any]
    figures: str
    url: str
    verdict: Verdict | None


def build_report(
    store: Store, out: str | Path, *, reference: ReferenceTable | None = None
) -> ReportSummary:
    """Write the site for ``store`` into ``out`` (replacing an earlier report there)."""
    from compare.syndication import store_groups

    claims = store.claims_df()
    groups = store_groups(store) if not claims.empty else {}
    n_articles = store.counts()["articles"]
    return render_report(claims, groups, out, reference=reference, n_articles=n_articles)


def render_report(
    claims: pd.DataFrame,
    groups: dict[str, str],
    out: str | Path,
    *,
    reference: ReferenceTable | None = None,
    n_articles: int | None = None,
) -> ReportSummary:
    """Write the site for a ``claims_df()`` frame (see :func:`build_report`)."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    out = Path(out)
    if (out / "loc").is_dir():
        shutil.rmtree(out / "loc")
    (out / "loc").mkdir(parents=True, exist_ok=True)
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_url"] = safe_url
    env.filters["num"] = lambda v, d=None: "" if _missing(v) else show(v, d)
    env.filters["signed"] = lambda v: "" if _missing(v) else ("+" if v > 0 else "") + show(v)

    records = claim_records(claims, groups)
    conflicts = find_conflicts(claims, groups)
    panel = build_panel(claims, groups, by_new_province=True, conflicts=conflicts)
    pages = _locality_pages(records, panel, reference)
    generated = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    common = {"generated": generated, "has_reference": reference is not None}

    page_index = _page_index(pages)
    written = []
    for page in pages:
        path = out / "loc" / f"{page['slug']}.html"
        html = env.get_template("locality.html.j2").render(page=page, root="../", **common)
        path.write_text(html, encoding="utf-8")
        written.append(path)
    (out / "conflicts.html").write_text(
        env.get_template("conflicts.html.j2").render(
            conflicts=[_conflict_view(c, page_index) for c in conflicts], root="", **common
        ),
        encoding="utf-8",
    )
    (out / "index.html").write_text(
        env.get_template("index.html.j2").render(
            coverage=_coverage(panel),
            provinces=_by_province(pages),
            n_claims=len(records),
            n_articles=n_articles if n_articles is not None else claims["article_id"].nunique(),
            n_sources=len({r["group"] for r in records}),
            n_localities=len(pages),
            n_conflicts=len(conflicts),
            root="",
            **common,
        ),
        encoding="utf-8",
    )
    written += [out / "index.html", out / "conflicts.html"]
    return ReportSummary(out, len(pages), len(records), len(conflicts), written)


# -- pages --------------------------------------------------------------------


def _entity(r: dict) -> tuple[str, str, str]:
    return (name_key(r["locality"]), r["locality_type"], name_key(r["province"]))


def _claim(r: dict) -> Claim:
    return Claim.from_dict({k: r[k] for k in CLAIM_FIELDS})


def _locality_pages(
    records: list[dict], panel: pd.DataFrame, reference: ReferenceTable | None
) -> list[dict[str, Any]]:
    by_entity: dict[tuple, list[dict]] = defaultdict(list)
    for r in records:
        by_entity[_entity(r)].append(r)
    rows_by_entity: dict[tuple, list[dict]] = defaultdict(list)
    for row in panel.to_dict("records"):
        row = {k: (None if _missing(v) else v) for k, v in row.items()}
        rows_by_entity[_entity(row)].append(row)

    pages = []
    for entity, items in by_entity.items():
        first = items[0]
        items.sort(key=lambda r: (r["index"], r["year"], r["kind"], r["published"] or "", r["article_id"]))
        views = []
        for n, r in enumerate(items, 1):
            claim = _claim(r)
            verdict = verify_claim(claim, reference) if reference is not None else None
            views.append(_ClaimView(f"ev-{n}", r, claim_figures(claim), safe_url(r["url"]), verdict))
        rows = rows_by_entity.get(entity, [])
        pages.append(
            {
                "slug": slug(first["locality"], first["locality_type"], first["province"]),
                "locality": first["locality"],
                "locality_type": first["locality_type"],
                "province": first["province"],
                "new_province": rows[0]["new_province"] if rows else None,
                "sections": _sections(rows, views),
                "claims": views,
            }
        )
    pages.sort(key=lambda p: (name_key(p["province"]), name_key(p["locality"]), p["locality_type"]))
    return pages


def _missing(value: Any) -> bool:
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _find(views: list[_ClaimView], article_id: str | None, index: str, year: int, name: str, value):
    for v in views:
        r = v.record
        if r["article_id"] == article_id and r["index"] == index and r["year"] == year and r[name] == value:
            return v
    return None


def _sections(rows: list[dict], views: list[_ClaimView]) -> list[dict[str, Any]]:
    by_index: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_index[row["index"]].append(row)
    sections = []
    for index, series in sorted(by_index.items()):
        series.sort(key=lambda r: r["year"])
        table = []
        for row in series:
            score_view = _find(views, row["score_from"], index, row["year"], "score", row["score"])
            rank_view = _find(views, row["rank_from"], index, row["year"], "rank", row["rank"])
            shown = score_view or rank_view
            decimals = (
                score_view.record["score_decimals"]
                if score_view is not None and row["score"] is not None
                else None
            )
            table.append(
                {
                    **row,
                    "score_text": show(row["score"], decimals) if row["score"] is not None else "",
                    "score_anchor": score_view.anchor if score_view else None,
                    "rank_anchor": rank_view.anchor if rank_view else None,
                    "verdict": shown.verdict if shown else None,
                    "official": official_figures(shown.verdict.official)
                    if shown and shown.verdict and shown.verdict.official
                    else "",
                }
            )
        sections.append(
            {
                "index": index,
                "rows": table,
                "score_chart": _score_chart(index, table),
                "rank_chart": _rank_chart(index, table),
            }
        )
    return sections


def _score_chart(index: str, rows: list[dict]):
    scored = [r for r in rows if r["score"] is not None]
    if not scored:
        return ""
    # One scale per chart: the most common stated maximum (None = the index's own).
    scales = defaultdict(int)
    for r in scored:
        scales[r["score_max"]] += 1
    scale = max(scales, key=scales.get)
    points = [
        Point(r["year"], float(r["score"]), f"{r['year']}: {r['score_text']} ({r['n_sources']} nguồn)")
        for r in scored
        if r["score_max"] == scale
    ]
    top = f" /{show(scale, 0)}" if scale else ""
    return line_chart(points, title=f"{index}: score{top}", kind="chart-score")


def _rank_chart(index: str, rows: list[dict]):
    ranked = [r for r in rows if r["rank"] is not None]
    if not ranked:
        return ""
    totals = [r["rank_total"] for r in ranked if r["rank_total"]]
    worst = max(r["rank"] for r in ranked)
    # Zoom on the ranks held (a province moving 1 → 2 → 2 is invisible on a 1-63 axis),
    # never past the table's size; the title says the size.
    bottom = worst + max(2, math.ceil(worst * 0.25))
    if totals:
        bottom = min(bottom, max(totals))
    points = [
        Point(
            r["year"],
            float(r["rank"]),
            f"{r['year']}: {r['rank']}" + (f"/{r['rank_total']}" if r["rank_total"] else ""),
        )
        for r in ranked
    ]
    size = f" of {max(totals)}" if totals else ""
    return line_chart(
        points,
        title=f"{index}: rank{size} (1 = best)",
        kind="chart-rank",
        invert=True,
        y_range=(1, max(bottom, 2)),
        integer=True,
    )


def _coverage(panel: pd.DataFrame) -> dict[str, Any]:
    if panel.empty:
        return {"years": [], "rows": []}
    years = sorted(int(y) for y in panel["year"].unique())
    counts = panel.groupby(["index", "year"]).size()
    rows = []
    for index in sorted(panel["index"].unique()):
        cells = [int(counts.get((index, y), 0)) for y in years]
        rows.append({"index": index, "cells": cells, "total": int(sum(cells))})
    return {"years": years, "rows": rows}


def _by_province(pages: list[dict]) -> list[tuple[str, list[dict]]]:
    grouped: dict[str, list[dict]] = defaultdict(list)
    for page in pages:
        grouped[page["province"] or "—"].append(page)
    return sorted(grouped.items(), key=lambda kv: name_key(kv[0]))


def _page_index(pages: list[dict]) -> dict[tuple[str, str], str]:
    """(locality key, province key) → page slug; also (locality key, "") for the first
    page of that name, for conflicts that do not name a province."""
    index: dict[tuple[str, str], str] = {}
    for p in pages:
        index.setdefault((name_key(p["locality"]), name_key(p["province"])), p["slug"])
        index.setdefault((name_key(p["locality"]), ""), p["slug"])
    return index


def _conflict_view(conflict: Conflict, pages: dict[tuple[str, str], str]) -> dict[str, Any]:
    evidences = []
    for e in conflict.evidences:
        page = pages.get((name_key(e.locality), name_key(conflict.province)))
        evidences.append({"e": e, "url": safe_url(e.url), "page": page})
    return {"c": conflict, "evidences": evidences}
