"""How good is text extraction: token precision and recall against a reference text.

Used by the extraction-quality test and ``benchmarks/bench_pages.py`` on the
real pages in ``../shared/corpora`` (never copied into the repository). The
references are of two strengths, and reports say which:

- ``gold``: a human-checked extraction (fundus' VnExpress test file);
- ``site``: the text of the site's own article-body containers (Dân trí's
  ``singular-sapo`` + ``singular-content``, Tuổi Trẻ's ``txt-head`` + ``fck``),
  an independent, mechanical reference: what the newsroom put in the body.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml.html import document_fromstring

_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Overlap:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def tokens(text: str) -> Counter[str]:
    """Lower-cased NFC word tokens, as a multiset."""
    return Counter(_TOKEN.findall(unicodedata.normalize("NFC", text).lower()))


def token_overlap(extracted: str, reference: str) -> Overlap:
    """Bag-of-tokens precision (how much of the extraction is in the reference) and
    recall (how much of the reference was extracted)."""
    got, want = tokens(extracted), tokens(reference)
    common = sum((got & want).values())
    return Overlap(
        precision=common / max(1, sum(got.values())),
        recall=common / max(1, sum(want.values())),
    )


@dataclass(frozen=True, slots=True)
class RealPage:
    """A saved page from ../shared/corpora with what is known about it."""

    path: Path
    url: str
    body: bytes
    is_article: bool
    reference: str | None = None
    reference_kind: str | None = None  # "gold" | "site"

    @property
    def name(self) -> str:
        return self.path.name


_SITE_BODY = {
    "html-dantri-jaybmf": (
        "//*[contains(concat(' ', normalize-space(@class), ' '), ' singular-sapo ')]"
        " | //*[contains(concat(' ', normalize-space(@class), ' '), ' singular-content ')]"
    ),
    "html-tuoitre-naustudio": (
        "//p[contains(@class, 'txt-head')] | //div[@class='fck']"
    ),
}
_URLS = {
    "tuoitre_article_724115_2015-03-23.html": "http://tuoitre.vn/tin/chinh-tri-xa-hoi/20150323/chat-cay-xanh-ha-noi/724115.html",
    "tuoitre_home_2015-03-23.html": "http://tuoitre.vn/",
    "tuoitre_home_mobile_2015-03-23.html": "http://m.tuoitre.vn/",
    "baobacgiang_home_2022-08-14.html": "https://baobacgiang.vn/",
    "vpcp.chinhphu.vn_home_2025__trangchu.blade.php.html": "https://vpcp.chinhphu.vn/",
    "vnexpress_home_2015__them_index.html": "http://vnexpress.net/",
}


def _site_reference(body: bytes, xpath: str) -> str:
    tree = document_fromstring(body.decode("utf-8", "replace"))
    return "\n".join(el.text_content() for el in tree.xpath(xpath))


def real_pages(shared: Path) -> Iterator[RealPage]:
    """The HTML pages under ``shared/corpora/html-*``, with their URL when known, whether
    each is an article, and a reference text where one exists."""
    corpora = Path(shared) / "corpora"
    for folder in sorted(corpora.glob("html-*")):
        for path in sorted(folder.iterdir()):
            if path.suffix in (".md", ".json", ".info"):
                continue
            body = path.read_bytes()
            if path.suffix == ".gz":
                body = gzip.decompress(body)
            name = path.name
            url = _URLS.get(name, "")
            is_article = folder.name == "html-dantri-jaybmf" or "article" in name
            reference = kind = None
            if folder.name == "html-fundus-vnexpress":
                is_article = True
                meta = json.loads((folder / "meta.info").read_text("utf-8"))
                url = meta.get(name, {}).get("url", "")
                gold = json.loads((folder / "VnExpress.json").read_text("utf-8"))["V1"]["body"]
                parts = list(gold.get("summary", []))
                for section in gold.get("sections", []):
                    parts += section.get("headline", []) + section.get("paragraphs", [])
                reference, kind = "\n".join(parts), "gold"
            elif folder.name in _SITE_BODY and is_article:
                reference, kind = _site_reference(body, _SITE_BODY[folder.name]), "site"
            if folder.name == "html-dantri-jaybmf":
                slug = name.split("__", 1)[-1].removesuffix(".jsp")
                url = f"https://dantri.com.vn/{name.split('__', 1)[0]}/{slug}.htm"
            yield RealPage(path, url, body, is_article, reference, kind)
