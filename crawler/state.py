"""Crawl state: the frontier, what was fetched, validators and articles, in one SQLite
file inside the crawl directory, changed only in transactions.

Why this survives SIGKILL at any instant: a page is marked done, its
article recorded and the links it yielded enqueued in *one* transaction,
committed after its WARC records were written. Killed before the commit,
the page is simply still queued and is fetched again; killed after, all of
it is there. The outputs derived from the state are made consistent on the
next start: ``articles.jsonl`` (torn last line cut, duplicates dropped,
missing articles appended) and the DuckDB store (articles not yet marked
stored are upserted again, which is idempotent).

Rounds: a crawl of the same directory continues the current round until
its frontier is empty (a crash or ``--max-pages`` leaves it open). The next
run then opens a new round that revisits the hubs (start URLs, sitemaps,
feeds, listings near the start) with conditional requests, to pick up new
articles without refetching the old ones.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from extract.articles import Article

STATE_FILE = "state.sqlite"
ARTICLES_FILE = "articles.jsonl"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS urls (
    url           TEXT PRIMARY KEY,
    host          TEXT NOT NULL,
    path          TEXT NOT NULL,
    kind          TEXT NOT NULL,            -- page | sitemap | feed
    depth         INTEGER NOT NULL,         -- link hops from a start URL
    hops          INTEGER NOT NULL DEFAULT 0, -- pagination hops along the way
    priority      INTEGER NOT NULL,
    seq           INTEGER NOT NULL,
    is_seed       INTEGER NOT NULL DEFAULT 0,
    source        TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL,            -- queued | done | failed | skipped | redirected
    round         INTEGER NOT NULL,
    page_kind     TEXT,                     -- article | listing | other | sitemap | feed
    http_status   INTEGER,
    etag          TEXT,
    last_modified TEXT,
    content_hash  TEXT,
    lastmod       TEXT,                     -- from a sitemap
    fetched_at    TEXT,
    attempts      INTEGER NOT NULL DEFAULT 0,
    reason        TEXT,
    parent        TEXT,
    article_id    TEXT
);
CREATE INDEX IF NOT EXISTS urls_frontier ON urls (status, host, priority, depth, seq);
CREATE INDEX IF NOT EXISTS urls_variants ON urls (host, path);
CREATE TABLE IF NOT EXISTS articles (
    id       TEXT PRIMARY KEY,
    url      TEXT NOT NULL,
    record   TEXT NOT NULL,                 -- Article.to_dict() as JSON
    seq      INTEGER NOT NULL,
    version  INTEGER NOT NULL DEFAULT 1,
    stored   INTEGER NOT NULL DEFAULT 0     -- 1 once upserted into the DuckDB store
);
CREATE TABLE IF NOT EXISTS runs (
    id          INTEGER PRIMARY KEY,
    round       INTEGER NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    fetched     INTEGER NOT NULL DEFAULT 0,
    new_articles INTEGER NOT NULL DEFAULT 0,
    args        TEXT NOT NULL DEFAULT ''
);
"""

#: Kinds of URL and their frontier priority (lower first).
PRIORITY = {"sitemap": 0, "feed": 0, "seed": 1, "page": 2}


@dataclass(slots=True)
class UrlRow:
    url: str
    host: str
    kind: str
    depth: int
    hops: int
    is_seed: bool
    source: str
    status: str
    page_kind: str | None
    etag: str | None
    last_modified: str | None
    content_hash: str | None
    fetched_at: str | None
    attempts: int


_ROW_COLUMNS = (
    "url, host, kind, depth, hops, is_seed, source, status, page_kind, etag, last_modified, "
    "content_hash, fetched_at, attempts"
)


def _row(r: tuple) -> UrlRow:
    return UrlRow(
        r[0], r[1], r[2], r[3], r[4], bool(r[5]), r[6], r[7], r[8], r[9], r[10], r[11], r[12], r[13]
    )


