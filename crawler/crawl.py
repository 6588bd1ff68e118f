"""The crawl loop: one worker per host, several hosts at once, everything archived and resumable.

What lands in the crawl directory ``DIR``:

- ``articles.jsonl``: one Article per canonical article URL (DESIGN's contract);
- ``warc/*.warc.gz``: every request and response, robots.txt included;
- ``state.sqlite``: frontier, fetched URLs, validators, article records;
- ``crawl.log``: one line per request, skip and failure, with the reason.

Per host, in order: robots.txt (Disallow, Crawl-delay, Sitemap lines), then
the frontier by priority (sitemaps and feeds, start URLs, then pages by
depth). Each URL is fetched with its validators (ETag / Last-Modified), with
retries and backoff on timeouts and 5xx, waiting out 429 Retry-After, and
following redirects that stay in scope, each hop checked against robots.txt.
The bounds that end traps: link depth, pagination hops, pages per host per
run, non-article URL variants per path, URL length and repeated segments.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import fcntl
import hashlib
import logging
import os
import signal
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from crawler.archive import WarcWriter, repair_open_files
from crawler.discover import page_links, parse_feed, parse_sitemap, sniff
from crawler.fetch import USER_AGENT, Exchange, Fetcher
from crawler.hosts import HostPacer
from crawler.pages import UrlPatterns, page_to_article, parse_page
from crawler.robots import Robots, robots_from_response
from crawler.sources import Source, source_for_host
from crawler.state import ArticleLog, CrawlState, Link, Outcome, UrlRow
from crawler.urls import (
    bare_host,
    extension_of,
    host_of,
    looks_binary,
    looks_like_trap,
    origin_of,
    path_of,
    try_canonicalize,
)
from extract.articles import Article

log = logging.getLogger("chiso.crawl")

_REDIRECTS = (301, 302, 303, 307, 308)


@dataclass(slots=True)
class CrawlConfig:
    """Everything a crawl needs; the CLI fills it from its options."""

    out: Path
    start_urls: Sequence[str] = ()
    sources: Sequence[Source] = ()
    registry: dict[str, Source] = field(default_factory=dict)
    delay: float = 1.0
    max_pages: int | None = None
    max_pages_per_host: int = 10_000
    max_depth: int = 5
    max_pagination: int = 50
    max_variants: int = 50
    max_redirects: int = 5
    revisit_depth: int = 1
    timeout: float = 30.0
    max_bytes: int = 5_000_000
    retries: int = 3
    backoff: float = 1.0
    max_backoff: float = 60.0
    max_retry_after: float = 600.0
    max_rate_limited: int = 3
    user_agent: str = USER_AGENT
    store: Path | None = None
    store_every: int = 200
    trust_env: bool = True


@dataclass(slots=True)
class CrawlStats:
    requests: int = 0
    pages: int = 0
    not_modified: int = 0
    new_articles: int = 0
    updated_articles: int = 0
    skipped: int = 0
    failed: int = 0
    retries: int = 0
    round: int = 0
    new_round: bool = False
    round_closed: bool = False
    warc_files: list[str] = field(default_factory=list)
    repaired: dict[str, int] = field(default_factory=dict)


class CrawlLocked(RuntimeError):
    """Another crawl is running in the same directory."""


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())


class Crawler:
    def __init__(self, config: CrawlConfig) -> None:
        self.config = config
        self.out = Path(config.out)
        self.stats = CrawlStats()
        self.stopping = False
        self.budget_spent = False
        self.robots: dict[str, Robots] = {}
        self._robots_locks: dict[str, asyncio.Lock] = {}
        self._per_host: dict[str, int] = {}
        self._unstored = 0
        self._wakeup: asyncio.Event | None = None
        seeds = self._seeds()
        self.seeds = seeds
        self.scope = {bare_host(link.host) for link in seeds}
        self.source_by_scope: dict[str, Source] = {}
        for src in config.sources:
            for h in src.hosts:
                self.source_by_scope[h] = src

    # -- setup --------------------------------------------------------------
    def _seeds(self) -> list[Link]:
        out: list[Link] = []

        def add(url: str, kind: str, source: str = "") -> None:
            canon = try_canonicalize(url)
            if canon is None:
                raise ValueError(f"not a crawlable URL: {url!r}")
            out.append(
                Link(canon, host_of(canon), path_of(canon), kind=kind, source=source, is_seed=True)
            )

        for src in self.config.sources:
            for u in src.start_urls:
                add(u, "page", src.name)
            for u in src.feeds:
                add(u, "feed", src.name)
            for u in src.sitemaps:
                add(u, "sitemap", src.name)
        for u in self.config.start_urls:
            add(u, "page")
        return out

    def in_scope(self, url: str) -> bool:
        """On one of the start URLs' hosts (``www.`` or not)."""
        return bare_host(host_of(url)) in self.scope

    def source_of(self, url: str) -> tuple[str, UrlPatterns | None]:
        host = bare_host(host_of(url))
        src = self.source_by_scope.get(host) or source_for_host(self.config.registry, host)
        if src is not None:
            return src.name, src.patterns
        return host, None

    # -- the run ------------------------------------------------------------
    async def run(self) -> CrawlStats:
        cfg = self.config
        self.state = CrawlState(self.out, max_variants=cfg.max_variants)
        self.articles = ArticleLog(self.out)
        fixed = self.articles.reconcile(self.state)
        self.stats.repaired.update({f"jsonl_{k}": v for k, v in fixed.items() if v})
        self._flush_store(force=True)
        known = [h for h in self.state.known_hosts() if self.in_scope(f"http://{h}/")]
        run_id, new_round = self.state.start_run(
            self.seeds, known, revisit_depth=cfg.revisit_depth, args=" ".join(cfg.start_urls)
        )
        self.stats.round, self.stats.new_round = self.state.round, new_round
        log.info(
            "run %d: round %d (%s), scope %s",
            run_id, self.state.round, "new" if new_round else "resumed", sorted(self.scope),
        )
        self.pacer = HostPacer(cfg.delay)
        self.warc = WarcWriter(
            self.out / "warc", info={"operator": cfg.user_agent, "robots": "obey"}
        )
        self.fetcher = Fetcher(
            user_agent=cfg.user_agent, timeout=cfg.timeout, max_bytes=cfg.max_bytes,
            trust_env=cfg.trust_env,
        )
        self._wakeup = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(sig, self.stop)
        try:
            await self._dispatch()
        finally:
            for sig in (signal.SIGINT, signal.SIGTERM):
                with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                    loop.remove_signal_handler(sig)
            await self.fetcher.aclose()
            self.warc.close()
            self.stats.warc_files = [str(p) for p in self.warc.files]
            self.articles.close()
            if self.stats.updated_articles:
                self.articles.rewrite(self.state)
            self._flush_store(force=True)
            left = [h for h in self.state.hosts_with_work() if self.in_scope(f"http://{h}/")]
            close = not (self.stopping or self.budget_spent or left)
            self.state.finish_run(
                run_id, fetched=self.stats.pages, new_articles=self.stats.new_articles,
                close_round=close,
            )
            self.stats.round_closed = close
            self.state.close()
        return self.stats

    def stop(self) -> None:
        """Finish the pages in flight, then stop (SIGINT / SIGTERM)."""
        log.warning("stop requested: finishing pages in flight")
        self.stopping = True
        if self._wakeup is not None:
            self._wakeup.set()

    async def _dispatch(self) -> None:
        workers: dict[str, asyncio.Task[None]] = {}
        assert self._wakeup is not None
        while True:
            for host, task in list(workers.items()):
                if task.done():
                    del workers[host]
                    exc = task.exception()
                    if exc is not None:
                        log.error("worker for %s failed: %r", host, exc)
            if not (self.stopping or self.budget_spent):
                for host in self.state.hosts_with_work():
                    if host in workers or not self.in_scope(f"http://{host}/"):
                        continue
                    if self._per_host.get(host, 0) >= self.config.max_pages_per_host:
                        continue
                    workers[host] = asyncio.create_task(self._worker(host))
            if not workers:
                return
            self._wakeup.clear()
            waiter = asyncio.create_task(self._wakeup.wait())
            await asyncio.wait([waiter, *workers.values()], return_when=asyncio.FIRST_COMPLETED, timeout=1.0)
            waiter.cancel()

    async def _worker(self, host: str) -> None:
        cfg = self.config
        while not self.stopping:
            if cfg.max_pages is not None and self.stats.pages >= cfg.max_pages:
                self.budget_spent = True
                return
            if self._per_host.get(host, 0) >= cfg.max_pages_per_host:
                log.info("%s: %d pages this run, the per-host bound", host, cfg.max_pages_per_host)
                return
            row = self.state.next_queued(host)
            if row is None:
                return
            self.stats.pages += 1
            self._per_host[host] = self._per_host.get(host, 0) + 1
            try:
                await self._process(row)
            except Exception as exc:  # one bad page must not end the crawl
                log.exception("error on %s", row.url)
                self.state.complete(row.url, Outcome("failed", reason=f"error: {exc!r}"[:500]))
                self.stats.failed += 1

    # -- robots -------------------------------------------------------------
    async def _robots(self, url: str) -> Robots:
        host = host_of(url)
        if host in self.robots:
            return self.robots[host]
        lock = self._robots_locks.setdefault(host, asyncio.Lock())
        async with lock:
            if host in self.robots:
                return self.robots[host]
            robots_url = origin_of(url) + "/robots.txt"
            ex = await self._fetch(robots_url, {})
            hops = 0
            while ex.status in _REDIRECTS and hops < self.config.max_redirects:
                target = try_canonicalize(ex.headers.get("location", ""), robots_url)
                if target is None or bare_host(host_of(target)) != bare_host(host):
                    break
                hops += 1
                robots_url = target
                ex = await self._fetch(target, {})
            robots = robots_from_response(ex.status if ex.error is None else None, ex.body)
            delay = self.pacer.set_delay(host, robots.crawl_delay())
            self.robots[host] = robots
            log.info("%s: %s; delay %.2f s; %d sitemap(s)", host, robots.reason, delay, len(robots.sitemaps))
            links = []
            for sm in robots.sitemaps:
                canon = try_canonicalize(sm, robots_url)
                if canon and self.in_scope(canon):
                    links.append(
                        Link(canon, host_of(canon), path_of(canon), kind="sitemap", depth=0,
                             source=self.source_of(canon)[0], parent=robots_url)
                    )
            if links and self.state.enqueue(links):
                self._wake()
            return robots

    def _wake(self) -> None:
        if self._wakeup is not None:
            self._wakeup.set()

    # -- one request, with retries --------------------------------------------
    async def _fetch(self, url: str, headers: dict[str, str]) -> Exchange:
        cfg = self.config
        host = host_of(url)
        attempts = limited = 0
        while True:
            async with self.pacer.turn(host):
                ex = await self.fetcher.get(url, headers)
            self.warc.write_exchange(ex)
            self.stats.requests += 1
            log.info(
                "GET %s -> %s %s(%d bytes, %.0f ms)",
                url, ex.status if ex.status is not None else "-", f"[{ex.error}] " if ex.error else "",
                len(ex.raw_body), ex.elapsed * 1000,
            )
            wait = _retry_after(ex.headers.get("retry-after")) if ex.status in (429, 503) else None
            if ex.status == 429 or (ex.status == 503 and wait is not None):
                wait = wait if wait is not None else cfg.backoff * 2**limited
                if limited < cfg.max_rate_limited and wait <= cfg.max_retry_after:
                    limited += 1
                    self.stats.retries += 1
                    log.info("%s: %d, waiting %.1f s (Retry-After)", url, ex.status, wait)
                    self.pacer.block(host, wait)
                    continue
                return ex
            if ex.transient and attempts < cfg.retries:
                attempts += 1
                self.stats.retries += 1
                backoff = min(cfg.max_backoff, cfg.backoff * 2 ** (attempts - 1))
                log.info("%s: %s, retry %d/%d in %.1f s", url, ex.error or ex.status, attempts, cfg.retries, backoff)
                self.pacer.block(host, backoff)
                continue
            return ex

    # -- one URL ------------------------------------------------------------
    def _skip(self, row: UrlRow, status: str, reason: str, also: Iterable[tuple[str, Outcome]] = (), http_status: int | None = None) -> None:
        log.info("%s %s: %s", status, row.url, reason)
        self.state.complete(row.url, Outcome(status, http_status=http_status, reason=reason), also=list(also))
        if status == "failed":
            self.stats.failed += 1
        else:
            self.stats.skipped += 1

    async def _process(self, row: UrlRow) -> None:
        cfg = self.config
        robots = await self._robots(row.url)
        if not robots.allowed(row.url):
            self._skip(row, "skipped", "disallowed by robots.txt")
            return
        url = row.url
        headers = self._validators(row)
        hops: list[tuple[str, Outcome]] = []
        ex: Exchange | None = None
        first: Outcome | None = None
        for _ in range(cfg.max_redirects + 1):
            ex = await self._fetch(url, headers)
            if ex.status not in _REDIRECTS:
                break
            target = try_canonicalize(ex.headers.get("location", ""), url)
            hop = Outcome("redirected", http_status=ex.status, fetched_at=ex.started, reason=f"-> {target}")
            if url == row.url:
                first = hop
            else:
                hops.append((url, hop))
            if target is None or not self.in_scope(target):
                self._skip(row, "skipped", f"redirect out of scope: {target}", hops, ex.status)
                return
            if looks_binary(target):
                self._skip(row, "skipped", f"redirect to a .{extension_of(target)} file", hops, ex.status)
                return
            known = self.state.get(target)
            if known is not None and known.status != "queued" and target != row.url:
                self.state.complete(row.url, first or hop, also=hops)
                return
            if not (await self._robots(target)).allowed(target):
                self._skip(row, "skipped", f"redirect to {target}, disallowed by robots.txt", hops, ex.status)
                return
            self.state.ensure_row(
                Link(target, host_of(target), path_of(target), kind=row.kind, depth=row.depth,
                     hops=row.hops, source=row.source, parent=row.url)
            )
            url = target
            headers = self._validators(known) if known else {}
        else:
            self._skip(row, "failed", f"more than {cfg.max_redirects} redirects", hops)
            return
        assert ex is not None
        also = hops
        if url != row.url and first is not None:
            also = [(row.url, first), *hops]
            row = self.state.get(url) or row
        self._handle(row, ex, also)

    @staticmethod
    def _validators(row: UrlRow | None) -> dict[str, str]:
        """Conditional-request headers from what the last fetch of ``row`` returned."""
        headers: dict[str, str] = {}
        if row is not None and row.etag:
            headers["If-None-Match"] = row.etag
        if row is not None and row.last_modified:
            headers["If-Modified-Since"] = row.last_modified
        return headers

    def _handle(self, row: UrlRow, ex: Exchange, also: list[tuple[str, Outcome]]) -> None:
        if ex.status is None:
            self._skip(row, "failed", ex.error or "no response", also)
            return
        if ex.error is not None:  # size cap, content type, broken encoding
            self._skip(row, "skipped", ex.error, also, ex.status)
            return
        if ex.status == 304:
            self.stats.not_modified += 1
            self.state.complete(
                row.url, Outcome("done", http_status=304, fetched_at=ex.started, reason="not modified"), also=also
            )
            return
        if ex.status == 429 or ex.status >= 500:
            self._skip(row, "failed", f"HTTP {ex.status} after retries", also, ex.status)
            return
        if ex.status >= 300:
            self._skip(row, "skipped", f"HTTP {ex.status}", also, ex.status)
            return
        response = ex.response()
        assert response is not None
        body = response.body
        digest = hashlib.sha1(body).hexdigest()
        outcome_base = {
            "http_status": ex.status,
            "etag": response.header("etag"),
            "last_modified": response.header("last-modified"),
            "content_hash": digest,
            "fetched_at": ex.started,
        }
        if row.content_hash == digest and row.page_kind:
            self.stats.not_modified += 1
            self.state.complete(
                row.url, Outcome("done", page_kind=row.page_kind, reason="unchanged", **outcome_base), also=also
            )
            return
        kind = sniff(body, response.mime_type, row.url)
        source, patterns = self.source_of(row.url)
        links: list[Link] = []
        article: Article | None = None
        page_kind = kind
        if kind == "sitemap":
            sm = parse_sitemap(body, row.url)
            links += self._links([u for u, _ in sm.sitemaps], row, kind="sitemap", depth=row.depth)
            links += self._links(
                [u for u, _ in sm.urls], row, kind="page", depth=row.depth + 1,
                lastmods={u: m for u, m in sm.urls if m},
            )
        elif kind == "feed":
            items = parse_feed(body, row.url)
            links += self._links([i.url for i in items], row, kind="page", depth=row.depth + 1)
        elif kind == "html":
            page = parse_page(body, row.url, content_type=response.content_type)
            if page is not None:
                found = page_links(page)
                links += self._links(found.feeds, row, kind="feed", depth=row.depth)
                links += self._links(found.pagination, row, kind="page", depth=row.depth, hops=row.hops + 1)
                links += self._links(found.links, row, kind="page", depth=row.depth + 1)
                article = page_to_article(page, source=source, patterns=patterns, fetched_at=ex.started)
                page_kind = "article" if article is not None else ("listing" if len(found.links) >= 10 else "other")
        changed, added = self.state.complete(
            row.url, Outcome("done", page_kind=page_kind, **outcome_base), article=article, links=links, also=also
        )
        if added:
            self._wake()
        if article is not None and changed:
            if self.articles.append(article):
                self.stats.new_articles += 1
            else:
                self.stats.updated_articles += 1
            self._unstored += 1
            self._flush_store()

    def _links(
        self,
        urls: Iterable[str],
        parent: UrlRow,
        *,
        kind: str,
        depth: int,
        hops: int | None = None,
        lastmods: dict[str, str] | None = None,
    ) -> list[Link]:
        cfg = self.config
        hops = parent.hops if hops is None else hops
        out: list[Link] = []
        for url in urls:
            if not self.in_scope(url) or looks_like_trap(url):
                continue
            host = host_of(url)
            link = Link(
                url, host, path_of(url), kind=kind, depth=depth, hops=hops,
                source=self.source_of(url)[0], parent=parent.url,
                lastmod=(lastmods or {}).get(url),
            )
            if looks_binary(url):
                self.state.mark_skipped(link, f"not a page: .{extension_of(url)} link")
                continue
            if depth > cfg.max_depth or hops > cfg.max_pagination:
                continue
            robots = self.robots.get(host)
            if robots is not None and not robots.allowed(url):
                self.state.mark_skipped(link, "disallowed by robots.txt")
                continue
            out.append(link)
        return out

    # -- the store ----------------------------------------------------------
    def _flush_store(self, force: bool = False) -> None:
        if self.config.store is None:
            return
        if not force and self._unstored < self.config.store_every:
            return
        from chiso.store import Store

        state = self.state
        batch = state.unstored()
        if not batch:
            self._unstored = 0
            return
        with Store(self.config.store) as store:
            while batch:
                store.add_articles(batch)
                state.mark_stored(a.id for a in batch)
                batch = state.unstored()
        self._unstored = 0


