"""Readers: every input kind, and every kind of bad input as a one-line Problem."""

from __future__ import annotations

import gzip
import io
import json
import tarfile
import unicodedata
from pathlib import Path

from chiso.inputs import Article, Part, Problem, expand, iter_raw, kind_of, parse, read
from tests.conftest import shared_path

NFD_TITLE = unicodedata.normalize("NFD", "Chỉ số PCI năm 2022 của Quảng Ninh")
TEXT = "Năm 2022, chỉ số PCI của tỉnh Quảng Ninh đạt 72,95 điểm, đứng đầu cả nước."


def articles(items) -> list[Article]:
    return [x for x in items if isinstance(x, Article)]


def problems(items) -> list[Problem]:
    return [x for x in items if isinstance(x, Problem)]


def test_kind_of_longest_ending_wins():
    assert kind_of("a.jsonl") == "jsonl"
    assert kind_of("A.JSONL.GZ") == "jsonl.gz"
    assert kind_of("x.warc.gz") == "warc"
    assert kind_of("dump.tar.xz") == "tar"
    assert kind_of("page.htm") == "html"
    assert kind_of("page.html.gz") == "html.gz"
    assert kind_of("notes.md") is None
    assert kind_of("data.gz") is None


def test_jsonl_is_normalized_at_the_door(tmp_path: Path):
    path = tmp_path / "a.jsonl"
    rec = {"id": "x1", "url": "https://baoquangninh.vn/a.html", "title": NFD_TITLE,
           "text": unicodedata.normalize("NFD", TEXT), "published": "2023-05-04T08:00:00"}
    path.write_text(json.dumps(rec, ensure_ascii=False) + "\n\n", encoding="utf-8")
    (a,) = list(read([path]))
    assert a.id == "x1"
    assert a.text == TEXT  # NFC
    assert a.title == unicodedata.normalize("NFC", NFD_TITLE)
    assert a.published == "2023-05-04"
    assert a.url == "https://baoquangninh.vn/a.html"


def test_jsonl_id_from_url_or_text_is_stable_across_unicode_forms(tmp_path: Path):
    path = tmp_path / "a.jsonl"
    lines = [
        {"text": TEXT},
        {"text": unicodedata.normalize("NFD", TEXT)},
        {"url": "https://x.vn/1", "text": TEXT},
    ]
    path.write_text("".join(json.dumps(d) + "\n" for d in lines), encoding="utf-8")
    a, b, c = list(read([path]))
    assert a.id == b.id  # hashed from the normalized text
    assert c.id != a.id and len(c.id) == 16


def test_bad_jsonl_lines_are_problems_with_file_and_line(tmp_path: Path):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(
        b'{"id": "ok1", "text": "mot"}\n'
        b"{not json\n"
        b'{"id": "nt", "title": "no text"}\n'
        b"[1, 2]\n"
        b'{"id": "bad-utf8", "text": "\xff\xfe"}\n'
        b'{"id": "empty", "text": "   "}\n'
        b'{"id": "ok2", "text": "hai"}\n'
    )
    out = list(read([path]))
    assert [a.id for a in articles(out)] == ["ok1", "ok2"]
    got = [(p.where, p.kind) for p in problems(out)]
    assert got == [
        (f"{path}:2", "bad-json"),
        (f"{path}:3", "no-text"),
        (f"{path}:4", "bad-json"),
        (f"{path}:5", "undecodable"),
        (f"{path}:6", "no-text"),
    ]
    assert str(problems(out)[1]) == f"{path}:3: record has no 'text' string"
    assert "invalid JSON" in str(problems(out)[0])


def test_jsonl_gz_and_utf16_jsonl(tmp_path: Path):
    gz = tmp_path / "a.jsonl.gz"
    with gzip.open(gz, "wt", encoding="utf-8") as fh:
        for i in range(3):
            fh.write(json.dumps({"id": f"g{i}", "text": TEXT}, ensure_ascii=False) + "\n")
    assert [a.id for a in read([gz])] == ["g0", "g1", "g2"]
    u16 = tmp_path / "u16.jsonl"
    u16.write_bytes(("\ufeff" + json.dumps({"text": "x"}) + "\n").encode("utf-16-le"))
    (p,) = list(read([u16]))
    assert isinstance(p, Problem) and p.kind == "undecodable" and "UTF-16" in p.message


