"""A deterministic stand-in extractor for the engine tests: fast, simple and with
hooks for the failure paths (a document that hangs, one that raises). Engine
mechanics (sharding, resume, engines, time limits) are tested with it; the real
extractor is tested in test_cascade.py and test_dask.py."""

from __future__ import annotations

import os
import re
import time

from extract.articles import Article
from extract.claims import Claim

_MENTION = re.compile(r"(?<!\w)(PCI|SIPAS|PAPI)(?!\w)")
_FIGURE = re.compile(
    r"(?<!\w)(PCI|SIPAS|PAPI)(?!\w)[^.]*?(?:tỉnh (\w+) )?đạt (\d+,\d+) điểm"
)


def is_candidate(text: str) -> bool:
    return _MENTION.search(text) is not None


def extract_claims(article: Article, *, cascade: bool = True) -> list[Claim]:
    text = article.text
    if "HANG_FOREVER" in text:
        while True:  # pure Python: interruptible by SIGALRM and by the watchdog
            pass
    if "CRASH_WORKER" in text:  # a segfault or the OOM killer, as far as the pool can tell
        os._exit(3)
    if "RAISE_ERROR" in text:
        raise RuntimeError("stub extractor failure")
    if cascade and not is_candidate(text):
        return []
    out = []
    for m in _FIGURE.finditer(text):
        out.append(
            Claim(
                article_id=article.id, url=article.url, index=m.group(1),
                index_mention=m.group(1), locality=m.group(2) or "Việt Nam",
                locality_type="tỉnh", province=m.group(2) or None, year=2022,
                score=float(m.group(3).replace(",", ".")), score_unit="điểm", score_max=None,
                rank=None, rank_total=None, kind="result", evidence=m.group(0),
                span=(m.start(), m.end()),
            )
        )
    return out


def slow_extract_claims(article: Article, *, cascade: bool = True) -> list[Claim]:
    """The same, 20 ms per document: makes a run long enough to interrupt."""
    time.sleep(0.02)
    return extract_claims(article, cascade=cascade)
