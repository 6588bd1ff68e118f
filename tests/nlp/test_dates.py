"""nlp.dates: day-first Vietnamese dates, and never a date from a bare year."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nlp.dates import find_dates, find_publication_date, parse_date
from nlp.normalize import normalize

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("05/08/2021", dt.date(2021, 8, 5)),
        ("5-8-2021", dt.date(2021, 8, 5)),
        ("05.08.2021", dt.date(2021, 8, 5)),
        ("2023-04-07", dt.date(2023, 4, 7)),
        ("2023-04-07T10:15:00+07:00", dt.date(2023, 4, 7)),
        ("ngày 5 tháng 8 năm 2021", dt.date(2021, 8, 5)),
        ("Ngày 03 tháng 03 năm 2022", dt.date(2022, 3, 3)),
        ("NGÀY 03 THÁNG 03 NĂM 2022", dt.date(2022, 3, 3)),
        ("Thứ Sáu, 7 Tháng Tư, 2023", dt.date(2023, 4, 7)),
        ("Chủ Nhật, 1 Tháng Mười Một, 2020", dt.date(2020, 11, 1)),
        ("Chủ nhật, 12 tháng Mười Hai, 2021", dt.date(2021, 12, 12)),
        ("Thứ Hai, 10 Tháng Mười, 2022", dt.date(2022, 10, 10)),
        ("Thứ Ba, 3 Tháng Giêng, 2023", dt.date(2023, 1, 3)),
        ("Thứ Bảy, 20 tháng Chạp năm 2020", dt.date(2020, 12, 20)),
        ("Thứ Tư, 5 Tháng Bốn, 2023", dt.date(2023, 4, 5)),
        ("15 tháng Năm, 2021", dt.date(2021, 5, 15)),
        ("Cập nhật: 13:37 | 01/07/2020", dt.date(2020, 7, 1)),
        ("13:37 01/07/2020", dt.date(2020, 7, 1)),
        ("Thứ năm, 14/11/2017 - 09:30", dt.date(2017, 11, 14)),
        ("14/11/2017 09:30 GMT+7", dt.date(2017, 11, 14)),
        ("29/02/2020", dt.date(2020, 2, 29)),
    ],
)
def test_parse_date(text: str, date: dt.date) -> None:
    assert parse_date(text) == date


@pytest.mark.parametrize(
    "text",
    [
        "năm 2019",
        "Năm 2019, huyện xếp thứ 2",
        "tháng 4/2023",
        "PCI 2022, công bố tháng 4/2023",
        "ngày 07/4",
        "Sáng 24/11, Ban chỉ đạo",
        "31/02/2021",
        "29/02/2021",
        "32/01/2021",
        "12/13/2021",
        "05/08-2021",  # two different separators
        "89,64 điểm, 13.218 hồ sơ, 1.2.3.4, 10/13 huyện",
        "4389/TB-VPUBND",
        "giai đoạn 2011-2020",
        "01/01/0001",
        "",
    ],
)
def test_not_a_date(text: str) -> None:
    assert parse_date(text) is None
    assert find_dates(text) == []


def test_find_dates_spans_and_order() -> None:
    text = (
        "Nghị quyết số 02/NQ-CP ngày 01/01/2019 của Chính phủ; Nghị quyết số 84/NQ-CP "
        "ngày 29/5/2020; năm 2019 và tháng 4/2023; ngày 5 tháng 8 năm 2021."
    )
    found = find_dates(text)
    assert [date for _, _, date in found] == [
        dt.date(2019, 1, 1),
        dt.date(2020, 5, 29),
        dt.date(2021, 8, 5),
    ]
    assert [text[a:b] for a, b, _ in found] == ["01/01/2019", "29/5/2020", "5 tháng 8 năm 2021"]


def test_publication_date_is_the_dateline_not_a_body_date() -> None:
    article = (
        "Hải Hà nâng cao các chỉ số\n\nCập nhật: 08:00 | 05/08/2021\n\n"
        "Kế hoạch thực hiện Nghị quyết số 02/NQ-CP ngày 01/01/2019 của Chính phủ..."
    )
    assert find_publication_date(article) == dt.date(2021, 8, 5)
    # a date inside a paragraph near the top is the story's, not the page's
    body_only = (
        "(HBĐT) - Sáng 24/11, Ban chỉ đạo cải cách hành chính tỉnh tổ chức hội nghị đánh giá "
        "kết quả thực hiện kết luận tại Thông báo số 4389/TB-VPUBND, ngày 6/6/2022 của Văn "
        "phòng UBND tỉnh tại cuộc họp của Ban chỉ đạo."
    )
    assert find_publication_date(body_only) is None
    # far down the article: ignored whatever it looks like
    late = "Tiêu đề\n\n" + "Nội dung dài. " * 100 + "\n05/08/2021\n"
    assert find_publication_date(late) is None
    assert find_publication_date(late, head_chars=len(late)) == dt.date(2021, 8, 5)


@pytest.mark.parametrize(
    ("name", "date"),
    [
        ("000_2473a1bbf716dbb0.txt", dt.date(2023, 4, 7)),
        ("001_672c05b4d0129195.txt", dt.date(2020, 7, 1)),
        ("002_0c861abba220f2f6.txt", dt.date(2021, 8, 5)),
        ("003_796f0b66cb721ad2.txt", dt.date(2022, 3, 3)),
        ("004_3aa064c6b312b1b2.txt", None),  # no date line: only dates inside the story
    ],
)
def test_seed_date_lines(name: str, date: dt.date | None) -> None:
    path = SEEDS / name
    if not path.exists():
        pytest.skip(f"{path} is absent")
    assert find_publication_date(normalize(path.read_text(encoding="utf-8"))) == date


def test_seed_002_body_dates_are_found_but_not_taken_for_the_publication_date() -> None:
    path = SEEDS / "002_0c861abba220f2f6.txt"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    text = normalize(path.read_text(encoding="utf-8"))
    dates = [date for _, _, date in find_dates(text)]
    assert dates[0] == dt.date(2021, 8, 5)
    assert dt.date(2019, 1, 1) in dates  # "Nghị quyết số 02/NQ-CP ngày 01/01/2019"
    assert find_publication_date(text) == dt.date(2021, 8, 5)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_every_valid_date_reads_back_in_each_numeric_form(date: dt.date) -> None:
    d, m, y = date.day, date.month, date.year
    for text in (
        f"{d:02d}/{m:02d}/{y}",
        f"{d}-{m}-{y}",
        f"{d:02d}.{m:02d}.{y}",
        date.isoformat(),
        f"ngày {d} tháng {m} năm {y}",
    ):
        assert parse_date(f"Cập nhật {text} lúc 9:00") == date, text
