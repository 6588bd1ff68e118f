"""HTML → Article: encodings, dates, tables, sidebars, article-vs-listing, and extraction
quality on the real pages in ../shared/corpora (skipped when absent)."""

from __future__ import annotations

import unicodedata

import pytest

from crawler.evaluate import real_pages, token_overlap
from crawler.pages import html_to_article, page_kind

BODY = (
    "<p>Năm 2023, Chỉ số cải cách hành chính (PAR INDEX) của tỉnh Hòa Bình đạt 85,12%, tăng 3 bậc "
    "so với năm 2022 và xếp thứ 25/63 tỉnh, thành phố trên cả nước theo công bố của Bộ Nội vụ.</p>"
    "<p>Chỉ số hài lòng về sự phục vụ hành chính (SIPAS) của tỉnh đạt 82,5%, cao hơn mức trung bình "
    "cả nước, phản ánh sự ghi nhận của người dân đối với chất lượng giải quyết thủ tục hành chính.</p>"
    "<p>Thời gian tới, UBND tỉnh yêu cầu các sở, ngành, địa phương tiếp tục đẩy mạnh chuyển đổi số, "
    "nâng cao chất lượng dịch vụ công trực tuyến và siết chặt kỷ luật, kỷ cương hành chính.</p>"
)


def _page(body: str = BODY, *, date: str = "", head: str = "", extra: str = "") -> str:
    return (
        f'<html><head><meta charset="utf-8"><meta property="og:type" content="article">{head}'
        "<title>Hòa Bình tăng 3 bậc Chỉ số cải cách hành chính - Báo Hòa Bình</title></head><body>"
        '<nav class="menu"><a href="/">Trang chủ</a></nav><h1>Hòa Bình tăng 3 bậc Chỉ số cải cách hành chính</h1>'
        f'<span class="post-date">{date}</span><div class="detail">{body}</div>{extra}'
        '<div class="footer">Giấy phép số 99/GP-BTTTT</div></body></html>'
    )


@pytest.mark.parametrize(
    ("dateline", "published"),
    [
        ("05/08/2021", "2021-08-05"),
        ("Thứ Sáu, 7 Tháng Tư, 2023", "2023-04-07"),
        ("Cập nhật: 13:37 | 01/07/2020", "2020-07-01"),
        ("", None),  # "năm 2022"/"năm 2023" in the text are not dates
    ],
)
def test_publication_date_is_day_first(dateline: str, published: str | None) -> None:
    art = html_to_article(_page(date=dateline), "https://baohoabinh.vn/bai-1.html")
    assert art is not None and art.published == published


def test_iso_metadata_wins() -> None:
    head = '<meta property="article:published_time" content="2024-03-09T08:00:00+07:00">'
    art = html_to_article(_page(date="05/08/2021", head=head), "https://x.vn/a.html")
    assert art is not None and art.published == "2024-03-09"


def test_windows_1258_from_meta_and_nfd_come_out_nfc() -> None:
    from nlp.encodings import encode_cp1258

    html = _page().replace('charset="utf-8"', 'charset="windows-1258"')
    art = html_to_article(encode_cp1258(html), "https://x.vn/a.html")
    assert art is not None and "Chỉ số cải cách hành chính" in art.text
    assert unicodedata.is_normalized("NFC", art.text)
    nfd = unicodedata.normalize("NFD", _page()).encode("utf-8")
    art2 = html_to_article(nfd, "https://x.vn/a.html", content_type="text/html; charset=utf-8")
    assert art2 is not None and art2.text == art.text and art2.title == art.title


def test_tables_become_rows_and_sidebars_do_not_leak() -> None:
    table = (
        "<table><tr><td>TT</td><td>Sở, ngành</td><td>Kết quả</td></tr>"
        "<tr><td>1</td><td><p>Sở Tư pháp</p></td><td>92,15%</td></tr>"
        "<tr><td>2</td><td>Văn phòng UBND tỉnh</td><td>91,03%</td></tr></table>"
    )
    sidebar = (
        '<div class="box"><h3>Tin liên quan</h3><ul><li><a href="/b.html">Lào Cai dẫn đầu Chỉ số PAPI năm 2023</a>'
        "<p>Lào Cai đạt 45,2 điểm PAPI, đứng thứ nhất cả nước trong năm 2023.</p></li></ul></div>"
        '<div class="social-share">Chia sẻ Facebook Zalo</div>'
    )
    art = html_to_article(_page(BODY + table, extra=sidebar), "https://x.vn/a.html")
    assert art is not None
    lines = art.text.split("\n")
    assert "1 | Sở Tư pháp | 92,15%" in lines and "2 | Văn phòng UBND tỉnh | 91,03%" in lines
    assert "Lào Cai" not in art.text and "Chia sẻ" not in art.text and "Giấy phép" not in art.text
    assert art.title == "Hòa Bình tăng 3 bậc Chỉ số cải cách hành chính"
    assert art.url == "https://x.vn/a.html" and len(art.id) == 16


def test_listing_is_not_an_article() -> None:
    teasers = "".join(
        f'<li><h3><a href="/bai-{i}.html">Tiêu đề bài viết số {i} về cải cách hành chính</a></h3>'
        f"<p>Tóm tắt ngắn bài {i}.</p></li>"
        for i in range(30)
    )
    html = f"<html><body><ul>{teasers}</ul></body></html>"
    assert page_kind(html, "https://x.vn/chinh-tri/") == "listing"
    assert html_to_article(html, "https://x.vn/chinh-tri/") is None
    assert html_to_article(b"", "https://x.vn/") is None


def test_rel_canonical_on_the_same_site_names_the_article() -> None:
    head = '<link rel="canonical" href="https://x.vn/a.html">'
    a = html_to_article(_page(head=head), "https://m.x.vn/a.html?utm_source=zalo")
    b = html_to_article(_page(head=head), "https://x.vn/a.html#top")
    assert a is not None and b is not None
    assert a.url == "https://m.x.vn/a.html"  # another host: not trusted
    assert b.url == "https://x.vn/a.html"


def test_page_kinds_on_real_pages(shared) -> None:
    pages = list(real_pages(shared))
    if not pages:
        pytest.skip("no html-* pages in ../shared/corpora")
    wrong = []
    for rp in pages:
        got = html_to_article(rp.body, rp.url) is not None
        if got != rp.is_article:
            wrong.append(rp.name)
    assert not wrong, wrong


def test_extraction_quality_on_real_pages(shared, capsys) -> None:
    scored = [rp for rp in real_pages(shared) if rp.reference]
    if not scored:
        pytest.skip("no reference texts in ../shared/corpora")
    with capsys.disabled():
        print()
        for rp in scored:
            art = html_to_article(rp.body, rp.url)
            assert art is not None, rp.name
            o = token_overlap(art.text, rp.reference)
            print(f"  {rp.reference_kind:4} P={o.precision:.3f} R={o.recall:.3f}  {rp.name}")
            assert o.precision >= 0.9, (rp.name, o)
            assert o.recall >= (0.9 if rp.reference_kind == "gold" else 0.8), (rp.name, o)
            if rp.reference_kind == "gold":
                assert art.title == "Đau bụng kéo dài, phát hiện ung thư lymphoma ruột non"
                assert art.published == "2025-10-22"
