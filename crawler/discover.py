"""Where the next URLs come from: sitemaps, feeds and the links on pages.

Everything here is pure parsing (bytes or a parsed page in, URL lists out);
the crawl loop decides what to enqueue (scope, robots.txt, trap bounds).
"""

from __future__ import annotations

import datetime as dt
import gzip
import re
import zlib
from dataclasses import dataclass, field
from typing import Literal

from lxml import etree

from crawler.pages import Page
from crawler.urls import path_of, try_canonicalize

DocKind = Literal["sitemap", "feed", "html", "other"]

MAX_SITEMAP_BYTES = 50_000_000  # the sitemap protocol's own limit, uncompressed

_XML_PARSER = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
_PAGINATION_TEXT = re.compile(
    r"^\s*(?:\d{1,4}|[»›>]{1,2}|trang (?:sau|tiếp|kế)|tiếp(?: theo)?|sau|next|xem tiếp|"
    r"cũ hơn|tin cũ hơn|older|trang \d{1,4}|\.\.\.|[»›>]?\s*(?:trang )?cuối|last)\s*[»›>]*\s*$",
    re.IGNORECASE,
)
_PAGINATION_ATTR = re.compile(r"pag|phantrang|phan-trang|pager|page-?nav|next")
_PAGE_PARAM = re.compile(
    r"(?:^|&)(?:page|p|trang|pg|paged|pageindex|page_index|pagenumber|pagenum|cur_page|"
    r"start|offset|currentpage|pi)=\d+",
    re.IGNORECASE,
)
_PAGE_PATH = re.compile(r"(?:/page/\d+|/trang-?\d+|[-/]p\d+|/\d{1,4})/?(?:\.html?)?$", re.IGNORECASE)


def sniff(body: bytes, mime: str = "", url: str = "") -> DocKind:
    """What a fetched document is, from its first bytes, type and URL."""
    head = body[:2048].lstrip().lower()
    if head.startswith(b"\x1f\x8b"):
        return "sitemap"
    if b"<urlset" in head or b"<sitemapindex" in head:
        return "sitemap"
    if b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head:
        return "feed"
    if b"<html" in head or b"<!doctype html" in head or b"<head" in head or b"<body" in head:
        return "html"
    if "html" in mime:
        return "html"
    if mime == "text/plain" and url.lower().endswith(".txt") and b"http" in head:
        return "sitemap"  # a text sitemap: one URL per line
    return "other"


@dataclass(slots=True)
class Sitemap:
    """A parsed sitemap: page URLs and, for a sitemap index, further sitemaps, with lastmod."""

    urls: list[tuple[str, str | None]] = field(default_factory=list)
    sitemaps: list[tuple[str, str | None]] = field(default_factory=list)


def _gunzip(body: bytes) -> bytes:
    if body[:2] != b"\x1f\x8b":
        return body
    d = zlib.decompressobj(31)
    try:
        return d.decompress(body, MAX_SITEMAP_BYTES)
    except zlib.error:
        return gzip.decompress(body[:MAX_SITEMAP_BYTES])


def parse_sitemap(body: bytes, base_url: str = "") -> Sitemap:
    """Parse an XML sitemap or sitemap index (gzip or not), or a text sitemap."""
    data = _gunzip(body)
    out = Sitemap()
    if b"<" not in data[:1024]:
        for line in data.decode("utf-8", "replace").splitlines():
            url = try_canonicalize(line.strip(), base_url or None) if line.strip() else None
            if url:
                out.urls.append((url, None))
        return out
    try:
        root = etree.fromstring(data, _XML_PARSER)
    except etree.XMLSyntaxError:
        return out
    if root is None:
        return out
    for el in root.iter("{*}url", "{*}sitemap", "url", "sitemap"):
        loc = lastmod = None
        for child in el:
            if not isinstance(child.tag, str):
                continue
            name = etree.QName(child).localname
            if name == "loc" and child.text:
                loc = child.text.strip()
            elif name == "lastmod" and child.text:
                lastmod = child.text.strip()
        url = try_canonicalize(loc, base_url or None) if loc else None
        if not url:
            continue
        target = out.sitemaps if etree.QName(el).localname == "sitemap" else out.urls
        target.append((url, lastmod))
    return out


@dataclass(frozen=True, slots=True)
class FeedItem:
    url: str
    published: str | None  # YYYY-MM-DD
    title: str = ""


def parse_feed(body: bytes, base_url: str = "") -> list[FeedItem]:
    """The item links of an RSS or Atom feed (feedparser), canonicalized."""
    import feedparser

    parsed = feedparser.parse(body, response_headers={"content-location": base_url} if base_url else None)
    items: list[FeedItem] = []
    for entry in parsed.entries:
        link = (entry.get("link") or "").strip()
        url = try_canonicalize(link, base_url or None) if link else None
        if not url:
            continue
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        published = dt.date(*when[:3]).isoformat() if when else None
        items.append(FeedItem(url, published, (entry.get("title") or "").strip()))
    return items


@dataclass(slots=True)
class PageLinks:
    """Links found on an HTML page, by role."""

    links: list[str] = field(default_factory=list)
    pagination: list[str] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)


_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")


def _is_pagination(a: etree._Element, url: str, here: str) -> bool:
    rel = (a.get("rel") or "").lower()
    if "next" in rel or "prev" in rel:
        return True
    text = (a.text_content() or "").strip()
    attrs = f"{a.get('class') or ''} {a.get('id') or ''}"
    parent = a.getparent()
    if parent is not None:
        attrs += f" {parent.get('class') or ''} {parent.get('id') or ''}"
    if not (_PAGINATION_TEXT.match(text) or _PAGINATION_ATTR.search(attrs.lower())):
        return False
    query = url.split("?", 1)[1] if "?" in url else ""
    same_path = path_of(url) == path_of(here)
    return bool(_PAGE_PARAM.search(query)) or bool(_PAGE_PATH.search(path_of(url))) or (
        same_path and bool(query)
    )


def page_links(page: Page) -> PageLinks:
    """The page's outgoing links (canonical, deduplicated, in document order), pagination
    links (rel=next, "Trang sau", numbered pages) apart, and feeds it advertises.

    Honors ``<base href>`` and skips javascript:, mailto: and the like.
    """
    tree = page.tree
    base = page.url
    for b in tree.iter("base"):
        if b.get("href"):
            base = try_canonicalize(b.get("href"), page.url or None) or base
            break
    out = PageLinks()
    seen: set[str] = set()
    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower()
        href = link.get("href")
        if not href:
            continue
        if "alternate" in rel and (link.get("type") or "").lower() in _FEED_TYPES:
            url = try_canonicalize(href, base or None)
            if url and url not in seen:
                seen.add(url)
                out.feeds.append(url)
        elif rel == "next":
            url = try_canonicalize(href, base or None)
            if url and url not in seen:
                seen.add(url)
                out.pagination.append(url)
    here = try_canonicalize(page.url) if page.url else ""
    if here:
        seen.add(here)
    for a in tree.iter("a", "area"):
        href = a.get("href")
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
            continue
        url = try_canonicalize(href, base or None)
        if url is None or url in seen:
            continue
        seen.add(url)
        if here and _is_pagination(a, url, here):
            out.pagination.append(url)
        else:
            out.links.append(url)
    return out
