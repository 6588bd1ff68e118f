"""HTML pages → Articles: decode, tell articles from listings, extract title, date and text.

The crawler, ``chiso extract`` (saved .html, WARC) and the benchmarks all go
through :func:`html_to_article`, so a page gives the same Article whichever
way it arrives. Decisions, and why:

- Bytes are decoded by :func:`nlp.encodings.decode` (BOM, the declared
  charset from the HTTP header or else the page's ``<meta>``, UTF-8, then
  Windows-1258 / TCVN3 / VNI detection); every title and text goes through
  :func:`nlp.normalize.normalize` (NFC, one tone style).
- The page is parsed once with lxml; the article-or-not decision, metadata,
  boilerplate stripping and trafilatura all work on that tree.
- Before trafilatura sees the tree we remove what it lets through on
  Vietnamese news sites: "Tin khác" / "Tin liên quan" boxes that quote other
  articles, share bars, menus, footers; and we turn data tables into one
  paragraph per row ("1 | Quảng Ninh | 89,64"), because ranking tables are
  the evidence chiso needs and trafilatura drops some tables.
- Dates are read from metadata first (ISO forms), then from the page's
  dateline with the day-first Vietnamese parser; never from a generic guesser
  (one turned "năm 2019" into 2019-01-01).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

import trafilatura
from lxml import etree
from lxml.html import HtmlElement, HTMLParser, document_fromstring

from crawler.urls import bare_host, host_of, path_of, try_canonicalize
from extract.articles import Article, article_id_for
from nlp.dates import find_publication_date, parse_date
from nlp.encodings import decode
from nlp.normalize import normalize

PageKind = Literal["article", "listing", "other"]

#: Below this many characters of main text a page is not an article.
MIN_ARTICLE_CHARS = 200

_PARSER = HTMLParser(
    remove_comments=True, remove_pis=True, collect_ids=False, default_doctype=False
)
_INLINE = frozenset(
    "b strong i em span font u sup sub small big mark abbr cite q time label br s strike".split()
)
_TEXT_BLOCKS = ("p", "div", "td", "figcaption", "blockquote", "pre", "dd")
_DROP_TAGS = (
    "script", "style", "noscript", "iframe", "svg", "template", "button", "select",
    "nav", "aside", "footer", "header", "object", "embed", "canvas", "map",
)
_BOILERPLATE_ATTR = re.compile(
    r"(?<![a-z0-9])("
    r"sidebar|side-bar|sidebox|side-box|menu|mainmenu|navbar|nav|navigation|breadcrumbs?|"
    r"footer|share|sharing|social|socials|tinkhac|tin-khac|tin_khac|othernews?|other-news?|"
    r"news-?other|related|relate|lienquan|lien-quan|tinlienquan|tin-lien-quan|samecat|"
    r"same-cat|cungchuyenmuc|cung-chuyen-muc|mostview|most-view|xemnhieu|xem-nhieu|"
    r"docnhieu|doc-nhieu|comments?|binhluan|binh-luan|banner|advert|ads|adv|quangcao|"
    r"quang-cao|tags?|keywords?|rating|popup|modal|cookie|subscribe|newsletter|"
    r"hotnews|hot-news|widget|toolbar|pagination|paging"
    r")(?![a-z0-9])"
)
#: Headings of boxes that list *other* articles; their text must not leak into this one.
_RELATED_HEADING = re.compile(
    r"^\s*(?:(?:các |những )?(?:tin|bài|bài viết|tin bài|tin tức)\s+"
    r"(?:khác|liên quan|cùng chuyên mục|cùng chủ đề|cùng loại|mới|mới nhất|mới hơn|cũ hơn|"
    r"đã đưa|nổi bật|xem nhiều|đọc nhiều|tiêu điểm)"
    r"|(?:xem|đọc) (?:thêm|nhiều(?: nhất)?)|có thể bạn quan tâm|bạn có thể quan tâm"
    r"|tiêu điểm|video|ảnh|media|chuyên mục|tin ảnh)\s*[:»>]*\s*$",
    re.IGNORECASE,
)
#: Whole lines that are widgets, not prose.
_BOILERPLATE_LINES = frozenset(
    s.casefold()
    for s in (
        "Chia sẻ", "Chia sẻ bài viết", "Chia sẻ:", "Bình luận", "Gửi bình luận", "In bài",
        "In bài viết", "Gửi bài", "Lên đầu trang", "Về đầu trang", "Tin khác", "Tin liên quan",
        "Facebook", "Zalo", "Twitter", "Email", "Copy link", "Sao chép liên kết", "Theo dõi",
        "Quay lại", "Trở về", "Xem thêm", "Đọc thêm", "Tags:", "Từ khóa:", "Từ khoá:",
        "Like", "Tweet", "Share", "Print", "Bản in", "Lưu", "Font chữ", "Cỡ chữ",
    )
)
_JSONLD_ARTICLE = re.compile(
    r'"@type"\s*:\s*\[?\s*"(?:NewsArticle|Article|ReportageNewsArticle|AnalysisNewsArticle|'
    r'BlogPosting|Report|OpinionNewsArticle)"'
)
_JSONLD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_META_DATE_NAMES = (
    "article:published_time", "og:article:published_time", "datepublished", "pubdate",
    "publishdate", "publish-date", "publish_date", "date", "dc.date.issued", "dc.date",
    "dcterms.created", "article:published", "sailthru.date", "itemprop:datepublished",
)
_DATE_ATTR = re.compile(
    r"(?<![a-z])(date|time|datetime|publish|published|pubdate|post-?time|ngay|ngaydang|"
    r"dateline|time-?post|post-?date|meta)(?![a-z])"
)
_LEAD_ATTR = re.compile(
    r"(?<![a-z])(sapo|lead|description|summary|chapeau|tomtat|tom-tat|txt-head|"
    r"article-summary|detail-sapo|sapo-detail|intro|excerpt|short-desc)(?![a-z])"
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_WS = re.compile(r"[ \t\u00a0\u200b\u3000]+")
_TITLE_SEPARATORS = (" - ", " | ", " – ", " — ", " :: ")
_HOME_PATHS = frozenset(
    {"/", "/index.html", "/index.htm", "/index.php", "/default.aspx", "/home", "/trang-chu",
     "/trangchu", "/vi", "/vi/", "/home/", "/index.aspx", "/portal", "/portal/"}
)


@dataclass(slots=True)
class UrlPatterns:
    """A source's URL patterns (regexes searched in the URL): strong, cheap evidence
    of what a page is, from ``corpora/sources.toml``."""

    article: tuple[re.Pattern[str], ...] = ()
    listing: tuple[re.Pattern[str], ...] = ()

    @classmethod
    def compile(cls, article: Iterable[str] = (), listing: Iterable[str] = ()) -> UrlPatterns:
        return cls(tuple(re.compile(p) for p in article), tuple(re.compile(p) for p in listing))

    def kind_of(self, url: str) -> PageKind | None:
        if any(p.search(url) for p in self.article):
            return "article"
        if any(p.search(url) for p in self.listing):
            return "listing"
        return None


@dataclass(slots=True)
class Page:
    """One parsed HTML page. Built by :func:`parse_page`; the crawler reads its links,
    kind and Article from the same tree."""

    url: str
    tree: HtmlElement
    encoding: str
    _body: tuple[HtmlElement | None, int] | None = field(default=None, repr=False)
    _meta: dict[str, str] | None = field(default=None, repr=False)

    @property
    def body_block(self) -> tuple[HtmlElement | None, int]:
        """(element holding the longest run of prose, its prose characters)."""
        if self._body is None:
            self._body = _find_body_block(self.tree)
        return self._body

    @property
    def meta(self) -> dict[str, str]:
        """``<meta>`` values by lower-case name/property/itemprop (first wins)."""
        if self._meta is None:
            self._meta = _read_meta(self.tree)
        return self._meta


# -- decoding and parsing ------------------------------------------------------------------


def charset_of(content_type: str | None) -> str | None:
    """The ``charset=`` of a Content-Type header value, if any."""
    if not content_type:
        return None
    m = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", content_type, re.I)
    return m.group(1).lower() if m else None


def sniff_meta_charset(data: bytes) -> str | None:
    """The charset a page declares in its first ``<meta>`` tags (the first 4 KB)."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "replace").lower() if m else None