def test_byte_range_parts_keep_line_numbers(tmp_path: Path):
    path = tmp_path / "r.jsonl"
    lines = [json.dumps({"id": f"r{i}", "text": f"t{i}"}) for i in range(10)]
    lines[7] = "{oops"
    data = "\n".join(lines) + "\n"
    path.write_text(data)
    (f,) = list(expand([path]))
    cut = data.index("\n", len(data) // 2) + 1
    first_line_2 = data[:cut].count("\n") + 1
    raw1 = list(iter_raw(Part(f, 0, cut, 1)))
    raw2 = list(iter_raw(Part(f, cut, f.size, first_line_2)))
    assert len(raw1) + len(raw2) == 10
    parsed = [parse(r) for r in raw1 + raw2]
    assert [a.id for a in parsed if isinstance(a, Article)] == [
        f"r{i}" for i in range(10) if i != 7
    ]
    (bad,) = [p for p in parsed if isinstance(p, Problem)]
    assert bad.where == f"{path}:8"


def test_txt_utf8_and_utf16_crlf(tmp_path: Path):
    (tmp_path / "22413696.txt").write_text("Tiêu đề bài\nĐoạn mở\n" + TEXT + "\n", encoding="utf-8")
    body = "Chỉ số CCHC\r\n\r\nHuyện Hải Hà xếp thứ 10/13.\r\n"
    (tmp_path / "XH_NLD_ (1).txt").write_bytes(b"\xff\xfe" + body.encode("utf-16-le"))
    a, b = sorted(read([tmp_path]), key=lambda a: a.id)
    assert (a.id, a.title) == ("22413696", "Tiêu đề bài")
    assert a.text.startswith("Tiêu đề bài\nĐoạn mở\n")
    assert (b.id, b.title) == ("XH_NLD_ (1)", "Chỉ số CCHC")
    assert "\r" not in b.text and b.text.startswith("Chỉ số CCHC\n\nHuyện Hải Hà")


def test_undecodable_and_empty_txt(tmp_path: Path):
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02\x03binary\x00")
    (tmp_path / "empty.txt").write_bytes(b"  \n")
    out = list(read([tmp_path]))
    assert {(Path(p.where).name, p.kind) for p in out} == {
        ("bin.txt", "undecodable"), ("empty.txt", "no-text")
    }


def test_expand_reports_missing_empty_unknown_and_dedupes(tmp_path: Path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "README.md").write_text("hi")
    (tmp_path / "d" / ".hidden.jsonl").write_text("{}")
    (tmp_path / "notes.md").write_text("x")
    ok = tmp_path / "ok.jsonl"
    ok.write_text('{"text": "x"}\n')
    out = list(
        expand([tmp_path / "nope.jsonl", tmp_path / "d", tmp_path / "notes.md", ok, str(ok),
                str(tmp_path / "*.jsonl"), str(tmp_path / "zz*.txt")])
    )
    files = [x for x in out if not isinstance(x, Problem)]
    assert [f.display for f in files] == [str(ok)]  # given three times, read once
    assert [(p.where, p.kind) for p in problems(out)] == [
        (str(tmp_path / "nope.jsonl"), "missing"),
        (str(tmp_path / "d"), "empty"),
        (str(tmp_path / "notes.md"), "unknown-type"),
        (str(tmp_path / "zz*.txt"), "missing"),
    ]


def test_directory_walk_is_sorted_and_recursive(tmp_path: Path):
    for name in ["b/2.txt", "a/1.txt", "a/z/3.txt", "0.txt"]:
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(f"title {name}\nbody", encoding="utf-8")
    assert [a.id for a in read([tmp_path])] == ["0", "1", "3", "2"]


def _tar_add(tf: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tf.addfile(info, io.BytesIO(data))


def test_tar_archive_members(tmp_path: Path):
    path = tmp_path / "dump.tar.gz"
    with tarfile.open(path, "w:gz") as tf:
        _tar_add(tf, "data/100.txt", "Tiêu đề\nNội dung PCI".encode())
        _tar_add(tf, "data/README.md", b"ignored")
        _tar_add(tf, "data/more.jsonl", b'{"id": "j1", "text": "x"}\n{bad\n')
        _tar_add(tf, "data/101.txt", b"")
    out = list(read([path]))
    assert [a.id for a in articles(out)] == ["100", "j1"]
    assert [(p.where, p.kind) for p in problems(out)] == [
        (f"{path}:data/more.jsonl:2", "bad-json"),
        (f"{path}:data/101.txt", "no-text"),
    ]
    empty = tmp_path / "empty.tar"
    with tarfile.open(empty, "w") as tf:
        _tar_add(tf, "x.md", b"no")
    (p,) = list(read([empty]))
    assert p.kind == "empty"


def test_truncated_archive_is_a_problem_not_a_crash(tmp_path: Path):
    good = tmp_path / "a.jsonl.gz"
    with gzip.open(good, "wb") as fh:
        fh.write(b'{"id": "t1", "text": "x"}\n' * 2000)
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(good.read_bytes()[:-40])
    out = list(read([cut]))
    assert len(articles(out)) >= 1
    assert problems(out)[-1].kind == "unreadable" and problems(out)[-1].where == str(cut)


ARTICLE_HTML = """<!doctype html><html lang="vi"><head><meta charset="utf-8">
<title>Quảng Ninh dẫn đầu PCI 2022 - Báo Quảng Ninh</title>
<link rel="canonical" href="https://baoquangninh.vn/quang-ninh-dan-dau-pci-2022.html">
<meta property="og:type" content="article">
<meta property="article:published_time" content="2023-05-04T08:00:00+07:00">
</head><body><nav><a href="/">Trang chủ</a></nav><article><h1>Quảng Ninh dẫn đầu PCI 2022</h1>
<p>Năm 2022, chỉ số năng lực cạnh tranh cấp tỉnh (PCI) của tỉnh Quảng Ninh đạt 72,95 điểm,
đứng đầu cả nước năm thứ sáu liên tiếp. Đây là kết quả của nhiều năm nỗ lực cải thiện môi
trường đầu tư kinh doanh, cải cách hành chính và nâng cao chất lượng phục vụ doanh nghiệp.</p>
<p>Theo báo cáo công bố sáng 4/5, Hải Phòng đứng thứ hai với 72,18 điểm; Long An xếp thứ
ba với 70,37 điểm. Các địa phương trong tốp 10 đều có sự cải thiện rõ rệt so với năm trước,
nhất là ở các chỉ số thành phần về tính minh bạch và chi phí thời gian.</p>
<p>Lãnh đạo tỉnh cho biết sẽ tiếp tục duy trì vị trí dẫn đầu trong những năm tới, tập trung
vào chuyển đổi số và nâng cao năng lực của đội ngũ cán bộ, công chức các cấp.</p>
</article><footer>Bản quyền Báo Quảng Ninh</footer></body></html>"""


def test_html_file_goes_through_the_crawler_parser(tmp_path: Path):
    path = tmp_path / "pci.html"
    path.write_text(ARTICLE_HTML, encoding="utf-8")
    (a,) = list(read([path]))
    assert isinstance(a, Article), a
    assert "72,95 điểm" in a.text
    # A saved page has no fetch URL, so the crawler's same-site check keeps no canonical
    # URL; the file name is its identity.
    assert (a.url, a.id) == ("", "pci")
    listing = tmp_path / "home.html"
    listing.write_text("<html><body><a href='/x'>x</a></body></html>", encoding="utf-8")
    (p,) = list(read([listing]))
    assert isinstance(p, Problem) and p.kind == "no-text" and p.where == str(listing)


def test_warc_html_responses(tmp_path: Path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        pages = [
            ("https://baoquangninh.vn/pci.html", "200 OK", "text/html; charset=utf-8",
             ARTICLE_HTML.encode()),
            ("https://baoquangninh.vn/logo.png", "200 OK", "image/png", b"\x89PNG...."),
            ("https://baoquangninh.vn/gone.html", "404 Not Found", "text/html", b"<html></html>"),
            ("https://baoquangninh.vn/", "200 OK", "text/html",
             b"<html><body><a href='/a'>a</a></body></html>"),
        ]
        for url, status, ctype, body in pages:
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                            http_headers=headers)
            writer.write_record(rec)
    out = list(read([path]))
    assert len(out) == 1 and isinstance(out[0], Article)  # the home page is quietly not one
    assert "72,95" in out[0].text


def test_vntc_member_is_utf16_with_crlf():
    path = shared_path("corpora", "text-vntc", "vntc_train_full.tar.xz")
    with tarfile.open(path, "r|xz") as tf:
        for member in tf:
            if member.isfile() and member.name.endswith(".txt"):
                data = tf.extractfile(member).read()
                break
    assert data[:2] == b"\xff\xfe"
    from chiso.inputs import Raw

    a = parse(Raw(member.name, "txt", data, "vntc1"))
    assert isinstance(a, Article)
    assert "\r" not in a.text and a.title and a.title == a.text.split("\n", 1)[0].strip()
    assert unicodedata.is_normalized("NFC", a.text)
