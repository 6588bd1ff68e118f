"""Sitemaps, feeds, page links and robots.txt parsing."""

from __future__ import annotations

import gzip

from crawler.discover import page_links, parse_feed, parse_sitemap, sniff
from crawler.pages import parse_page
from crawler.robots import robots_from_response


def test_sitemap_index_urlset_and_gzip() -> None:
    index = (
        b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc>https://x.vn/sm-1.xml.gz</loc><lastmod>2024-01-02</lastmod></sitemap></sitemapindex>"
    )
    sm = parse_sitemap(index)
    assert sm.sitemaps == [("https://x.vn/sm-1.xml.gz", "2024-01-02")] and not sm.urls
    urlset = (
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc> https://x.vn/a.html?utm_source=sm </loc>'
        b"<lastmod>2024-05-01T10:00:00+07:00</lastmod></url><url><loc>https://x.vn/b.html</loc></url></urlset>"
    )
    sm = parse_sitemap(gzip.compress(urlset))
    assert sm.urls == [("https://x.vn/a.html", "2024-05-01T10:00:00+07:00"), ("https://x.vn/b.html", None)]
    assert sniff(urlset) == "sitemap" and sniff(gzip.compress(urlset)) == "sitemap"


def test_real_vnexpress_feed(shared) -> None:
    path = shared / "corpora" / "rss-vnexpress-vanpho93" / "tin-moi-nhat_2017-11-14.rss.xml"
    if not path.exists():
        import pytest

        pytest.skip(f"{path} is absent")
    body = path.read_bytes()
    assert sniff(body) == "feed"
    items = parse_feed(body, "https://vnexpress.net/rss/tin-moi-nhat.rss")
    assert len(items) == 24  # 25 <item>s, one of them empty ("No Description", no link)
    assert all(".vnexpress.net/" in i.url or "//vnexpress.net/" in i.url for i in items)
    assert all(i.url.endswith(".html") for i in items)
    assert all(i.published == "2017-11-14" for i in items[:3])


def test_page_links_pagination_and_feeds() -> None:
    html = (
        '<html><head><link rel="alternate" type="application/rss+xml" href="/rss/tin-moi.rss">'
        '<base href="https://x.vn/tin/"></head><body>'
        '<a href="bai-1.html?utm_source=home">Bài 1</a><a href="bai-1.html#top">Bài 1 again</a>'
        '<a href="javascript:void(0)">x</a><a href="mailto:a@x.vn">mail</a>'
        '<div class="paging"><a href="?trang=2">2</a><a href="?trang=3">Trang sau »</a></div>'
        '<a href="/lich/2024/05/">Tháng 5</a></body></html>'
    )
    page = parse_page(html, "https://x.vn/tin/")
    links = page_links(page)
    assert links.feeds == ["https://x.vn/rss/tin-moi.rss"]
    assert links.links == ["https://x.vn/tin/bai-1.html", "https://x.vn/lich/2024/05/"]
    assert links.pagination == ["https://x.vn/tin/?trang=2", "https://x.vn/tin/?trang=3"]


def test_robots_rules() -> None:
    r = robots_from_response(200, b"User-agent: *\nDisallow: /private/\nCrawl-delay: 2.5\nSitemap: https://x.vn/sm.xml\n")
    assert not r.allowed("https://x.vn/private/a.html") and r.allowed("https://x.vn/a.html")
    assert r.crawl_delay() == 2.5 and r.sitemaps == ["https://x.vn/sm.xml"]
    named = robots_from_response(200, b"User-agent: chiso\nDisallow: /\n\nUser-agent: *\nAllow: /\n")
    assert not named.allowed("https://x.vn/a.html")
    assert robots_from_response(404, b"").allowed("https://x.vn/anything")
    assert not robots_from_response(503, b"").allowed("https://x.vn/anything")
    assert not robots_from_response(None, b"").allowed("https://x.vn/anything")
