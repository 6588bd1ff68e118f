"""Locality keys, slugs and post-2025 provinces (compare.localities)."""

from __future__ import annotations

import pytest

from compare.localities import (
    _underthesea_new_provinces,
    is_province_level,
    name_key,
    new_province,
    slug,
)


def test_name_key_ignores_tone_placement_case_and_hyphen_spacing():
    assert name_key("Hoà Bình") == name_key("Hòa Bình") == name_key("hòa  bình")
    assert name_key("Thanh Hoá") == name_key("Thanh Hóa")
    assert name_key("Bà Rịa-Vũng Tàu") == name_key("Bà Rịa - Vũng Tàu")
    assert name_key("Hà Nam") != name_key("Hà Nội")
    assert name_key("Bắc Cạn") != name_key("Bắc Kạn")  # a different spelling is not a key's job
    assert name_key(None) == ""


def test_slug_is_ascii_and_keeps_same_names_apart():
    a = slug("Châu Thành", "huyện", "Long An")
    b = slug("Châu Thành", "huyện", "Tiền Giang")
    assert a.startswith("chau-thanh-huyen-long-an-") and a != b
    assert a.isascii() and "/" not in a
    assert slug("Đắk Lắk", "tỉnh", "Đắk Lắk").startswith("dak-lak-")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Bình Thuận", "Lâm Đồng"),
        ("Kiên Giang", "An Giang"),
        ("Thừa Thiên Huế", "Huế"),
        ("Hoà Bình", "Phú Thọ"),
        ("Bà Rịa - Vũng Tàu", "Hồ Chí Minh"),
        ("Quảng Ninh", "Quảng Ninh"),
        ("Nowhere", None),
        (None, None),
    ],
)
def test_new_province(old, new):
    assert new_province(old) == new


def test_bundled_mapping_fallback_agrees_with_the_gazetteer(table):
    pytest.importorskip("nlp.gazetteer")
    from nlp.gazetteer import gazetteer

    fallback = _underthesea_new_provinces()
    provinces = {r.unit for r in table.rows if r.level == "province"}
    assert len(provinces) == 63
    for old in provinces:
        assert fallback[name_key(old)] == gazetteer().new_province(old), old
    assert len(set(fallback.values())) == 34


def test_province_level():
    assert is_province_level("Quảng Ninh", "tỉnh", "Quảng Ninh")
    assert is_province_level("Hà Nội", "thành phố", "Hà Nội")
    assert is_province_level("Hồ Chí Minh", "thành phố", None)
    assert not is_province_level("Thanh Hóa", "thành phố", "Thanh Hóa")  # the provincial city
    assert not is_province_level("Hải Hà", "huyện", "Quảng Ninh")
