"""The Article record: one page of text, as it enters the extractor.

Every reader (JSONL, .txt, .html, WARC) and the crawler produce Articles;
the extractor and the store consume them. Field names follow DESIGN.md's
data contract, so other tools can read the JSONL we write.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any


def article_id_for(url: str) -> str:
    """A stable id from a (canonical) URL: the first 16 hex digits of its SHA-1."""
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]


@dataclass(slots=True)
class Article:
    id: str
    text: str
    url: str = ""
    source: str = ""
    title: str = ""
    published: str | None = None  # YYYY-MM-DD
    fetched_at: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The contract's fields, in the contract's order (``fetched_at`` only when known)."""
        d = asdict(self)
        d.pop("extra")
        if d["fetched_at"] is None:
            d.pop("fetched_at")
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Article:
        """Build from a JSON object; ``text`` is required, a missing ``id`` comes from the URL
        or, failing that, from the text itself."""
        if not isinstance(d.get("text"), str):
            raise ValueError("record has no 'text' string")
        url = d.get("url") or ""
        aid = d.get("id") or d.get("doc")
        if not aid:
            aid = article_id_for(url) if url else hashlib.sha1(d["text"].encode()).hexdigest()[:16]
        published = d.get("published") or None
        return cls(
            id=str(aid),
            text=d["text"],
            url=str(url),
            source=str(d.get("source") or ""),
            title=str(d.get("title") or ""),
            published=str(published)[:10] if published else None,
            fetched_at=d.get("fetched_at"),
        )
