"""Scoring extracted claims against gold, the way DESIGN.md's claim rules say.

Strict: a predicted claim matches a gold claim when article, index,
locality (and its type), year and kind are the same and every figure (score, score unit,
score maximum, rank, rank total) is equal — a figure one side states and
the other does not is a difference too. Localities compare by
:func:`nlp.normalize.match_key` (case and tone style do not matter).
Precision, recall and F1 are reported per kind and overall, with every miss
and false positive listed so a regression can be read, not just counted.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extract.claims import KINDS, Claim
from nlp.normalize import match_key

FIGURES = ("score", "score_unit", "score_max", "rank", "rank_total")


@dataclass(frozen=True, slots=True)
class GoldClaim:
    article_id: str
    index: str
    locality: str
    locality_type: str | None
    province: str | None
    year: int
    kind: str
    score: float | None
    score_unit: str | None
    score_max: float | None
    rank: int | None
    rank_total: int | None
    evidence: str = ""

    @property
    def key(self) -> tuple[str, str, str, str, int, str]:
        return (self.article_id, self.index, match_key(self.locality), self.locality_type or "",
                self.year, self.kind)


def load_gold(path: str | Path) -> list[GoldClaim]:
    """Gold JSONL (``doc`` or ``article_id`` for the article); errors name file:line."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
                out.append(
                    GoldClaim(
                        article_id=str(d.get("doc") or d["article_id"]),
                        index=d["index"],
                        locality=d["locality"],
                        locality_type=d.get("locality_type"),
                        province=d.get("province"),
                        year=int(d["year"]),
                        kind=d["kind"],
                        score=d.get("score"),
                        score_unit=d.get("score_unit"),
                        score_max=d.get("score_max"),
                        rank=d.get("rank"),
                        rank_total=d.get("rank_total"),
                        evidence=d.get("evidence", ""),
                    )
                )
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                raise ValueError(f"{path}:{n}: bad gold claim: {exc}") from exc
    return out


def claim_key(c: Claim) -> tuple[str, str, str, str, int, str]:
    """DESIGN.md's claim identity plus the locality type, which tells the city of
    Thanh Hóa from the province of Thanh Hóa."""
    return (c.article_id, c.index, match_key(c.locality), c.locality_type, c.year, c.kind)


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(float(a), float(b), abs_tol=1e-6)
    return a == b


def figure_differences(pred: Claim, gold: GoldClaim) -> list[str]:
    """"rank 6≠7"-style notes for every figure that differs."""
    return [
        f"{name} {getattr(pred, name)!r}≠{getattr(gold, name)!r}"
        for name in FIGURES
        if not _same(getattr(pred, name), getattr(gold, name))
    ]


@dataclass(slots=True)
class KindScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class Evaluation:
    by_kind: dict[str, KindScore] = field(default_factory=dict)
    misses: list[tuple[GoldClaim, str]] = field(default_factory=list)  # (gold, why)
    false_positives: list[tuple[Claim, str]] = field(default_factory=list)
    articles: int = 0

    @property
    def overall(self) -> KindScore:
        total = KindScore()
        for s in self.by_kind.values():
            total.tp += s.tp
            total.fp += s.fp
            total.fn += s.fn
        return total

    def to_dict(self) -> dict[str, Any]:
        def row(s: KindScore) -> dict[str, Any]:
            return {"tp": s.tp, "fp": s.fp, "fn": s.fn, "precision": round(s.precision, 4),
                    "recall": round(s.recall, 4), "f1": round(s.f1, 4)}

        return {
            "articles": self.articles,
            "by_kind": {k: row(v) for k, v in self.by_kind.items()},
            "overall": row(self.overall),
        }


def evaluate(predicted: Iterable[Claim], gold: Iterable[GoldClaim], article_ids: Iterable[str]) -> Evaluation:
    """Score ``predicted`` against ``gold`` over the articles ``article_ids``."""
    ids = set(article_ids)
    pred = [c for c in predicted if c.article_id in ids]
    gold = [g for g in gold if g.article_id in ids]
    ev = Evaluation(by_kind={k: KindScore() for k in KINDS}, articles=len(ids))
    pred_by_key: dict[tuple, Claim] = {}
    for c in pred:
        pred_by_key.setdefault(claim_key(c), c)
    gold_by_key: dict[tuple, GoldClaim] = {}
    for g in gold:
        gold_by_key.setdefault(g.key, g)
    for key, g in gold_by_key.items():
        score = ev.by_kind.setdefault(g.kind, KindScore())
        c = pred_by_key.get(key)
        if c is None:
            score.fn += 1
            ev.misses.append((g, "not extracted"))
            continue
        diffs = figure_differences(c, g)
        if diffs:
            score.fn += 1
            score.fp += 1
            ev.misses.append((g, "figures differ: " + ", ".join(diffs)))
            ev.false_positives.append((c, "figures differ: " + ", ".join(diffs)))
        else:
            score.tp += 1
    for key, c in pred_by_key.items():
        if key not in gold_by_key:
            ev.by_kind.setdefault(c.kind, KindScore()).fp += 1
            ev.false_positives.append((c, "not in gold"))
    return ev
