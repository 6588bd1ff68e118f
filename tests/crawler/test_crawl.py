"""End to end against two loopback servers: politeness, faults, traps, extraction, resume.

Everything is asserted from the servers' own request log (what they saw), the crawl
directory (articles.jsonl, WARC, state) and the store.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest

from chiso.store import Store
from crawler.archive import iter_records
from crawler.crawl import CrawlConfig, crawl
from crawler.state import CrawlState

DELAY_A, DELAY_B = 0.2, 0.25


def _config(site, out: Path) -> CrawlConfig:
    return CrawlConfig(
        out=out,
        start_urls=[site.base["a"] + "/", site.base["b"] + "/"],
        delay=0.1,
        timeout=0.6,
        retries=2,
        backoff=0.2,
        max_bytes=100_000,
        max_variants=5,
        store=out / "store.duckdb",
        trust_env=False,
    )


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


@pytest.fixture(scope="module")
def first(make_site, tmp_path_factory):
    site = make_site(delay_a=DELAY_A, delay_b=DELAY_B)
    out = tmp_path_factory.mktemp("crawl")
    t0 = time.monotonic()
    stats = crawl(_config(site, out))
    elapsed = time.monotonic() - t0
    hits = list(site.log)
    return site, out, stats, hits, elapsed


def test_robots_disallow_and_binaries_never_fetched(first):
    site, out, stats, hits, _ = first
    paths = [h.path for h in hits]
    assert not [p for p in paths if p.startswith(("/private/", "/tim-kiem", "/admin/"))]
    assert not [p for p in paths if p.endswith(".pdf")]
    state = CrawlState(out)
    reasons = {url.split("/", 3)[-1]: (status, reason) for url, status, reason in state.reasons()}
    state.close()
    assert reasons["files/bao-cao-par-index-2023.pdf"] == ("skipped", "not a page: .pdf link")
    assert reasons["private/bi-mat.html"] == ("skipped", "disallowed by robots.txt")
    assert sum(1 for p in paths if p == "/robots.txt") == 2  # once per host


def test_one_request_at_a_time_per_host_with_crawl_delay(first):
    site, _, _, hits, _ = first
    for host, delay in (("a", DELAY_A), ("b", DELAY_B)):
        mine = sorted((h for h in hits if h.host == host), key=lambda h: h.start)
        assert len(mine) >= 5
        for prev, nxt in zip(mine, mine[1:], strict=False):
            if prev.path == "/cham.html":  # the crawler hung up; the server slept on regardless
                continue
            assert nxt.start >= prev.end - 0.005, f"overlap on {host}: {prev.path} / {nxt.path}"
        # robots.txt comes first; after it every gap honours the larger delay (Crawl-delay)
        assert mine[0].path == "/robots.txt"
        gaps = [b.start - a.start for a, b in zip(mine, mine[1:], strict=False)]
        assert min(gaps[1:]) >= delay - 0.01, (host, min(gaps[1:]))


def test_hosts_are_crawled_in_parallel(first):
    _, _, _, hits, _ = first
    a = sorted(h.start for h in hits if h.host == "a")
    b = sorted(h.start for h in hits if h.host == "b")
    # host B's whole crawl happens while host A is still being crawled
    assert a[0] < b[-1] < a[-1]
    assert b[1] < a[3]


def test_retries_backoff_and_retry_after(first):
    _, out, stats, hits, _ = first
    flaky = [h for h in hits if h.path == "/loi.html"]
    assert [h.status for h in flaky] == [500, 200]
    busy = [h for h in hits if h.path == "/ban.html"]
    assert [h.status for h in busy] == [429, 200]
    assert busy[1].start - busy[0].end >= 1.0  # Retry-After: 1
    slow = [h for h in hits if h.path == "/cham.html"]
    assert len(slow) == 3  # first try + 2 retries, then given up
    assert slow[1].start - slow[0].start >= 0.6 + 0.2  # timeout + first backoff
    big = [h for h in hits if h.path == "/lon.html"]
    assert len(big) == 1
    state = CrawlState(out)
    reasons = {url.rsplit("/", 1)[-1]: (status, reason) for url, status, reason in state.reasons()}
    state.close()
    assert reasons["cham.html"][0] == "failed" and "timeout" in reasons["cham.html"][1]
    assert reasons["lon.html"][0] == "skipped" and "too large" in reasons["lon.html"][1]
    assert stats.retries >= 4
    log = (out / "crawl.log").read_text("utf-8")
    assert "too large" in log and "timeout" in log and "Retry-After" in log


def test_traps_end_and_duplicates_are_fetched_once(first):
    site, _, _, hits, _ = first
    calendar = [h for h in hits if h.path.startswith("/lich")]
    assert 1 <= len(calendar) <= 5  # --max-variants 5
    article_paths = [h.path for h in hits if h.path.startswith("/bai/")]
    assert len(article_paths) == len(set(article_paths))
    assert all("?" not in p and "#" not in p for p in article_paths)  # tracking params dropped


def test_articles_one_per_canonical_url_with_clean_text(first):
    site, out, stats, _, _ = first
    records = _jsonl(out / "articles.jsonl")
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids))
    by_url = {r["url"]: r for r in records}
    expected = {site.url(a) for a in site.articles}
    assert set(by_url) == expected
    assert stats.new_articles == len(expected)
    for art in site.articles:
        rec = by_url[site.url(art)]
        text = rec["text"]
        assert unicodedata.is_normalized("NFC", text) and unicodedata.is_normalized("NFC", rec["title"])
        assert rec["title"] == art.title
        assert rec["published"] == art.published, (art.path, art.date_text)
        assert art.sapo in text
        for p in art.paragraphs():
            assert p in text
        for other in site.articles:
            if other is not art:
                assert other.sapo not in text, f"sidebar of {art.path} leaked {other.path}"
        for junk in ("Chia sẻ", "Giấy phép", "Trang chủ", "Tin khác", "Đọc nhiều", "Tin liên quan"):
            assert junk not in text
        assert rec["source"] == site.base[art.host].split("//")[1]
        if art.table:
            assert "1 | Sở Tư pháp | 92,15" in text.split("\n")
            assert "3 | Văn phòng UBND tỉnh | 90,02" in text.split("\n")
    cp1258 = next(a for a in site.articles if a.encoding == "windows-1258")
    assert "cải cách hành chính" in by_url[site.url(cp1258)]["text"]
    # the redirect's target is the article; the old URL is recorded as redirected
    assert site.url(site.a_redirected) in by_url
    state = CrawlState(out)
    row = state.get(site.base["a"] + "/tin-cu.html")
    state.close()
    assert row is not None and row.status == "redirected"


def test_warc_holds_every_exchange_and_reads_to_the_end(first):
    _, out, _, hits, _ = first
    files = sorted((out / "warc").iterdir())
    assert files and all(f.name.endswith(".warc.gz") for f in files)
    records = [r for f in files for r in iter_records(f)]
    requests = [uri for kind, uri, _ in records if kind == "request"]
    responses = [uri for kind, uri, _ in records if kind == "response"]
    assert len(requests) == len(hits)  # every request the servers saw is archived
    assert sum(1 for u in responses if u.endswith("/robots.txt")) == 2
    assert len(responses) == len(hits) - 3  # the three timed-out attempts had no response


def test_store_has_the_articles(first):
    _, out, _, _, _ = first
    lines = len(_jsonl(out / "articles.jsonl"))
    with Store(out / "store.duckdb", read_only=True) as store:
        assert store.counts()["articles"] == lines


def test_second_run_resumes_with_conditional_requests(first):
    site, out, _, _, _ = first
    before = _jsonl(out / "articles.jsonl")
    new = site.new_article()
    mark = len(site.log)
    stats = crawl(_config(site, out))
    hits = site.log[mark:]
    paths = [h.path for h in hits]
    old_articles = {a.path for a in site.articles if a is not new}
    assert not [p for p in paths if p in old_articles], "an article already held was refetched"
    assert new.path in paths
    # hubs were revalidated with validators; unchanged ones answered 304
    sitemap = [h for h in hits if h.path == "/sitemap-bai.xml"]
    assert sitemap and sitemap[0].headers.get("if-none-match") and sitemap[0].status == 304
    assert stats.not_modified >= 3
    after = _jsonl(out / "articles.jsonl")
    assert [r["id"] for r in after[: len(before)]] == [r["id"] for r in before]
    assert len(after) == len(before) + 1 and after[-1]["url"] == site.url(new)
    assert stats.new_articles == 1 and stats.new_round and stats.round == 2
    with Store(out / "store.duckdb", read_only=True) as store:
        assert store.counts()["articles"] == len(after)


# -- SIGKILL mid-run, then resume ------------------------------------------------------------


def _cli(site, out: Path, *extra: str) -> list[str]:
    return [
        sys.executable, "-c", "from chiso.cli import main; main()", "crawl",
        site.base["a"] + "/", site.base["b"] + "/", "--out", str(out), "--delay", "0.03",
        "--store", str(out / "store.duckdb"), "--quiet", *extra,
    ]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env["NO_PROXY"] = "127.0.0.2,127.0.0.3"
    return env


@pytest.mark.slow
def test_sigkill_then_resume_loses_and_duplicates_nothing(make_site, tmp_path):
    site = make_site(delay_a=0.03, delay_b=0.03, faults=False, n_listing=24)
    whole = tmp_path / "whole"
    subprocess.run(_cli(site, whole), check=True, env=_env(), timeout=120)
    reference = {(r["id"], r["url"], r["text"]) for r in _jsonl(whole / "articles.jsonl")}
    assert len(reference) == len(site.articles)

    killed = tmp_path / "killed"
    for at in (6, 17, 29):  # requests seen by the servers when the crawler is killed
        mark = len(site.log)
        proc = subprocess.Popen(_cli(site, killed), env=_env())
        deadline = time.monotonic() + 60
        while len(site.log) - mark < at and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    subprocess.run(_cli(site, killed), check=True, env=_env(), timeout=120)

    records = _jsonl(killed / "articles.jsonl")
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids)), "duplicated articles after SIGKILL"
    assert {(r["id"], r["url"], r["text"]) for r in records} == reference, "lost articles"
    files = list((killed / "warc").iterdir())
    assert files and all(f.name.endswith(".warc.gz") for f in files), files
    for f in files:
        assert sum(1 for _ in iter_records(f)) >= 1  # raises if any file is torn
    with Store(killed / "store.duckdb", read_only=True) as store:
        assert store.counts()["articles"] == len(reference)


def test_warc_re_extraction_gives_the_same_articles(first):
    """What ``chiso extract`` does with a crawl's WARC: same ids, same texts, no refetch."""
    from crawler.archive import iter_responses
    from crawler.pages import html_to_article

    _, out, _, _, _ = first
    crawled = {r["id"]: r["text"] for r in _jsonl(out / "articles.jsonl")}
    again = {}
    for f in sorted((out / "warc").glob("*.warc.gz")):
        for resp in iter_responses(f):
            if resp.status == 200 and "html" in (resp.content_type or "") and not resp.truncated:
                art = html_to_article(resp.body, resp.url, content_type=resp.content_type)
                if art is not None:
                    again[art.id] = art.text
    assert set(crawled) <= set(again)
    assert all(again[i] == crawled[i] for i in crawled)


