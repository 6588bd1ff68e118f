"""The index catalog and mention finding (nlp.indices)."""

from __future__ import annotations

import pytest

from nlp.indices import catalog, find_mentions, has_mention, load_catalog


def codes(text: str) -> list[str]:
    return [m.code for m in find_mentions(text)]


def test_catalog_has_the_nine_indices():
    assert set(catalog()) == {
        "PAR_INDEX",
        "SIPAS",
        "PAPI",
        "PCI",
        "DDCI",
        "DGI",
        "ICT_INDEX",
        "DTI",
        "PII",
    }
    assert catalog()["PAPI"].score_range == (10.0, 80.0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Chỉ số CCHC (PAR INDEX) huyện đạt", ["PAR_INDEX", "PAR_INDEX"]),
        ("các chỉ số (PARINDEX, PAPI, PCI)", ["PAR_INDEX", "PAPI", "PCI"]),
        ("Chỉ số hiệu quả quản trị và hành chính công cấp huyện (DGI)", ["DGI", "DGI"]),
        ("Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh năm 2022", ["PAPI"]),
        ("chỉ số năng lực cạnh tranh cấp huyện, thành phố (DDCI)", ["DDCI", "DDCI"]),
        ("Chỉ số chuyển đổi số cấp tỉnh (DTI) 2023", ["DTI", "DTI"]),
        ("chỉ số cải cách hành chính", ["PAR_INDEX"]),
        ("CHỈ SỐ CẢI CÁCH HÀNH CHÍNH", ["PAR_INDEX"]),
    ],
)
def test_mentions(text, expected):
    assert codes(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Tsitsipas thắng trận chung kết",
        "virus Papillomavirus gây bệnh",
        "nồng độ radon 4 pCi/L",
        "Công ty Pacific Consultants International (PCI) bị điều tra",
        "một khoản tiền hối lộ của Công ty PCI",
        "chỉ số giá tiêu dùng CPI tăng",
    ],
)
def test_false_friends_are_not_mentions(text):
    assert codes(text) == []
    assert not has_mention(text)


def test_mention_offsets_point_into_text():
    text = "Năm 2022, PAPI của tỉnh đạt 42,5 điểm."
    (m,) = find_mentions(text)
    assert text[m.start : m.end] == "PAPI" == m.surface


def test_bad_catalog_names_the_file(tmp_path):
    bad = tmp_path / "indices.toml"
    bad.write_text("[[index]]\nname_vi = 'x'\n", encoding="utf-8")
    with pytest.raises(ValueError, match="indices.toml"):
        load_catalog(bad)
