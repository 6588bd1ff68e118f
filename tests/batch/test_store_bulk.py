"""Store.save, the batch engine's write: one transaction per shard,
and is lenient where one record must not sink a shard."""

from __future__ import annotations

from pathlib import Path

import pytest

from chiso.store import Store
from extract.articles import Article
from extract.claims import Claim


def claim(aid: str, locality: str, score: float | None, **kw) -> Claim:
    base = dict(
        article_id=aid, url="", index="PCI", index_mention="PCI", locality=locality,
        locality_type="tỉnh", province=locality, year=2022, score=score, score_unit="điểm",
        score_max=None, rank=3, rank_total=63, kind="result", evidence=f"{locality} {score}",
        span=(0, 10),
    )
    base.update(kw)
    return Claim(**base)


ARTICLES = [
    Article(id="a1", text="PCI Quảng Ninh", url="https://x.vn/1", title="T1", published="2023-05-04"),
    Article(id="a2", text="PCI Hải Phòng", source="Báo HP", fetched_at="2024-01-01T00:00:00Z"),
]
CLAIMS = [
    claim("a1", "Quảng Ninh", 72.95),
    claim("a1", "Quảng Ninh", None, kind="target", rank=1, rank_total=None),
    claim("a2", "Hải Phòng", 72.18, score_max=100.0, province=None),
]


def dump(store: Store) -> tuple:
    arts = store.con.execute(
        "SELECT id, url, source, title, published, text, fetched_at FROM articles ORDER BY id"
    ).fetchall()
    claims = sorted(tuple(c.to_dict().values()).__repr__() for c in store.claims())
    shards = store.con.execute("SELECT shard, articles, claims, failures FROM shards").fetchall()
    fails = store.con.execute("SELECT origin, article_id, reason FROM failures").fetchall()
    return arts, claims, shards, fails


def test_save_is_lenient(tmp_path: Path):
    bad_date = Article(id="a3", text="x", published="05/08/2021")
    twice = [claim("a3", "Huế", 1.0), claim("a3", "Huế", 2.0)]  # same claim key
    with Store(tmp_path / "s.duckdb") as store:
        store.save([bad_date, bad_date], twice, shard="s")
        assert store.con.execute("SELECT published FROM articles").fetchall() == [(None,)]
        (c,) = store.claims()
        assert c.score == 2.0  # the last version wins
        assert store.counts() == {"articles": 1, "claims": 1, "shards": 1, "failures": 0}


def test_save_is_one_transaction(tmp_path: Path):
    with Store(tmp_path / "s.duckdb") as store:
        store.save(ARTICLES, CLAIMS, shard="ok")
        broken = [claim("a1", "Quảng Ninh", 1.0, year=None)]  # NOT NULL violated
        with pytest.raises(Exception):  # noqa: B017 - duckdb's own constraint error
            store.save(ARTICLES, broken, shard="broken")
        assert store.done_shards() == {"ok"}
        assert len(store.claims()) == 3
