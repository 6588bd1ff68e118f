"""The static HTML report (compare.report): pages, links, escaping, empty store."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from chiso.store import Store
from compare.reference import load_reference
from compare.report import build_report
from compare.report.site import safe_url


class _Tags(HTMLParser):
    """Every start tag with its attributes, as a browser's parser would see them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _tags(path: Path) -> list[tuple[str, dict]]:
    parser = _Tags()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.tags


@pytest.fixture(scope="module")
def site(store_path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    with Store(store_path, read_only=True) as store:
        summary = build_report(store, out, reference=load_reference())
    assert (summary.localities, summary.claims, summary.conflicts) == (8, 20, 3)
    return out


def test_pages(site):
    pages = sorted(p.name for p in (site / "loc").glob("*.html"))
    assert len(pages) == 8
    assert any(p.startswith("hai-phong-tinh-hai-phong-") for p in pages)
    assert (site / "index.html").exists() and (site / "conflicts.html").exists()


def test_offline_no_scripts_no_remote_resources(site):
    for page in site.rglob("*.html"):
        tags = _tags(page)
        assert not [t for t, _ in tags if t in ("script", "img", "iframe", "object", "embed", "link")]
        for _, attrs in tags:
            assert not any(k.startswith("on") for k in attrs), (page, attrs)
            assert not (attrs.get("src") or "").startswith("http")
        html = page.read_text(encoding="utf-8")
        assert "Content-Security-Policy" in html and "default-src 'none'" in html


def test_coverage_table(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    row = re.search(r"<tr><th>PAR_INDEX</th>(.*?)</tr>", html).group(1)
    cells = re.findall(r'<td class="num">(\d*)</td>', row)
    # years 2019..2023: PAR INDEX has 0, 2 (Hải Phòng, Quảng Ninh 2021), 2, 5 localities; total 9
    assert cells == ["", "", "2", "2", "5", "9"]
    assert "20 claims from 9 articles (8 independent sources" in html


def test_figures_link_to_their_sentence_and_source(site):
    page = next((site / "loc").glob("hai-phong-*.html"))
    tags = _tags(page)
    anchors = {a["id"] for t, a in tags if t == "li" and a.get("id", "").startswith("ev-")}
    links = [a["href"] for t, a in tags if t == "a" and a.get("href", "").startswith("#ev-")]
    assert links and set(h[1:] for h in links) <= anchors
    html = page.read_text(encoding="utf-8")
    assert '<a href="https://vietnamnet.vn/par-2023" rel="noopener noreferrer">' in html
    assert 'class="chart chart-score"' in html and 'class="chart chart-rank"' in html
    assert html.count('<circle class="point"') == 6  # three years, score and rank
    assert "matches</span>" in html and "disputed</span>" in html  # verdicts against the table


def test_article_text_is_escaped(site):
    page = next((site / "loc").glob("bac-ninh-*.html"))
    html = page.read_text(encoding="utf-8")
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in html  # the title
    assert "&#34;&gt;&lt;img src=x onerror=&#34;window.__xss=3&#34;&gt;" in html  # the sentence
    assert 'href="javascript' not in html
    assert "javascript:window.__xss=5 (not a web link)" in html
    conflicts = (site / "conflicts.html").read_text(encoding="utf-8")
    assert "<script>" not in conflicts


def test_conflicts_page(site):
    html = (site / "conflicts.html").read_text(encoding="utf-8")
    assert html.count('<div class="conflict">') == 3
    assert "Hải Phòng PAR_INDEX 2023: score 91,87 vs 91,81" in html
    assert 'href="https://en.doanhnghiephoinhap.vn/hp"' in html


def test_empty_store_gives_an_empty_report(empty_store, tmp_path):
    with Store(empty_store, read_only=True) as store:
        summary = build_report(store, tmp_path / "site")
    assert (summary.localities, summary.claims, summary.conflicts) == (0, 0, 0)
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert 'id="empty-store"' in index and "no claims yet" in index
    assert 'id="no-conflicts"' in (tmp_path / "site" / "conflicts.html").read_text(encoding="utf-8")
    assert list((tmp_path / "site" / "loc").glob("*.html")) == []


def test_rebuild_replaces_old_pages(store_path, empty_store, tmp_path):
    out = tmp_path / "site"
    with Store(store_path, read_only=True) as store:
        build_report(store, out)
    with Store(empty_store, read_only=True) as store:
        build_report(store, out)
    assert list((out / "loc").glob("*.html")) == []


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://baohaiphong.vn/a?b=1", "https://baohaiphong.vn/a?b=1"),
        ("http://x.vn", "http://x.vn"),
        ("javascript:alert(1)", ""),
        (" JavaScript:alert(1)", ""),
        ("data:text/html,<script>", ""),
        ("//evil.example/x", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_safe_url(url, safe):
    assert safe_url(url) == safe
