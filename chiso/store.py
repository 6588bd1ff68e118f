"""The DuckDB store: articles, claims, batch shards, failures, syndication groups.

One file (``chiso.duckdb`` by default). Every write is one transaction, so an
interrupted run leaves the store as it was before that write, and every write
is keyed, so re-running the same input adds no duplicates:

- articles are upserted by ``id``;
- an article's claims are replaced as a whole whenever it is re-extracted
  (the extractor may have improved), keyed by DESIGN.md's claim identity
  (article_id, index, locality, year, kind);
- a batch shard is marked done in the same transaction as its results.

Only one process writes at a time (DuckDB's rule): worker processes hand
their results to the process that owns the Store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from extract.articles import Article
from extract.claims import CLAIM_FIELDS, Claim

DEFAULT_STORE = "chiso.duckdb"

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id          VARCHAR PRIMARY KEY,
    url         VARCHAR NOT NULL DEFAULT '',
    source      VARCHAR NOT NULL DEFAULT '',
    title       VARCHAR NOT NULL DEFAULT '',
    published   DATE,
    text        VARCHAR NOT NULL,
    fetched_at  VARCHAR,
    added_at    TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS claims (
    article_id    VARCHAR NOT NULL,
    url           VARCHAR NOT NULL DEFAULT '',
    "index"       VARCHAR NOT NULL,
    index_mention VARCHAR NOT NULL,
    locality      VARCHAR NOT NULL,
    locality_type VARCHAR NOT NULL,
    province      VARCHAR,
    year          INTEGER NOT NULL,
    score         DOUBLE,
    score_unit    VARCHAR,
    score_max     DOUBLE,
    rank          INTEGER,
    rank_total    INTEGER,
    kind          VARCHAR NOT NULL,
    evidence      VARCHAR NOT NULL,
    span          INTEGER[] NOT NULL,
    PRIMARY KEY (article_id, "index", locality, year, kind)
);
CREATE TABLE IF NOT EXISTS shards (
    shard       VARCHAR PRIMARY KEY,
    articles    INTEGER NOT NULL,
    claims      INTEGER NOT NULL,
    failures    INTEGER NOT NULL,
    finished_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS failures (
    origin      VARCHAR NOT NULL,
    article_id  VARCHAR,
    reason      VARCHAR NOT NULL,
    failed_at   TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS syndication (
    article_id  VARCHAR PRIMARY KEY,
    group_id    VARCHAR NOT NULL
);
"""

ARTICLE_COLUMNS = ("id", "url", "source", "title", "published", "text", "fetched_at")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _quoted(names: Iterable[str]) -> str:
    return ", ".join(f'"{n}"' for n in names)