def test_source_registry_crawl(make_site, tmp_path):
    from crawler.sources import load_sources

    registry = load_sources()
    assert all(isinstance(s.verified, bool) and s.note for s in registry.values())
    assert {"baobacgiang", "baohungyen", "vnexpress"} <= {n for n, s in registry.items() if s.verified}

    site = make_site(delay_a=0.02, delay_b=0.02, faults=False, n_listing=2)
    toml = tmp_path / "sources.toml"
    toml.write_text(
        "[[source]]\n"
        'name = "bao-tinh-a"\ntitle = "Báo Tỉnh A"\nprovince = "Tỉnh A"\nkind = "newspaper"\n'
        f'start_urls = ["{site.base["a"]}/"]\n'
        f'feeds = ["{site.base["a"]}/rss/tin-moi.rss"]\n'
        "article_patterns = ['/bai/[a-z0-9-]+-\\\\d+\\\\.html$']\n"
        "verified = true\nnote = \"test site\"\n",
        "utf-8",
    )
    out = tmp_path / "src"
    cmd = [
        sys.executable, "-c", "from chiso.cli import main; main()", "crawl", "--source", "bao-tinh-a",
        "--sources-file", str(toml), "--out", str(out), "--delay", "0.02", "--no-store", "--quiet",
    ]
    subprocess.run(cmd, check=True, env=_env(), timeout=60)
    records = _jsonl(out / "articles.jsonl")
    assert {r["url"] for r in records} == {site.url(a) for a in site.articles if a.host == "a"}
    assert {r["source"] for r in records} == {"bao-tinh-a"}
    assert not [h for h in site.log if h.host == "b"]  # scope: the source's hosts only
