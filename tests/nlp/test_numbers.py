"""Numbers, scores, ranks, ordinals, totals, changes and years (nlp.numbers)."""

from __future__ import annotations

import pytest

from nlp.numbers import find_years, parse_number, scan


@pytest.mark.parametrize(
    ("text", "value", "decimals"),
    [
        ("89,64", 89.64, 2),
        ("13.218", 13218.0, 0),
        ("92.83", 92.83, 2),
        ("45,7875", 45.7875, 4),
        ("0,6012", 0.6012, 4),
        ("1.234,5", 1234.5, 1),
        ("1,234,567", 1234567.0, 0),
        ("100", 100.0, 0),
    ],
)
def test_parse_number(text, value, decimals):
    n = parse_number(text)
    assert n is not None
    assert n.value == pytest.approx(value)
    assert n.decimals == decimals


@pytest.mark.parametrize("text", ["1.2.3.4", "", "abc", "1,2,3"])
def test_parse_number_rejects(text):
    assert parse_number(text) is None


def kinds(text: str) -> list[tuple]:
    out = []
    for f in scan(text):
        if f.kind == "score":
            out.append(("score", f.value, f.unit, f.maximum))
        elif f.kind == "rank":
            out.append(("rank", f.value, f.total, f.form))
        elif f.kind == "change":
            out.append(("change", f.value, f.target, f.base, f.approx))
        elif f.kind == "total":
            out.append(("total", f.value, f.noun))
        elif f.kind == "year":
            out.append(("year", f.value, f.role))
        else:
            out.append((f.kind, f.value))
    return out


def test_score_rank_and_changes_of_a_result_line():
    got = kinds(
        "Chỉ số CCHC (PAR INDEX) huyện đạt 89,64 điểm, xếp hạng 10/13 huyện, thị xã, "
        "thành phố (tăng 0,58 điểm, tụt 4 hạng so với năm 2019)"
    )
    assert got == [
        ("score", 89.64, "điểm", None),
        ("rank", 10, 13, "num"),
        ("change", 0.58, "score", None, False),
        ("change", -4.0, "rank", 2019, False),
    ]


def test_score_with_maximum_and_percent():
    assert kinds("đạt 133,28/170 điểm")[0] == ("score", 133.28, "điểm", 170.0)
    assert kinds("đạt 93,12%")[0] == ("score", 93.12, "%", None)
    assert kinds("đạt 92.83 điểm")[0] == ("score", 92.83, "điểm", None)


@pytest.mark.parametrize(
    ("text", "rank", "total", "form"),
    [
        ("xếp thứ 10/13", 10, 13, "num"),
        ("đứng thứ 2", 2, None, "num"),
        ("xếp thứ ba", 3, None, "word"),
        ("hạng nhì", 2, None, "word"),
        ("thứ mười hai", 12, None, "word"),
        ("đứng đầu", 1, None, "first"),
        ("dẫn đầu", 1, None, "first"),
        ("quán quân", 1, None, "first"),
        ("á quân", 2, None, "second"),
        ("xếp cuối bảng trong 63", 63, 63, "last"),
        ("vị trí thứ 8/10", 8, 10, "num"),
    ],
)
def test_ranks(text, rank, total, form):
    assert kinds(text)[0] == ("rank", rank, total, form)


def test_changes():
    assert kinds("tăng 2 bậc so với năm 2021") == [("change", 2.0, "rank", 2021, False)]
    assert kinds("giảm 0,5%")[0] == ("change", -0.5, "score", None, False)
    assert kinds("giữ nguyên vị trí so với năm trước")[0] == ("change", 0.0, "rank", "prev", False)
    assert kinds("tăng khoảng 2 điểm")[0] == ("change", 2.0, "score", None, True)


def test_totals_and_years():
    got = kinds("trong 63 tỉnh, thành phố năm 2022")
    assert got == [("total", 63, "tỉnh, thành phố"), ("year", 2022, "year")]


def test_distractors_are_not_scores():
    text = "số 02/NQ-CP ngày 01/01/2019, giai đoạn 2011-2020, công bố tháng 4/2023, 168/279 TTHC"
    assert [k for k in kinds(text) if k[0] == "score"] == []


def test_list_marker_is_an_item():
    assert kinds("1. Quảng Ninh: 92,18%") == [("item", 1), ("score", 92.18, "%", None)]


def test_year_roles():
    roles = {
        int(f.value): f.role for f in find_years("PCI 2022 so với năm 2021, giai đoạn 2016-2020")
    }
    assert roles == {2022: "year", 2021: "base", 2016: "range"}
