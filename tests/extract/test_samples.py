"""End to end on the five seed articles: every result claim right, and the rest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.articles import Article
from extract.evaluate import evaluate, load_gold
from extract.pipeline import extract_claims

CORPORA = Path(__file__).resolve().parents[2] / "corpora"


@pytest.fixture(scope="module")
def samples() -> list[Article]:
    path = CORPORA / "samples" / "articles.jsonl"
    return [Article.from_dict(json.loads(line)) for line in path.open(encoding="utf-8")]


@pytest.fixture(scope="module")
def evaluation(samples):
    gold = load_gold(CORPORA / "gold" / "samples.gold.jsonl")
    predicted = [c for a in samples for c in extract_claims(a)]
    return evaluate(predicted, gold, [a.id for a in samples])


def test_every_sample_claim_is_right(evaluation):
    problems = [f"{g.article_id} {g.index} {g.locality} {g.year} {g.kind}: {why}" for g, why in evaluation.misses]
    problems += [f"extra {c.article_id} {c.index} {c.locality} {c.year} {c.kind}: {why}"
                 for c, why in evaluation.false_positives]
    assert problems == []
    assert evaluation.by_kind["result"].f1 == 1.0
    assert evaluation.overall.f1 == 1.0


def test_evidence_is_the_text_at_span(samples):
    from nlp.normalize import normalize

    for a in samples:
        text = normalize(a.text)
        for c in extract_claims(a):
            assert text[c.span[0]:c.span[1]] == c.evidence
            assert c.evidence.strip() == c.evidence


def test_hai_ha_figures(samples):
    article = next(a for a in samples if a.id.startswith("002"))
    by_key = {(c.index, c.year, c.kind): c for c in extract_claims(article)}
    ict = by_key[("ICT_INDEX", 2020, "result")]
    assert (ict.locality, ict.locality_type, ict.province) == ("Hải Hà", "huyện", "Quảng Ninh")
    assert (ict.score, ict.score_unit, ict.score_max, ict.rank, ict.rank_total) == (133.28, "điểm", 170, 3, 13)
    derived = by_key[("PAR_INDEX", 2019, "derived")]
    assert (derived.score, derived.rank, derived.rank_total) == (89.06, 6, 13)