class Store:
    """A chiso DuckDB store. Use as a context manager or call :meth:`close`."""

    def __init__(self, path: str | Path = DEFAULT_STORE, *, read_only: bool = False) -> None:
        self.path = Path(path)
        if read_only and not self.path.exists():
            raise FileNotFoundError(f"{self.path}: no such store")
        self.con = duckdb.connect(str(self.path), read_only=read_only)
        if not read_only:
            self.con.execute(SCHEMA)

    # -- lifecycle -------------------------------------------------------
    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ---------------------------------------------------------
    def save(
        self,
        articles: Sequence[Article],
        claims: Sequence[Claim],
        *,
        shard: str | None = None,
        failures: Sequence[tuple[str, str | None, str]] = (),
    ) -> None:
        """Write one batch atomically: upsert ``articles``, replace their claims with
        ``claims``, record ``failures`` (origin, article_id, reason) and, when given,
        mark ``shard`` done. Either all of it lands or none of it does.

        Rows go to DuckDB as Arrow tables (a shard's 400 claims in about 10 ms, where
        row-by-row inserts took a second). A ``published`` that is not a date is stored
        as NULL, and a record given twice in one batch keeps its last version."""
        con = self.con
        now = _now()
        by_key = {c.key: c for c in claims}
        con.execute("BEGIN TRANSACTION")
        try:
            ids = self._upsert_articles(articles, now)
            if ids:
                con.execute("DELETE FROM claims WHERE article_id IN (SELECT unnest(?))", [ids])
            if by_key:
                import pyarrow as pa

                rows = [c.to_dict() for c in by_key.values()]
                types = {"year": pa.int32(), "rank": pa.int32(), "rank_total": pa.int32(),
                         "score": pa.float64(), "score_max": pa.float64(),
                         "span": pa.list_(pa.int32())}
                schema = pa.schema([(n, types.get(n, pa.string())) for n in CLAIM_FIELDS])
                con.register("_chiso_claims", pa.Table.from_pylist(rows, schema=schema))
                con.execute(
                    f"INSERT OR REPLACE INTO claims ({_quoted(CLAIM_FIELDS)}) "
                    f"SELECT {_quoted(CLAIM_FIELDS)} FROM _chiso_claims"
                )
                con.unregister("_chiso_claims")
            if failures:
                con.executemany(
                    "INSERT INTO failures VALUES (?, ?, ?, ?)",
                    [(o, a, r, now) for o, a, r in failures],
                )
            if shard is not None:
                con.execute(
                    "INSERT OR REPLACE INTO shards VALUES (?, ?, ?, ?, ?)",
                    [shard, len(ids), len(by_key), len(failures), now],
                )
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    def add_articles(self, articles: Sequence[Article]) -> None:
        """Upsert articles without touching claims (the crawler's write)."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            self._upsert_articles(articles, _now())
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def _upsert_articles(self, articles: Sequence[Article], now: dt.datetime) -> list[str]:
        """Upsert (last version of each id wins); returns the ids written."""
        by_id = {a.id: a for a in articles}
        if not by_id:
            return []
        import pyarrow as pa

        cols = {n: [getattr(a, n) for a in by_id.values()] for n in ARTICLE_COLUMNS}
        self.con.register("_chiso_articles", pa.table({n: pa.array(v, pa.string()) for n, v in cols.items()}))
        self.con.execute(
            "INSERT OR REPLACE INTO articles SELECT id, url, source, title, "
            "TRY_CAST(published AS DATE), text, fetched_at, ? FROM _chiso_articles",
            [now],
        )
        self.con.unregister("_chiso_articles")
        return list(by_id)

    def set_syndication(self, groups: dict[str, str]) -> None:
        """Replace the syndication groups (article_id → group_id) in one transaction."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            self.con.execute("DELETE FROM syndication")
            if groups:
                self.con.executemany(
                    "INSERT INTO syndication VALUES (?, ?)", list(groups.items())
                )
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    # -- reading ---------------------------------------------------------
    def done_shards(self) -> set[str]:
        return {r[0] for r in self.con.execute("SELECT shard FROM shards").fetchall()}

    def claims_df(self) -> pd.DataFrame:
        """All claims, in the contract's columns, with ``published`` and ``source``
        of their article (useful to every comparison)."""
        return self.con.execute(
            f"""SELECT {", ".join("c." + _quoted([f]) for f in CLAIM_FIELDS)},
                       a.published, a.source, a.title
                FROM claims c LEFT JOIN articles a ON a.id = c.article_id
                ORDER BY c.article_id, c.span[1]"""
        ).df()

    def articles_df(self, *, with_text: bool = True) -> pd.DataFrame:
        cols = ARTICLE_COLUMNS if with_text else tuple(c for c in ARTICLE_COLUMNS if c != "text")
        return self.con.execute(f"SELECT {_quoted(cols)} FROM articles ORDER BY id").df()

    def iter_articles(self) -> Iterable[Article]:
        cur = self.con.execute(f"SELECT {_quoted(ARTICLE_COLUMNS)} FROM articles ORDER BY id")
        while rows := cur.fetchmany(1000):
            for r in rows:
                d = dict(zip(ARTICLE_COLUMNS, r, strict=True))
                d["published"] = d["published"].isoformat() if d["published"] else None
                yield Article.from_dict(d)

    def claims(self) -> list[Claim]:
        df = self.con.execute(
            f"SELECT {_quoted(CLAIM_FIELDS)} FROM claims ORDER BY article_id, span[1]"
        ).fetchall()
        return [Claim.from_dict(dict(zip(CLAIM_FIELDS, r, strict=True))) for r in df]

    def counts(self) -> dict[str, int]:
        out = {}
        for table in ("articles", "claims", "shards", "failures"):
            out[table] = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        return out

    def query(self, sql: str, params: Sequence[Any] | None = None) -> pd.DataFrame:
        return self.con.execute(sql, params or []).df()

    def export(self, what: str, fmt: str, path: str | Path) -> int:
        """Write ``articles`` or ``claims`` as ``jsonl``, ``csv`` or ``parquet`` with
        DuckDB's COPY (streams, whatever the size); returns the row count."""
        columns = {"articles": ARTICLE_COLUMNS, "claims": CLAIM_FIELDS}[what]
        options = {"jsonl": "FORMAT JSON", "csv": "FORMAT CSV, HEADER", "parquet": "FORMAT PARQUET"}[fmt]
        order = "id" if what == "articles" else "article_id, span[1]"
        target = str(path).replace("'", "''")
        self.con.execute(
            f"COPY (SELECT {_quoted(columns)} FROM {what} ORDER BY {order}) TO '{target}' ({options})"
        )
        return self.con.execute(f"SELECT count(*) FROM {what}").fetchone()[0]

