"""Syndication: the same story on several sites counts as one source.

Provincial papers republish each other and the government portals, often
with a new header, a byline or a trimmed ending. Two articles are one story
when their word-trigram shingle sets (scikit-learn's binary CountVectorizer)
have a cosine of at least ``cosine`` (default 0.5) or one contains at least
``containment`` (0.8) of the other's shingles — a short copy of a long
article's first half is still a copy. Independent articles on the same event
share names and figures but few three-word runs, so they stay apart.
Groups are transitive (A≈B, B≈C → one group) and named by their smallest
article id, so re-running gives the same ids.

Comparing every pair is quadratic, so callers pass ``blocks``: lists of ids
that could be copies of each other. From a store these are the articles
sharing a claim key (index, locality, year) — two copies of one story state
the same figures, and articles with no shared claim cannot inflate a count.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from chiso.store import Store

COSINE = 0.5
CONTAINMENT = 0.8
MIN_SHINGLES = 15  # containment needs enough text to mean something

_WORD = re.compile(r"\w+")


def _shingle_text(text: str) -> str:
    return " ".join(_WORD.findall(unicodedata.normalize("NFC", text).casefold()))


def near_duplicate_pairs(
    docs: Mapping[str, str],
    *,
    cosine: float = COSINE,
    containment: float = CONTAINMENT,
    blocks: Iterable[Sequence[str]] | None = None,
) -> list[tuple[str, str, float]]:
    """Pairs (id_a, id_b, similarity) of near-duplicate texts; within each block when
    ``blocks`` is given, else among all docs."""
    from sklearn.feature_extraction.text import CountVectorizer

    ids = sorted(docs)
    if len(ids) < 2:
        return []
    vectorizer = CountVectorizer(
        binary=True, ngram_range=(3, 3), token_pattern=r"\S+", lowercase=False, dtype=np.float32
    )
    texts = [_shingle_text(docs[i]) for i in ids]
    try:
        matrix = vectorizer.fit_transform(texts).tocsr()
    except ValueError:  # every text shorter than three words
        return []
    sizes = np.asarray(matrix.sum(axis=1)).ravel()
    position = {doc_id: n for n, doc_id in enumerate(ids)}
    groups = [list(range(len(ids)))] if blocks is None else [
        sorted({position[i] for i in block if i in position}) for block in blocks
    ]
    found: dict[tuple[int, int], float] = {}
    for members in groups:
        if len(members) < 2:
            continue
        cols = np.asarray(members)
        for start in range(0, len(members), 1024):
            rows = cols[start : start + 1024]
            overlap = (matrix[rows] @ matrix[cols].T).tocoo()
            a, b, shared = rows[overlap.row], cols[overlap.col], overlap.data
            keep = b > a
            a, b, shared = a[keep], b[keep], shared[keep]
            cos = shared / np.sqrt(sizes[a] * sizes[b])
            small = np.minimum(sizes[a], sizes[b])
            contained = np.where(small >= MIN_SHINGLES, shared / np.maximum(small, 1), 0.0)
            hit = (cos >= cosine) | (contained >= containment)
            for x, y, sim in zip(a[hit], b[hit], np.maximum(cos, contained)[hit], strict=True):
                found[(int(x), int(y))] = float(sim)
    return [(ids[a], ids[b], sim) for (a, b), sim in sorted(found.items())]


def syndication_groups(
    docs: Mapping[str, str],
    *,
    urls: Mapping[str, str] | None = None,
    cosine: float = COSINE,
    containment: float = CONTAINMENT,
    blocks: Iterable[Sequence[str]] | None = None,
) -> dict[str, str]:
    """article id → group id for every doc: near-duplicates (and articles with the same
    non-empty URL) share a group; a group's id is its smallest article id."""
    parent = {doc_id: doc_id for doc_id in docs}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for a, b, _ in near_duplicate_pairs(docs, cosine=cosine, containment=containment, blocks=blocks):
        union(a, b)
    by_url: dict[str, str] = {}
    for doc_id, url in (urls or {}).items():
        if url and doc_id in parent:
            union(by_url.setdefault(url, doc_id), doc_id)
    return {doc_id: find(doc_id) for doc_id in docs}


def claim_blocks(claims: Iterable[tuple[str, str, str, int]]) -> list[list[str]]:
    """Candidate blocks from (article_id, index, locality, year) rows: the articles
    that share a claim key."""
    blocks: dict[tuple[str, str, int], set[str]] = {}
    for article_id, index, locality, year in claims:
        blocks.setdefault((index, locality, int(year)), set()).add(article_id)
    return [sorted(b) for b in blocks.values() if len(b) > 1]


def detect_store_groups(store: Store, **thresholds: float) -> dict[str, str]:
    """Syndication groups for every article that has claims in ``store`` (not saved)."""
    keys = store.query('SELECT article_id, "index", locality, year FROM claims')
    if keys.empty:
        return {}
    articles = store.query(
        "SELECT id, url, title, text FROM articles WHERE id IN (SELECT article_id FROM claims)"
    )
    docs = {r.id: f"{r.title}\n{r.text}" for r in articles.itertuples()}
    for article_id in keys["article_id"]:
        docs.setdefault(article_id, "")  # a claim whose article row is missing
    urls = {r.id: r.url for r in articles.itertuples()}
    blocks = claim_blocks(keys.itertuples(index=False, name=None))
    return syndication_groups(docs, urls=urls, blocks=blocks, **thresholds)


def record_groups(store: Store, **thresholds: float) -> dict[str, str]:
    """Detect the groups and record them in the store's ``syndication`` table."""
    groups = detect_store_groups(store, **thresholds)
    store.set_syndication(groups)
    return groups


def store_groups(store: Store) -> dict[str, str]:
    """The groups to count sources with: the recorded ones when they cover every article
    with claims, else freshly detected (read-only stores stay untouched)."""
    recorded = store.query("SELECT article_id, group_id FROM syndication")
    needed = set(store.query("SELECT DISTINCT article_id FROM claims")["article_id"])
    groups = dict(zip(recorded["article_id"], recorded["group_id"], strict=True))
    if needed <= groups.keys():
        return groups
    return detect_store_groups(store)