def decode_html(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """(text, encoding) of an HTML body: the HTTP header's charset, else the page's meta
    charset, is passed to :func:`nlp.encodings.decode` as the declared one."""
    declared = charset_of(content_type) or sniff_meta_charset(data)
    return decode(data, declared)


def parse_page(
    body: bytes | str, url: str = "", *, content_type: str | None = None
) -> Page | None:
    """Decode and parse an HTML body; None when there is no document in it."""
    if isinstance(body, bytes):
        text, encoding = decode_html(body, content_type)
    else:
        text, encoding = body, "unicode"
    text = _XML_DECL.sub("", text, count=1)
    if not text.strip():
        return None
    try:
        tree = document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None
    if tree is None or not isinstance(tree.tag, str):
        return None
    return Page(url=url, tree=tree, encoding=encoding)


# -- what kind of page ---------------------------------------------------------------------


def _own_text(el: HtmlElement) -> str:
    """Text that sits in ``el`` itself or in inline children, not in links or blocks."""
    parts = [el.text or ""]
    for child in el:
        tag = child.tag
        if isinstance(tag, str) and tag in _INLINE:
            parts.append(child.text_content())
        parts.append(child.tail or "")
    return "".join(parts)


def _block_key(el: HtmlElement) -> HtmlElement | None:
    """The element a prose block counts towards: its parent, skipping wrappers that hold
    only this block (``<div><p>..</p></div>``), and the figure's parent for captions."""
    if el.tag == "td":
        return el
    parent = el.getparent()
    if el.tag == "figcaption" and parent is not None:
        parent = parent.getparent()
    while parent is not None and len(parent) == 1 and parent.getparent() is not None:
        if (parent.text or "").strip():
            break
        parent = parent.getparent()
    if parent is not None and parent.tag in ("figcaption", "figure"):
        figure = parent if parent.tag == "figure" else parent.getparent()
        if figure is not None and figure.getparent() is not None:
            parent = figure.getparent()
    return parent


def _find_body_block(tree: HtmlElement) -> tuple[HtmlElement | None, int]:
    scores: dict[HtmlElement, int] = {}
    for el in tree.iter(*_TEXT_BLOCKS):
        n = len(_WS.sub(" ", _own_text(el)).strip())
        if n < 60:
            continue
        key = _block_key(el)
        if key is not None:
            scores[key] = scores.get(key, 0) + n
    if not scores:
        return None, 0
    best = max(scores, key=scores.__getitem__)
    return best, scores[best]


def _headline_links(tree: HtmlElement) -> int:
    return sum(1 for a in tree.iter("a") if len((a.text_content() or "").strip()) >= 30)


def page_kind(
    page: Page | bytes | str,
    url: str = "",
    *,
    content_type: str | None = None,
    patterns: UrlPatterns | None = None,
) -> PageKind:
    """``"article"``, ``"listing"`` or ``"other"``.

    Evidence, weighed: the source's URL patterns; the site's own markup
    (JSON-LD NewsArticle, ``og:type``, ``article:published_time``), which
    provincial sites sometimes get wrong (Báo Bắc Giang's home page says
    og:type=article); and the shape of the page: an article has one block of
    running prose (≥ ~1,000 characters under one parent), a listing has many
    headline links and only short teasers, and a home page sits at ``/``.
    """
    if not isinstance(page, Page):
        parsed = parse_page(page, url, content_type=content_type)
        if parsed is None:
            return "other"
        page = parsed
    url = url or page.url
    score = 0
    if url:
        by_pattern = patterns.kind_of(url) if patterns else None
        if by_pattern == "article":
            score += 3
        elif by_pattern == "listing":
            score -= 3
        if path_of(url).lower() in _HOME_PATHS and "?" not in url:
            score -= 4
    meta = page.meta
    og_type = meta.get("og:type", "").lower()
    if og_type == "article":
        score += 1
    elif og_type in ("website", "webpage", "homepage"):
        score -= 1
    if meta.get("article:published_time") or meta.get("datepublished"):
        score += 1
    if _has_jsonld_article(page.tree):
        score += 2
    _, prose = page.body_block
    headlines = _headline_links(page.tree)
    if prose >= 1000:
        score += 2
    elif prose >= 400:
        score += 1
    elif prose < 200:
        score -= 2
    if prose >= 400 and headlines < 20:
        score += 1  # running prose and few other stories: a plain portal article
    elif prose < 800 and headlines >= 40:
        score -= 1
    if score >= 2:
        return "article"
    return "listing" if headlines >= 10 else "other"


def _has_jsonld_article(tree: HtmlElement) -> bool:
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json":
            if _JSONLD_ARTICLE.search(script.text or ""):
                return True
    return False


# -- metadata --------------------------------------------------------------------------------


def _read_meta(tree: HtmlElement) -> dict[str, str]:
    out: dict[str, str] = {}
    head_meta = tree.iter("meta")
    for m in head_meta:
        key = m.get("property") or m.get("name") or m.get("itemprop")
        value = m.get("content")
        if key and value:
            out.setdefault(key.strip().lower(), value.strip())
    return out


def _clean(text: str) -> str:
    return _WS.sub(" ", text).strip()


def extract_title(page: Page) -> str:
    """The headline: the page's ``<h1>`` when og:title or ``<title>`` confirms it, else
    og:title, else ``<title>`` without a trailing " - Site name"."""
    meta = page.meta
    og = _clean(meta.get("og:title", ""))
    title_el = page.tree.find(".//title")
    title = _clean(title_el.text_content()) if title_el is not None else ""
    for h1 in page.tree.iter("h1"):
        h = _clean(h1.text_content())
        if 8 <= len(h) <= 400 and (not (og or title) or h in og or h in title):
            return h
    if len(og) >= 8:
        return _strip_site_name(og, meta.get("og:site_name", ""))
    return _strip_site_name(title, meta.get("og:site_name", ""))


def _strip_site_name(title: str, site: str) -> str:
    for sep in _TITLE_SEPARATORS:
        if sep in title:
            head, _, tail = title.rpartition(sep)
            low = tail.lower()
            if (site and tail.strip() == site.strip()) or (
                len(tail) <= 40
                and any(w in low for w in ("báo", "tin tức", "cổng", "online", ".vn", ".com", "express"))
            ):
                return head.strip()
    return title


def _plausible(d: dt.date | None) -> dt.date | None:
    if d is None:
        return None
    if dt.date(1995, 1, 1) <= d <= dt.date.today() + dt.timedelta(days=2):
        return d
    return None


def _iso_or_dayfirst(value: str) -> dt.date | None:
    m = _ISO_DATE.match(value)
    if m:
        try:
            return _plausible(dt.date(int(m[1]), int(m[2]), int(m[3])))
        except ValueError:
            return None
    return _plausible(parse_date(value))


def extract_published(page: Page, text: str = "") -> str | None:
    """Publication date as YYYY-MM-DD, or None. Metadata (ISO) first, then ``<time>``,
    then elements whose class names a date (read day-first), then the text's head."""
    meta = page.meta
    for name in _META_DATE_NAMES:
        value = meta.get(name)
        if value:
            d = _iso_or_dayfirst(value)
            if d:
                return d.isoformat()
    for script in page.tree.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json":
            m = _JSONLD_DATE.search(script.text or "")
            if m and (d := _iso_or_dayfirst(m.group(1))):
                return d.isoformat()
    for t in page.tree.iter("time"):
        value = t.get("datetime") or t.text_content()
        if value and (d := _iso_or_dayfirst(value)):
            return d.isoformat()
    for el in page.tree.iter("span", "div", "p", "small", "em", "i", "li", "td"):
        attrs = ((el.get("class") or "") + " " + (el.get("id") or "")).lower()
        if not attrs.strip() or not _DATE_ATTR.search(attrs):
            continue
        value = _clean(el.text_content())
        if 6 <= len(value) <= 120 and (d := _plausible(parse_date(value))):
            return d.isoformat()
    if text and (d := _plausible(find_publication_date(text))):
        return d.isoformat()
    return None


def canonical_url(page: Page) -> str:
    """The page's own ``<link rel=canonical>`` when it names a real page on the same site
    (not the home page, not another host), else the canonicalized fetch URL."""
    fetched = try_canonicalize(page.url) if page.url else None
    for link in page.tree.iter("link"):
        if (link.get("rel") or "").lower() != "canonical" or not link.get("href"):
            continue
        declared = try_canonicalize(link.get("href"), page.url or None)
        if declared is None or fetched is None:
            break
        if bare_host(host_of(declared)) == bare_host(host_of(fetched)) and path_of(
            declared
        ) not in ("/", ""):
            return declared
        break
    return fetched or ""


# -- boilerplate and tables --------------------------------------------------------------------


def _link_density(el: HtmlElement) -> float:
    total = len(el.text_content().strip())
    if total == 0:
        return 1.0
    linked = sum(len(a.text_content().strip()) for a in el.iter("a"))
    return linked / total


def _remove(el: HtmlElement) -> None:
    """Drop ``el`` but keep its tail text in place."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail and tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def strip_boilerplate(tree: HtmlElement, keep: HtmlElement | None) -> None:
    """Remove menus, share bars, footers and boxes of other articles, in place.

    Nothing that contains ``keep`` (the block of running prose) is removed, so a
    wrongly named wrapper (``<div class="main-menu-content">``) cannot take the
    article with it.
    """
    protected: set[HtmlElement] = set()
    if keep is not None:
        protected.add(keep)
        protected.update(keep.iterancestors())
    doomed: list[HtmlElement] = []
    for el in tree.iter(*_DROP_TAGS):
        if el not in protected:
            doomed.append(el)
    for el in tree.iter():
        if not isinstance(el.tag, str) or el in protected:
            continue
        attrs = el.get("class") or ""
        ident = el.get("id")
        if ident:
            attrs = f"{attrs} {ident}"
        if attrs and _BOILERPLATE_ATTR.search(attrs.lower()):
            doomed.append(el)
            continue
        if el.tag in ("h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "span", "a", "div", "p", "li"):
            own = el.text
            if own and len(own) <= 60 and _RELATED_HEADING.match(own) and len(el) <= 1:
                doomed.extend(_related_box(el, protected))
    for el in doomed:
        if el.getparent() is not None:
            _remove(el)


def _related_box(heading: HtmlElement, protected: set[HtmlElement]) -> list[HtmlElement]:
    """What to remove for a "Tin khác" heading: its box, or, when the heading sits inside
    the article body, the heading and the link lists after it."""
    box = heading
    while box.getparent() is not None and box.getparent() not in protected:
        box = box.getparent()
    if box not in protected and box.getparent() is not None and box is not heading:
        return [box]
    out = [box]
    sibling = box.getnext()
    while sibling is not None and _link_density(sibling) > 0.5:
        out.append(sibling)
        sibling = sibling.getnext()
    return out


def tables_to_rows(tree: HtmlElement) -> None:
    """Replace each data table with one ``<p>`` per row, cells joined by " | ", in place.

    Layout tables (nested tables, one wide cell of prose) are left alone:
    old portals lay out the whole page with them.
    """
    for table in list(tree.iter("table")):
        if table.find(".//table") is not None:
            continue
        rows = []
        wide = 0
        cells_total = 0
        for tr in table.iter("tr"):
            cells = [_clean(c.text_content()) for c in tr if c.tag in ("td", "th")]
            cells = [c for c in cells if c]
            if not cells:
                continue
            cells_total += len(cells)
            wide += sum(1 for c in cells if len(c) > 300)
            rows.append(cells)
        multi = sum(1 for r in rows if len(r) >= 2)
        if len(rows) < 2 or multi < 2 or wide > max(1, cells_total // 10):
            continue
        box = etree.Element("div", {"class": "chiso-table"})
        for cells in rows:
            p = etree.SubElement(box, "p")
            p.text = " | ".join(cells)
        box.tail = table.tail
        parent = table.getparent()
        if parent is not None:
            parent.replace(table, box)


# -- text ------------------------------------------------------------------------------------


def _container_text(block: HtmlElement) -> str:
    """Prose of the body block in document order: the fallback when trafilatura
    returns too little (bodies made of captions or bare ``<div>`` text)."""
    lines: list[str] = []
    for el in block.iter("p", "div", "figcaption", "blockquote", "li", "h2", "h3", "h4", "td"):
        own = _clean(_own_text(el))
        if own:
            lines.append(own)
    return "\n".join(lines)


def _clean_lines(text: str) -> str:
    out: list[str] = []
    for line in text.split("\n"):
        line = _clean(line)
        if not line or line.casefold() in _BOILERPLATE_LINES:
            continue
        if out and out[-1] == line:
            continue
        out.append(line)
    return "\n".join(out)


def _find_lead(page: Page, keep: HtmlElement | None) -> str:
    """The standfirst ("sapo") printed above the body, which trafilatura often leaves out
    although it carries the article's main claim."""
    around = set(keep.iterancestors()) | {keep} if keep is not None else set()
    for el in page.tree.iter("p", "div", "h2", "h3", "span", "strong"):
        attrs = el.get("class") or ""
        if not attrs or not _LEAD_ATTR.search(attrs.lower()) or el in around:
            continue
        text = " ".join(el.text_content().split())
        if 40 <= len(text) <= 1500 and _link_density(el) < 0.5:
            return text
    return ""


def extract_text(page: Page) -> str:
    """Main text (paragraphs separated by newlines), boilerplate removed, tables as rows."""
    keep, prose = page.body_block
    tree = page.tree
    lead = _find_lead(page, keep)
    strip_boilerplate(tree, keep)
    tables_to_rows(tree)
    raw = trafilatura.extract(
        tree,
        url=page.url or None,
        fast=True,
        favor_precision=True,
        include_tables=True,
        include_comments=False,
        include_images=False,
        include_links=False,
        deduplicate=False,
        with_metadata=False,
    ) or ""
    text = _clean_lines(raw)
    if keep is not None and len(text) < 0.5 * prose:
        fallback = _clean_lines(_container_text(keep))
        if len(fallback) > len(text):
            text = fallback
    if lead and lead not in " ".join(text[: len(lead) + 400].split()):
        text = f"{lead}\n{text}" if text else lead
    return text


# -- the Article ------------------------------------------------------------------------------


def page_to_article(
    page: Page,
    *,
    source: str = "",
    patterns: UrlPatterns | None = None,
    fetched_at: str | None = None,
    check_kind: bool = True,
) -> Article | None:
    """The Article on ``page``, or None when it is not an article page (or has too little
    text). Reads metadata before boilerplate is stripped (it mutates the tree)."""
    if check_kind and page_kind(page, patterns=patterns) != "article":
        return None
    title = normalize(extract_title(page))
    url = canonical_url(page)
    published_meta = extract_published(page)
    text = normalize(extract_text(page))
    if len(text) < MIN_ARTICLE_CHARS:
        return None
    published = published_meta or extract_published_from_text(text)
    aid = article_id_for(url) if url else hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
    return Article(
        id=aid,
        text=text,
        url=url,
        source=source,
        title=title,
        published=published,
        fetched_at=fetched_at,
    )


def extract_published_from_text(text: str) -> str | None:
    d = _plausible(find_publication_date(text))
    return d.isoformat() if d else None


def html_to_article(
    body: bytes | str,
    url: str = "",
    *,
    content_type: str | None = None,
    source: str = "",
    patterns: UrlPatterns | None = None,
    fetched_at: str | None = None,
) -> Article | None:
    """The Article in an HTML page, or None when the page is not an article.

    ``body`` is the raw bytes (decoded here: header/meta charset, BOM, legacy
    Vietnamese encodings) or text; ``content_type`` the HTTP header value, if
    any; ``url`` the fetch URL (the Article's id is the hash of its canonical
    form, or of the page's own rel=canonical on the same site).
    """
    page = parse_page(body, url, content_type=content_type)
    if page is None:
        return None
    return page_to_article(page, source=source, patterns=patterns, fetched_at=fetched_at)