@dataclass(frozen=True, slots=True)
class Link:
    """A URL to enqueue, with how it was found."""

    url: str
    host: str
    path: str
    kind: str = "page"
    depth: int = 0
    hops: int = 0
    source: str = ""
    parent: str | None = None
    lastmod: str | None = None
    is_seed: bool = False


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the crawl loop learned about one URL, committed at once by :meth:`CrawlState.complete`."""

    status: str
    http_status: int | None = None
    page_kind: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None
    fetched_at: str | None = None
    reason: str | None = None
    attempts: int = 1


class CrawlState:
    """The SQLite state of one crawl directory. Single writer (the crawl holds a lock)."""

    def __init__(self, directory: str | os.PathLike[str], *, max_variants: int = 50) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.path = self.directory / STATE_FILE
        self.max_variants = max_variants
        self.con = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        self.con.execute("PRAGMA journal_mode=WAL")
        self.con.execute("PRAGMA synchronous=NORMAL")
        self.con.executescript(SCHEMA)
        self._seq = self.con.execute("SELECT coalesce(max(seq), 0) FROM urls").fetchone()[0]
        self._aseq = self.con.execute("SELECT coalesce(max(seq), 0) FROM articles").fetchone()[0]

    def close(self) -> None:
        self.con.close()

    # -- transactions ------------------------------------------------------
    def _tx(self) -> _Tx:
        return _Tx(self.con)

    # -- meta and rounds ---------------------------------------------------
    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self.con.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def _set_meta(self, key: str, value: str) -> None:
        self.con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    @property
    def round(self) -> int:
        return int(self.get_meta("round", "0") or 0)

    @property
    def round_open(self) -> bool:
        return self.get_meta("round_open", "0") == "1"

    def start_run(
        self, seeds: Iterable[Link], hosts: Iterable[str], *, revisit_depth: int, args: str
    ) -> tuple[int, bool]:
        """Begin a run: continue the open round, or open a new one that re-queues the hubs
        of ``hosts`` for revalidation. Seeds are (re-)added either way.
        Returns (run id, whether a new round was opened)."""
        hosts = list(hosts)
        with self._tx():
            new_round = not self.round_open
            if new_round:
                rnd = self.round + 1
                self._set_meta("round", str(rnd))
                self._set_meta("round_open", "1")
                marks = ",".join("?" for _ in hosts) or "''"
                # Hubs are revisited (conditionally); transient failures are retried.
                self.con.execute(
                    f"""UPDATE urls SET status = 'queued', round = ?
                        WHERE host IN ({marks}) AND (
                          (status = 'done' AND (is_seed = 1 OR kind IN ('sitemap', 'feed')
                             OR (page_kind = 'listing' AND depth <= ?)))
                          OR status = 'failed')""",
                    (rnd, *hosts, revisit_depth),
                )
            self._enqueue(seeds, requeue_seeds=new_round)
            cur = self.con.execute(
                "INSERT INTO runs (round, started_at, args) VALUES (?, datetime('now'), ?)",
                (self.round, args),
            )
            return int(cur.lastrowid or 0), new_round

    def finish_run(
        self, run_id: int, *, fetched: int, new_articles: int, close_round: bool
    ) -> None:
        """Record the run's end; ``close_round`` when the frontier was emptied."""
        with self._tx():
            self.con.execute(
                """UPDATE runs SET finished_at = datetime('now'), fetched = ?, new_articles = ?
                   WHERE id = ?""",
                (fetched, new_articles, run_id),
            )
            if close_round:
                self._set_meta("round_open", "0")

    # -- frontier -----------------------------------------------------------
    def queued_count(self, hosts: Iterable[str] | None = None) -> int:
        if hosts is None:
            return self.con.execute("SELECT count(*) FROM urls WHERE status = 'queued'").fetchone()[0]
        hosts = list(hosts)
        if not hosts:
            return 0
        marks = ",".join("?" for _ in hosts)
        return self.con.execute(
            f"SELECT count(*) FROM urls WHERE status = 'queued' AND host IN ({marks})", hosts
        ).fetchone()[0]

    def hosts_with_work(self) -> list[str]:
        """Hosts that have queued URLs (the caller filters them by scope)."""
        rows = self.con.execute("SELECT DISTINCT host FROM urls WHERE status = 'queued'").fetchall()
        return [r[0] for r in rows]

    def known_hosts(self) -> list[str]:
        return [r[0] for r in self.con.execute("SELECT DISTINCT host FROM urls").fetchall()]

    def next_queued(self, host: str) -> UrlRow | None:
        row = self.con.execute(
            f"""SELECT {_ROW_COLUMNS} FROM urls WHERE status = 'queued' AND host = ?
                ORDER BY priority, depth, seq LIMIT 1""",
            (host,),
        ).fetchone()
        return _row(row) if row else None

    def get(self, url: str) -> UrlRow | None:
        row = self.con.execute(f"SELECT {_ROW_COLUMNS} FROM urls WHERE url = ?", (url,)).fetchone()
        return _row(row) if row else None

    def status_counts(self) -> dict[str, int]:
        return dict(self.con.execute("SELECT status, count(*) FROM urls GROUP BY status").fetchall())

    def reasons(self) -> list[tuple[str, str, str]]:
        """(url, status, reason) of everything skipped or failed, for reports and tests."""
        return self.con.execute(
            "SELECT url, status, reason FROM urls WHERE status IN ('skipped', 'failed') ORDER BY seq"
        ).fetchall()

    def _variants(self, host: str, path: str) -> int:
        """URLs on this path that are not known articles: what a calendar or search trap grows."""
        return self.con.execute(
            """SELECT count(*) FROM urls WHERE host = ? AND path = ?
               AND coalesce(page_kind, '') != 'article'""",
            (host, path),
        ).fetchone()[0]

    def _enqueue(self, links: Iterable[Link], *, requeue_seeds: bool = False) -> int:
        added = 0
        for link in links:
            existing = self.con.execute(
                "SELECT status, depth, fetched_at FROM urls WHERE url = ?", (link.url,)
            ).fetchone()
            if existing is not None:
                status, depth, fetched_at = existing
                if status == "queued" and link.depth < depth:
                    self.con.execute(
                        "UPDATE urls SET depth = ?, hops = ? WHERE url = ?",
                        (link.depth, link.hops, link.url),
                    )
                if link.is_seed:
                    self.con.execute("UPDATE urls SET is_seed = 1 WHERE url = ?", (link.url,))
                    if requeue_seeds and status in ("done", "failed"):
                        self.con.execute(
                            "UPDATE urls SET status = 'queued' WHERE url = ?", (link.url,)
                        )
                elif (
                    link.lastmod
                    and status == "done"
                    and fetched_at
                    and _newer(link.lastmod, fetched_at)
                ):
                    # The sitemap says the page changed since we fetched it.
                    self.con.execute(
                        "UPDATE urls SET status = 'queued', lastmod = ? WHERE url = ?",
                        (link.lastmod, link.url),
                    )
                continue
            if not link.is_seed and self._variants(link.host, link.path) >= self.max_variants:
                continue
            self._seq += 1
            priority = PRIORITY["seed"] if link.is_seed else PRIORITY.get(link.kind, 2)
            self.con.execute(
                """INSERT INTO urls (url, host, path, kind, depth, hops, priority, seq, is_seed,
                       source, status, round, lastmod, parent)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?)""",
                (
                    link.url, link.host, link.path, link.kind, link.depth, link.hops, priority,
                    self._seq, int(link.is_seed), link.source, self.round, link.lastmod,
                    link.parent,
                ),
            )
            added += 1
        return added

    def enqueue(self, links: Iterable[Link]) -> int:
        """Add new URLs (known ones are left as they are); returns how many were new."""
        with self._tx():
            return self._enqueue(links)

    def mark_skipped(self, link: Link, reason: str) -> None:
        """Record a URL that will not be fetched (robots.txt, binary, out of bounds)."""
        with self._tx():
            if self.con.execute("SELECT 1 FROM urls WHERE url = ?", (link.url,)).fetchone():
                return
            self._seq += 1
            self.con.execute(
                """INSERT INTO urls (url, host, path, kind, depth, hops, priority, seq, source,
                       status, round, reason, parent)
                   VALUES (?, ?, ?, ?, ?, ?, 9, ?, ?, 'skipped', ?, ?, ?)""",
                (
                    link.url, link.host, link.path, link.kind, link.depth, link.hops, self._seq,
                    link.source, self.round, reason, link.parent,
                ),
            )

    def complete(
        self,
        url: str,
        outcome: Outcome,
        *,
        article: Article | None = None,
        links: Iterable[Link] = (),
        also: Iterable[tuple[str, Outcome]] = (),
    ) -> tuple[bool, int]:
        """Commit everything learned from fetching ``url`` in one transaction: its outcome
        (and those of the redirect hops in ``also``), its article and its links.
        Returns (article is new or changed, links added)."""
        with self._tx():
            for hop_url, hop in ((url, outcome), *also):
                self.con.execute(
                    """UPDATE urls SET status = ?, http_status = coalesce(?, http_status),
                           page_kind = coalesce(?, page_kind), etag = coalesce(?, etag),
                           last_modified = coalesce(?, last_modified),
                           content_hash = coalesce(?, content_hash),
                           fetched_at = coalesce(?, fetched_at), reason = ?,
                           attempts = attempts + ?, round = ?
                       WHERE url = ?""",
                    (
                        hop.status, hop.http_status, hop.page_kind, hop.etag, hop.last_modified,
                        hop.content_hash, hop.fetched_at, hop.reason, hop.attempts, self.round,
                        hop_url,
                    ),
                )
            changed = False
            if article is not None:
                changed = self._put_article(article)
                self.con.execute(
                    "UPDATE urls SET article_id = ? WHERE url = ?", (article.id, url)
                )
            added = self._enqueue(links)
            return changed, added

    def ensure_row(self, link: Link) -> None:
        """Make sure a URL reached by redirect has a row to complete."""
        with self._tx():
            self._enqueue([link])
            if not self.con.execute("SELECT 1 FROM urls WHERE url = ?", (link.url,)).fetchone():
                self._seq += 1
                self.con.execute(
                    """INSERT INTO urls (url, host, path, kind, depth, hops, priority, seq, source,
                           status, round, parent)
                       VALUES (?, ?, ?, ?, ?, ?, 2, ?, ?, 'queued', ?, ?)""",
                    (
                        link.url, link.host, link.path, link.kind, link.depth, link.hops,
                        self._seq, link.source, self.round, link.parent,
                    ),
                )

    # -- articles -----------------------------------------------------------
    def _put_article(self, article: Article) -> bool:
        record = json.dumps(article.to_dict(), ensure_ascii=False)
        row = self.con.execute("SELECT record FROM articles WHERE id = ?", (article.id,)).fetchone()
        if row is None:
            self._aseq += 1
            self.con.execute(
                "INSERT INTO articles (id, url, record, seq) VALUES (?, ?, ?, ?)",
                (article.id, article.url, record, self._aseq),
            )
            return True
        old = json.loads(row[0])
        new = article.to_dict()
        if all(old.get(k) == new.get(k) for k in ("text", "title", "published", "url")):
            return False
        self.con.execute(
            "UPDATE articles SET record = ?, version = version + 1, stored = 0 WHERE id = ?",
            (record, article.id),
        )
        return True

    def has_article(self, article_id: str) -> bool:
        return self.con.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def article_count(self) -> int:
        return self.con.execute("SELECT count(*) FROM articles").fetchone()[0]

    def iter_article_records(self) -> Iterator[tuple[str, str]]:
        """(id, JSON record) of every article, in the order they were first found."""
        cur = self.con.execute("SELECT id, record FROM articles ORDER BY seq")
        while rows := cur.fetchmany(1000):
            yield from rows

    def unstored(self, limit: int = 500) -> list[Article]:
        rows = self.con.execute(
            "SELECT record FROM articles WHERE stored = 0 ORDER BY seq LIMIT ?", (limit,)
        ).fetchall()
        return [Article.from_dict(json.loads(r[0])) for r in rows]

    def mark_stored(self, ids: Iterable[str]) -> None:
        with self._tx():
            self.con.executemany("UPDATE articles SET stored = 1 WHERE id = ?", [(i,) for i in ids])


