"""Verdicts: each claim against the official reference tables.

- ``matches``: every figure the claim states (score, rank, rank total) equals
  an official row at the claim's printed precision (see :mod:`compare.figures`);
- ``contradicts``: a stated figure differs from the best official row — the
  row is returned so the reader sees the official value and its source;
- ``unverifiable``: no official row for that index, unit and year, the row
  lacks a stated figure, the claim is a target, or the score is on another
  scale than the table's.

``disputed`` is set when the official rows for that unit disagree among
themselves (two sources, two figures) or the curator flagged a conflict the
table cannot hold as a number. The claim is then judged against the row it
agrees with best, and the other rows travel along as ``alternatives``.

Never across indices or scales: a PAR INDEX claim is compared with PAR INDEX
rows only; a score only with a table on its scale (PAPI in points of 80, PCI
in points of 100, PAR INDEX/SIPAS in percent, where "điểm" is the same value).
National tables hold provinces and ministries only, so a district's or a
department's rank inside its province is unverifiable here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from compare.figures import decimal_of, printed_decimals, same_figure, show
from compare.localities import is_province_level
from compare.reference import SCALE_MAX, ReferenceRow, ReferenceTable
from extract.claims import Claim

VerdictName = Literal["matches", "contradicts", "unverifiable"]
Check = Literal["matches", "contradicts", "unverifiable"]
FIGURES = ("score", "rank", "rank_total")

# Units a claim may state its score in, per reference scale.
_CLAIM_UNITS = {
    "percent": {"%", "điểm", None},
    "points_of_100": {"điểm", None},
    "points_of_80": {"điểm", None},
    "points_of_1": {None},
}


@dataclass(slots=True)
class Verdict:
    """One claim's verdict, with the official row used and the per-figure checks."""

    claim: Claim
    verdict: VerdictName
    official: ReferenceRow | None = None
    disputed: bool = False
    checks: dict[str, Check] = field(default_factory=dict)
    reason: str = ""
    alternatives: list[ReferenceRow] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The Claim's fields plus ``verdict``, ``official`` (the row used), ``disputed``,
        ``checks``, ``reason`` and ``alternatives`` (the other official rows)."""
        out = self.claim.to_dict()
        out.update(
            verdict=self.verdict,
            official=self.official.to_dict() if self.official else None,
            disputed=self.disputed,
            checks=dict(self.checks),
            reason=self.reason,
            alternatives=[r.to_dict() for r in self.alternatives],
        )
        return out


def claim_level(claim: Claim) -> str | None:
    """The reference level a claim's unit belongs to: province, ministry, or None."""
    if claim.locality_type == "bộ":
        return "ministry"
    if is_province_level(claim.locality, claim.locality_type, claim.province):
        return "province"
    return None


def stated_figures(claim: Claim) -> list[str]:
    return [f for f in FIGURES if getattr(claim, f) is not None]


def verify_claim(claim: Claim, table: ReferenceTable) -> Verdict:
    """Judge one claim against ``table``; see the module docstring for the rules."""
    figures = stated_figures(claim)
    label = f"{claim.index} {claim.year} {claim.locality}"
    if claim.kind == "target":
        return Verdict(claim, "unverifiable", reason="a target, not an achieved result")
    if not figures:
        return Verdict(claim, "unverifiable", reason="the claim states no figure")
    if claim.index not in table.indices():
        return Verdict(claim, "unverifiable", reason=f"no official table for {claim.index}")
    level = claim_level(claim)
    if level is None:
        return Verdict(
            claim,
            "unverifiable",
            reason=f"official tables rank provinces and ministries, not a {claim.locality_type}",
        )
    rows = table.lookup(claim.index, claim.year, level, claim.locality)
    if not rows:
        return Verdict(claim, "unverifiable", reason=f"no official row for {label}")

    scored = [(_check_row(claim, row), row) for row in rows]
    scored.sort(key=lambda item: _row_order(item[0], item[1], rows))
    checks, best = scored[0]
    disputed = rows_disagree(rows)
    if any(c == "contradicts" for c in checks.values()):
        verdict: VerdictName = "contradicts"
    elif all(checks.get(f) == "matches" for f in figures):
        verdict = "matches"
    else:
        verdict = "unverifiable"
    return Verdict(
        claim,
        verdict,
        official=best,
        disputed=disputed,
        checks=checks,
        reason=_reason(claim, checks, best, [r for r in rows if r is not best] if disputed else []),
        alternatives=[r for r in rows if r is not best],
    )


def verify_claims(claims: Iterable[Claim], table: ReferenceTable) -> list[Verdict]:
    return [verify_claim(c, table) for c in claims]


