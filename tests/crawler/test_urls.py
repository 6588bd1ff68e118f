"""Canonical URLs: tracking parameters, fragments, query order, case and dot segments."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.urls import canonicalize, in_scope, looks_binary, looks_like_trap, try_canonicalize


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("HTTP://Www.Example.VN:80/a/../b/./c?utm_source=fb&b=2&a=1#x", "http://www.example.vn/b/c?a=1&b=2"),
        ("https://baohungyen.vn/bai-3188453.html?fbclid=IwAR0&utm_medium=social", "https://baohungyen.vn/bai-3188453.html"),
        ("https://x.vn/tin?gclid=1&zarsrc=30&page=2", "https://x.vn/tin?page=2"),
        ("https://x.vn", "https://x.vn/"),
        ("https://x.vn:443/a//b/", "https://x.vn/a/b/"),
        ("https://x.vn/a;jsessionid=ABC123?id=7", "https://x.vn/a?id=7"),
        ("https://x.vn/tin-tức", "https://x.vn/tin-t%E1%BB%A9c"),
        ("https://x.vn/tin-t%e1%bb%a9c", "https://x.vn/tin-t%E1%BB%A9c"),
        ("https://x.vn/Pages/chi-tiet.aspx?ItemID=12", "https://x.vn/Pages/chi-tiet.aspx?ItemID=12"),
    ],
)
def test_canonicalize(raw: str, canonical: str) -> None:
    assert canonicalize(raw) == canonical


def test_relative_and_uncrawlable() -> None:
    assert canonicalize("../b.html?utm_campaign=z", "https://x.vn/a/c/d.html") == "https://x.vn/a/b.html"
    for bad in ("mailto:a@b.vn", "javascript:void(0)", "ftp://x.vn/f", "http://"):
        assert try_canonicalize(bad) is None


def test_scope_binaries_traps() -> None:
    assert in_scope("https://www.baobacgiang.com.vn/bg/x", {"baobacgiang.com.vn"})
    assert not in_scope("https://baobacgiang.vn/", {"baobacgiang.com.vn"})
    assert looks_binary("https://x.vn/files/Bao-cao.PDF") and looks_binary("https://x.vn/a.docx")
    assert not looks_binary("https://x.vn/sitemap.xml.gz") and not looks_binary("https://x.vn/a.html")
    assert looks_like_trap("https://x.vn/a/b/a/b/a/b/a/b/") and looks_like_trap("https://x.vn/" + "a" * 3000)
    assert not looks_like_trap("https://x.vn/tin-tuc/chinh-tri/2024/05/bai.html")


_segment = st.text(alphabet="abcđêơư-_.~%20AZ09", min_size=0, max_size=8)


@given(
    host=st.sampled_from(["x.vn", "WWW.Bao.VN", "127.0.0.2:8080"]),
    segments=st.lists(_segment, max_size=5),
    params=st.lists(st.tuples(st.sampled_from(["a", "page", "utm_source", "fbclid", "id"]), st.text(alphabet="0123abc", max_size=3)), max_size=4),
    fragment=st.text(alphabet="abc", max_size=3),
)
def test_canonicalize_is_idempotent_and_drops_tracking(host, segments, params, fragment) -> None:
    query = "&".join(f"{k}={v}" for k, v in params)
    url = f"http://{host}/" + "/".join(segments) + (f"?{query}" if query else "") + (f"#{fragment}" if fragment else "")
    once = try_canonicalize(url)
    if once is None:
        return
    assert canonicalize(once) == once
    assert "utm_source" not in once and "fbclid" not in once and "#" not in once
