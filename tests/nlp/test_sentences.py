"""nlp.sentences: sentence spans over the normalized article text."""

from __future__ import annotations

import tarfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.normalize import normalize
from nlp.sentences import sentences, split_sentences

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
SEEDS = SHARED / "seeds"
BAOMOI = SHARED / "corpora" / "text-baomoi-magizbox" / "baomoi_vn_news_data.tar.xz"


def seed(name: str) -> str:
    path = SEEDS / name
    if not path.exists():
        pytest.skip(f"{path} is absent")
    return normalize(path.read_text(encoding="utf-8"))


def assert_well_formed(text: str, spans: list[tuple[int, int]]) -> None:
    """Trimmed, ordered, disjoint, and covering every non-blank character."""
    covered = [False] * len(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        assert "\n" not in text[start:end]
        covered[start:end] = [True] * (end - start)
        previous_end = end
    assert all(c.isspace() for c, hit in zip(text, covered, strict=True) if not hit)


# --- the rules, one by one ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "TP. Hồ Chí Minh xếp thứ 10. Đà Nẵng đứng đầu.",
            ["TP. Hồ Chí Minh xếp thứ 10.", "Đà Nẵng đứng đầu."],
        ),
        (
            "(2) Chỉ số CCHC (PAR INDEX) huyện đạt 89,64 điểm, xếp hạng 10/13 huyện, thị xã, "
            "thành phố (tăng 0,58 điểm, tụt 4 hạng so với năm 2019)",
            [
                "(2) Chỉ số CCHC (PAR INDEX) huyện đạt 89,64 điểm, xếp hạng 10/13 huyện, thị xã, "
                "thành phố (tăng 0,58 điểm, tụt 4 hạng so với năm 2019)"
            ],
        ),
        (
            "1. Quảng Ninh: 92,18%\n2. Hải Phòng: 90,1%",
            ["1. Quảng Ninh: 92,18%", "2. Hải Phòng: 90,1%"],
        ),
        (
            "1.2. Kết quả năm 2022. Năm 2023 tốt hơn.",
            ["1.2. Kết quả năm 2022.", "Năm 2023 tốt hơn."],
        ),
        ("IV. KẾT QUẢ\na. Nội dung một", ["IV. KẾT QUẢ", "a. Nội dung một"]),
        (
            "PGS.TS. Nguyễn Văn A phát biểu. ThS. Lê B và Th.S Trần Cường. GS. Hoàng D, BS. Lý E.",
            [
                "PGS.TS. Nguyễn Văn A phát biểu.",
                "ThS. Lê B và Th.S Trần Cường.",
                "GS. Hoàng D, BS. Lý E.",
            ],
        ),
        (
            "Ông Nguyễn Văn A. Phương cho biết, TX. Sơn Tây, Q. Ba Đình, P. Bến Nghé, H. Củ Chi, "
            "TT. Huế, Tp. Vinh và St. Petersburg đều có mặt. Hết.",
            [
                "Ông Nguyễn Văn A. Phương cho biết, TX. Sơn Tây, Q. Ba Đình, P. Bến Nghé, H. Củ Chi, "
                "TT. Huế, Tp. Vinh và St. Petersburg đều có mặt.",
                "Hết.",
            ],
        ),
        (
            "Các chỉ số PAR, SIPAS, v.v. Được công bố.",
            ["Các chỉ số PAR, SIPAS, v.v. Được công bố."],
        ),
        ("Theo chị H.T.P. Công an đã vào cuộc.", ["Theo chị H.T.P. Công an đã vào cuộc."]),
        (
            "Tổng cộng 13.218 hồ sơ, đạt 92.83 điểm. Địa chỉ 1.2.3.4 và số 4389/TB-VPUBND. Xong!",
            [
                "Tổng cộng 13.218 hồ sơ, đạt 92.83 điểm.",
                "Địa chỉ 1.2.3.4 và số 4389/TB-VPUBND.",
                "Xong!",
            ],
        ),
        (
            "Thật sao? Vâng! Năm 2019... Năm 2020… Hết",
            ["Thật sao?", "Vâng!", "Năm 2019...", "Năm 2020…", "Hết"],
        ),
        ("Gồm A, B, C... và các tỉnh khác.", ["Gồm A, B, C... và các tỉnh khác."]),
        (
            "Ông nói: “Tỉnh xếp thứ 10. Năm sau sẽ tốt hơn.” Sau đó hội nghị bế mạc.",
            ["Ông nói: “Tỉnh xếp thứ 10. Năm sau sẽ tốt hơn.”", "Sau đó hội nghị bế mạc."],
        ),
        (
            'Ông nói: "Tỉnh xếp thứ 10. Năm sau sẽ tốt hơn." Sau đó (xem Phụ lục 2. Bảng 3.) hết.',
            [
                'Ông nói: "Tỉnh xếp thứ 10. Năm sau sẽ tốt hơn."',
                "Sau đó (xem Phụ lục 2. Bảng 3.) hết.",
            ],
        ),
        # a quote still open at the end of the line keeps the rest of the line together ...
        (
            "“Tỉnh đứng thứ 10. Năm sau sẽ tốt hơn.\nMới.",
            ["“Tỉnh đứng thứ 10. Năm sau sẽ tốt hơn.", "Mới."],
        ),
        ("Năm 2022 (tạm tính. Chưa chính thức", ["Năm 2022 (tạm tính. Chưa chính thức"]),
        # ... and the quote does not reach into the next line
        ("“Mở ngoặc\nMột. Hai.", ["“Mở ngoặc", "Một.", "Hai."]),
        ("xếp thứ 10. đây là chữ thường", ["xếp thứ 10. đây là chữ thường"]),
        ("năm 2019. ở đâu. Ở đây. Ủy ban họp.", ["năm 2019. ở đâu.", "Ở đây.", "Ủy ban họp."]),
        ("  \n\n  Một câu.  \n\t", ["Một câu."]),
        ("", []),
    ],
)
def test_split(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected
    assert_well_formed(text, split_sentences(text))


def test_spans_point_into_the_text() -> None:
    text = "  TP. Huế đứng thứ 5.  Đà Nẵng đứng đầu!\nHết"
    assert split_sentences(text) == [(2, 21), (23, 40), (41, 44)]


def test_a_stray_quote_does_not_swallow_a_one_line_article() -> None:
    body = 'Ông A nói "đồng ý. ' + " ".join(f"Câu số {i} ở đây." for i in range(200))
    assert len(sentences(body)) > 150


# --- real articles ------------------------------------------------------------------------


def test_seed_002_keeps_the_ranking_lines_whole() -> None:
    text = seed("002_0c861abba220f2f6.txt")
    found = sentences(text)
    assert (
        "(2) Chỉ số CCHC (PAR INDEX) huyện đạt 89,64 điểm, xếp hạng 10/13 huyện, thị xã, "
        "thành phố (tăng 0,58 điểm, tụt 4 hạng so với năm 2019)"
    ) in found
    assert (
        "(5) Chỉ số xây dựng Chính quyền điện tử (ICT) đạt 133,28/170 điểm, xếp hạng 3/13 "
        "huyện, thị xã, thành phố (tăng 7 hạng so với năm 2019)."
    ) in found
    assert "05/08/2021" in found  # the date line is a line of its own


def test_seed_003_splits_inside_paragraphs() -> None:
    text = seed("003_796f0b66cb721ad2.txt")
    found = sentences(text)
    assert "Ngày 03 tháng 03 năm 2022" in found
    assert (
        "Tuy nhiên, năm 2021, chỉ số CCHC của huyện lại giảm hạng, đứng thứ 10/12 huyện, thành phố."
        in found
    )


@pytest.mark.parametrize(
    "name",
    [
        "000_2473a1bbf716dbb0.txt",
        "001_672c05b4d0129195.txt",
        "002_0c861abba220f2f6.txt",
        "003_796f0b66cb721ad2.txt",
        "004_3aa064c6b312b1b2.txt",
    ],
)
def test_seeds_are_covered(name: str) -> None:
    text = seed(name)
    spans = split_sentences(text)
    assert_well_formed(text, spans)
    assert len(spans) > 15


def test_baomoi_articles_are_covered() -> None:
    if not BAOMOI.exists():
        pytest.skip(f"{BAOMOI} is absent")
    with tarfile.open(BAOMOI) as tf:
        checked = 0
        for member in tf:
            if not member.isfile():
                continue
            text = normalize(tf.extractfile(member).read().decode("utf-8"))
            spans = split_sentences(text)
            assert_well_formed(text, spans)
            # title, lead, and a body on one line that must still be split
            lines = [line for line in text.split("\n") if line.strip()]
            assert len(spans) >= len(lines)
            if len(lines[-1]) > 1500:
                assert len(spans) > len(lines)
            checked += 1
            if checked == 300:
                break


def test_better_than_underthesea_on_abbreviations_and_list_numbers() -> None:
    sent_tokenize = pytest.importorskip("underthesea").sent_tokenize
    cases = {
        "PGS.TS. Nguyễn Văn A phát biểu. Ông nói tiếp.": [
            "PGS.TS. Nguyễn Văn A phát biểu.",
            "Ông nói tiếp.",
        ],
        "1. Quảng Ninh: 92,18%": ["1. Quảng Ninh: 92,18%"],
    }
    for text, expected in cases.items():
        assert sentences(text) == expected
        assert sent_tokenize(text) != expected  # where the general tokenizer goes wrong


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from([*'aB Đ1.!?…“”"()\n\t,:TPQ', "TP.", "v.v.", "PGS.TS.", "1. "])).map(
        "".join
    )
)
def test_spans_always_cover_the_text(text: str) -> None:
    assert_well_formed(text, split_sentences(text))
