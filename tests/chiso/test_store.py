"""The DuckDB store: keyed, transactional writes (issue 2)."""

from __future__ import annotations

import json

import pytest

from chiso.store import Store
from extract.articles import Article
from extract.claims import Claim


def claim(article_id: str, locality: str = "Quảng Ninh", rank: int = 1) -> Claim:
    return Claim(article_id, "", "PCI", "PCI", locality, "tỉnh", locality, 2022, 72.95, "điểm", None,
                 rank, 63, "result", "Quảng Ninh dẫn đầu.", (0, 19))


def test_rerun_adds_no_duplicates(tmp_path):
    with Store(tmp_path / "s.duckdb") as st:
        a = Article(id="a1", text="x", published="2023-05-01")
        for _ in range(3):
            st.save([a], [claim("a1")], shard="s1")
        assert st.counts() == {"articles": 1, "claims": 1, "shards": 1, "failures": 0}


def test_reextraction_replaces_an_articles_claims(tmp_path):
    with Store(tmp_path / "s.duckdb") as st:
        a = Article(id="a1", text="x")
        st.save([a], [claim("a1", "Quảng Ninh"), claim("a1", "Bắc Giang", 2)])
        st.save([a], [claim("a1", "Quảng Ninh")])
        assert [c.locality for c in st.claims()] == ["Quảng Ninh"]


def test_a_failed_write_leaves_the_store_as_it_was(tmp_path):
    with Store(tmp_path / "s.duckdb") as st:
        st.save([Article(id="a1", text="x")], [claim("a1")], shard="s1")
        bad = claim("a2")
        bad.span = ("not", "ints")  # DuckDB refuses it mid-transaction
        with pytest.raises(Exception):  # noqa: B017
            st.save([Article(id="a2", text="y")], [bad], shard="s2")
        assert st.counts()["articles"] == 1
        assert st.done_shards() == {"s1"}


def test_export_formats_keep_the_contract(tmp_path):
    with Store(tmp_path / "s.duckdb") as st:
        st.save([Article(id="a1", text="x", url="https://a.vn/1")], [claim("a1")])
        n = st.export("claims", "jsonl", tmp_path / "c.jsonl")
        st.export("claims", "csv", tmp_path / "c.csv")
        st.export("articles", "parquet", tmp_path / "a.parquet")
    assert n == 1
    row = json.loads((tmp_path / "c.jsonl").read_text(encoding="utf-8"))
    assert list(row) == [
        "article_id", "url", "index", "index_mention", "locality", "locality_type", "province", "year",
        "score", "score_unit", "score_max", "rank", "rank_total", "kind", "evidence", "span"]
    assert row["span"] == [0, 19] and row["score"] == 72.95
    import pandas as pd

    assert pd.read_parquet(tmp_path / "a.parquet")["url"].tolist() == ["https://a.vn/1"]
    assert (tmp_path / "c.csv").read_text(encoding="utf-8").splitlines()[0].startswith("article_id,url,index")


def test_read_only_missing_store_names_the_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope.duckdb"):
        Store(tmp_path / "nope.duckdb", read_only=True)