@contextlib.contextmanager
def _locked(directory: Path):
    directory.mkdir(parents=True, exist_ok=True)
    fh = open(directory / ".lock", "w")  # noqa: SIM115
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise CrawlLocked(f"another crawl is running in {directory}") from exc
        fh.write(str(os.getpid()))
        fh.flush()
        yield
    finally:
        fh.close()


@contextlib.contextmanager
def _log_to(path: Path):
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    previous = log.level
    if log.level == logging.NOTSET or log.level > logging.INFO:
        log.setLevel(logging.INFO)
    try:
        yield
    finally:
        log.removeHandler(handler)
        handler.close()
        log.setLevel(previous)


async def crawl_async(config: CrawlConfig) -> CrawlStats:
    """Run (or resume) a crawl into ``config.out``; see the module docstring."""
    out = Path(config.out)
    with _locked(out), _log_to(out / "crawl.log"):
        repairs = repair_open_files(out / "warc") if (out / "warc").is_dir() else []
        for r in repairs:
            log.warning("repaired %s: kept %d bytes, dropped a torn tail of %d", r.path, r.kept_bytes, r.dropped_bytes)
        crawler = Crawler(config)
        stats = await crawler.run()
        if repairs:
            stats.repaired["warc_files"] = len(repairs)
        return stats


def crawl(config: CrawlConfig) -> CrawlStats:
    """Blocking :func:`crawl_async`."""
    return asyncio.run(crawl_async(config))
