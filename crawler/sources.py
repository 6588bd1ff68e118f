"""The source registry (``corpora/sources.toml``): provincial newspapers and government
portals as data: name, province, start URLs, feeds, sitemaps, article/listing URL patterns.

Each entry says whether it was verified (from material on this machine) or
not; an unverified entry is a lead, not a fact.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from crawler.pages import UrlPatterns
from crawler.urls import bare_host, host_of


def registry_path() -> Path:
    """``corpora/sources.toml`` (``CHISO_CORPORA`` moves the corpora directory)."""
    from nlp.resources import corpora_dir

    return corpora_dir() / "sources.toml"


@dataclass(frozen=True, slots=True)
class Source:
    name: str
    title: str
    province: str | None
    kind: str  # newspaper | portal | national
    start_urls: tuple[str, ...]
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    article_patterns: tuple[str, ...] = ()
    listing_patterns: tuple[str, ...] = ()
    verified: bool = False
    note: str = ""
    patterns: UrlPatterns = field(default_factory=UrlPatterns, compare=False, repr=False)

    @property
    def hosts(self) -> set[str]:
        urls = (*self.start_urls, *self.feeds, *self.sitemaps)
        return {bare_host(host_of(u)) for u in urls}


def load_sources(path: str | os.PathLike[str] | None = None) -> dict[str, Source]:
    """All sources by name. Raises ValueError for an entry missing a name or start URL."""
    path = Path(path) if path else registry_path()
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    out: dict[str, Source] = {}
    for entry in data.get("source", []):
        name = entry.get("name")
        if not name or not entry.get("start_urls"):
            raise ValueError(f"{path}: every [[source]] needs a name and start_urls: {entry!r}")
        if name in out:
            raise ValueError(f"{path}: duplicate source name {name!r}")
        article = tuple(entry.get("article_patterns", ()))
        listing = tuple(entry.get("listing_patterns", ()))
        out[name] = Source(
            name=name,
            title=entry.get("title", name),
            province=entry.get("province") or None,
            kind=entry.get("kind", "newspaper"),
            start_urls=tuple(entry["start_urls"]),
            feeds=tuple(entry.get("feeds", ())),
            sitemaps=tuple(entry.get("sitemaps", ())),
            article_patterns=article,
            listing_patterns=listing,
            verified=bool(entry.get("verified", False)),
            note=entry.get("note", ""),
            patterns=UrlPatterns.compile(article, listing),
        )
    return out


def source_for_host(sources: dict[str, Source], host: str) -> Source | None:
    """The registered source a host belongs to (``www.`` ignored), if any."""
    h = bare_host(host.split(":", 1)[0])
    for src in sources.values():
        if h in src.hosts:
            return src
    return None