class _Tx:
    """``BEGIN IMMEDIATE`` … ``COMMIT``, or ``ROLLBACK`` on any exception."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con
        self.depth = 0

    def __enter__(self) -> _Tx:
        if not self.con.in_transaction:
            self.con.execute("BEGIN IMMEDIATE")
            self.depth = 1
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if not self.depth:
            return
        if exc_type is None:
            self.con.execute("COMMIT")
        else:
            self.con.execute("ROLLBACK")


def _newer(lastmod: str, fetched_at: str) -> bool:
    """Whether a sitemap lastmod (any W3C datetime) is after our fetch time (ISO, UTC)."""
    return lastmod[:19].replace(" ", "T") > fetched_at[:19]


# -- articles.jsonl ----------------------------------------------------------------------------

_ID_AT_START = re.compile(r'^\{"id": "((?:[^"\\]|\\.)*)"')


class ArticleLog:
    """``articles.jsonl``: one line per article id, appended as articles are found.

    :meth:`reconcile` makes it agree with the state after a crash: a torn last
    line is cut, duplicate lines are dropped, and articles the state has but
    the file lacks are appended. An article whose content changed on a later
    fetch is rewritten in place by :meth:`rewrite` (atomically, via a temp file).
    """

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.path = Path(directory) / ARTICLES_FILE
        self.ids: set[str] = set()
        self._fh = None

    def _read_ids(self) -> tuple[list[str], int, bool]:
        """(ids per good line, byte length of the good prefix, whether a torn tail was found)."""
        ids: list[str] = []
        good = 0
        torn = False
        if not self.path.exists():
            return ids, 0, False
        with open(self.path, "rb") as fh:
            for raw in fh:
                if not raw.endswith(b"\n"):
                    torn = True
                    break
                line = raw.decode("utf-8", "replace")
                m = _ID_AT_START.match(line)
                if m:
                    aid = json.loads(f'"{m.group(1)}"')
                else:
                    try:
                        aid = str(json.loads(line)["id"])
                    except (ValueError, KeyError, TypeError):
                        torn = True
                        break
                ids.append(aid)
                good += len(raw)
        return ids, good, torn

    def reconcile(self, state: CrawlState) -> dict[str, int]:
        """Make the file hold exactly one line per article of ``state`` (plus any foreign
        lines already there, kept once). Returns what was fixed."""
        ids, good, torn = self._read_ids()
        fixed = {"torn": 0, "duplicates": 0, "appended": 0}
        if torn:
            with open(self.path, "r+b") as fh:
                fh.truncate(good)
            fixed["torn"] = 1
        if len(ids) != len(set(ids)):
            fixed["duplicates"] = len(ids) - len(set(ids))
            self._dedupe()
            ids = list(dict.fromkeys(ids))
        self.ids = set(ids)
        missing = [(aid, rec) for aid, rec in state.iter_article_records() if aid not in self.ids]
        if missing:
            with open(self.path, "a", encoding="utf-8") as fh:
                for aid, rec in missing:
                    fh.write(rec + "\n")
                    self.ids.add(aid)
            fixed["appended"] = len(missing)
        return fixed

    def _dedupe(self) -> None:
        tmp = self.path.with_suffix(".jsonl.tmp")
        seen: set[str] = set()
        with open(self.path, encoding="utf-8") as src, open(tmp, "w", encoding="utf-8") as dst:
            for line in src:
                try:
                    aid = str(json.loads(line)["id"])
                except (ValueError, KeyError, TypeError):
                    continue
                if aid in seen:
                    continue
                seen.add(aid)
                dst.write(line)
            dst.flush()
            os.fsync(dst.fileno())
        os.replace(tmp, self.path)

    def append(self, article: Article) -> bool:
        """Append a line for a new article id (flushed at once); False if already there."""
        if article.id in self.ids:
            return False
        if self._fh is None:
            self._fh = open(self.path, "a", encoding="utf-8")  # noqa: SIM115 - closed in close()
        self._fh.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
        self._fh.flush()
        self.ids.add(article.id)
        return True

    def rewrite(self, state: CrawlState) -> None:
        """Rewrite the whole file from the state (after articles changed content)."""
        self.close()
        tmp = self.path.with_suffix(".jsonl.tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            ids = set()
            for aid, rec in state.iter_article_records():
                fh.write(rec + "\n")
                ids.add(aid)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)
        self.ids = ids

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