def rows_disagree(rows: list[ReferenceRow]) -> bool:
    """True when official rows for one unit state different figures (compared at the
    coarser printed precision) or a row's note flags a CONFLICT."""
    if any("CONFLICT" in r.note.upper() for r in rows):
        return True
    for i, a in enumerate(rows):
        for b in rows[i + 1 :]:
            if a.score is not None and b.score is not None:
                if not same_figure(a.score, a.score_decimals, b.score, b.score_decimals):
                    return True
            for name in ("rank", "rank_total"):
                va, vb = getattr(a, name), getattr(b, name)
                if va is not None and vb is not None and va != vb:
                    return True
    return False


def _check_row(claim: Claim, row: ReferenceRow) -> dict[str, Check]:
    checks: dict[str, Check] = {}
    if claim.score is not None:
        if row.score is None or not score_on_scale(claim, row.score_unit):
            checks["score"] = "unverifiable"
        else:
            value = decimal_of(claim.score)
            places = printed_decimals(claim.score, claim.evidence)
            same = same_figure(value, places, row.score, row.score_decimals)
            checks["score"] = "matches" if same else "contradicts"
    for name in ("rank", "rank_total"):
        stated, official = getattr(claim, name), getattr(row, name)
        if stated is None:
            continue
        if official is None:
            checks[name] = "unverifiable"
        else:
            checks[name] = "matches" if int(stated) == int(official) else "contradicts"
    return checks


def score_on_scale(claim: Claim, score_unit: str) -> bool:
    """Whether the claim's score is on the table's scale: an allowed unit word, no
    other stated maximum, and a value inside the scale."""
    top = SCALE_MAX[score_unit]
    if claim.score_unit not in _CLAIM_UNITS[score_unit]:
        return False
    if claim.score_max is not None and Decimal(repr(float(claim.score_max))) != top:
        return False
    return claim.score is not None and 0 <= decimal_of(claim.score) <= top


def _row_order(
    checks: dict[str, Check], row: ReferenceRow, rows: list[ReferenceRow]
) -> tuple[int, int, int, int, int, int]:
    """Best row first: fewest contradictions, most matches, then the curator's
    preference (unflagged, corroborated, more figures, more digits), then file order."""
    values = list(checks.values())
    filled = sum(getattr(row, f) is not None for f in FIGURES)
    return (
        values.count("contradicts"),
        -values.count("matches"),
        int(row.flagged),
        -row.corroborations,
        -filled * 10 - row.score_decimals,
        rows.index(row),
    )


def _reason(claim: Claim, checks: dict[str, Check], row: ReferenceRow, others: list[ReferenceRow]) -> str:
    parts = []
    for name, check in checks.items():
        if check == "contradicts":
            parts.append(f"{name}: stated {_stated(claim, name)}, official {_official(row, name)}")
        elif check == "unverifiable":
            if name == "score" and row.score is not None:
                parts.append(f"score: not on the table's {row.score_unit} scale")
            else:
                parts.append(f"{name}: the official row has none")
    if claim.kind == "derived":
        parts.append("derived from a stated change")
    if others:
        also = sorted({official_figures(r) for r in others} - {official_figures(row)})
        parts.append("official sources disagree" + (f" (also {', '.join(also)})" if also else ""))
    return "; ".join(parts)


def _stated(claim: Claim, name: str) -> str:
    value = getattr(claim, name)
    if name == "score":
        return show(value, printed_decimals(value, claim.evidence))
    return str(value)


def _official(row: ReferenceRow, name: str) -> str:
    value = getattr(row, name)
    return show(value) if name == "score" else str(value)


def official_figures(row: ReferenceRow | None) -> str:
    """An official row's figures as a journalist reads them: "91,87 · 2/63"."""
    if row is None:
        return ""
    parts = []
    if row.score is not None:
        parts.append(show(row.score))
    if row.rank is not None:
        parts.append(f"{row.rank}/{row.rank_total}" if row.rank_total else str(row.rank))
    return " · ".join(parts) or "—"


def claim_figures(claim: Claim) -> str:
    """A claim's stated figures the same way: "91,81% · 2/63"."""
    parts = []
    if claim.score is not None:
        unit = claim.score_unit or ""
        top = f"/{show(claim.score_max, printed_decimals(claim.score_max))}" if claim.score_max is not None else ""
        sep = "" if unit == "%" else " "
        parts.append(f"{_stated(claim, 'score')}{top}{sep}{unit}".strip())
    if claim.rank is not None:
        parts.append(f"{claim.rank}/{claim.rank_total}" if claim.rank_total else f"#{claim.rank}")
    elif claim.rank_total is not None:
        parts.append(f"?/{claim.rank_total}")
    return " · ".join(parts)

