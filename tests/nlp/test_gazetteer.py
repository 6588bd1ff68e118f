"""Tests for nlp.gazetteer: counts from the bundled data, names, abbreviations, finding."""

from __future__ import annotations

import csv
import json
import time
from collections import Counter
from pathlib import Path

import pytest

from nlp.gazetteer import (
    CENTRAL_CITIES,
    DATA_DIR,
    Gazetteer,
    Place,
    PlaceMention,
    gazetteer,
    mapping_path,
)
from nlp.normalize import normalize

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def g() -> Gazetteer:
    return gazetteer()


def one(g: Gazetteer, text: str) -> PlaceMention:
    found = g.find(text)
    assert len(found) == 1, [m.surface for m in found]
    return found[0]


def names(found: list[PlaceMention]) -> list[str]:
    return [m.candidates[0].name for m in found]


# --- loading and counts ---------------------------------------------------------------


def test_singleton_and_load_time() -> None:
    assert gazetteer() is gazetteer()
    t = time.perf_counter()
    Gazetteer()
    assert time.perf_counter() - t < 1.0


def test_province_counts(g: Gazetteer) -> None:
    provinces = g.provinces()
    assert len(provinces) == 63
    assert len({p.name for p in provinces}) == 63
    assert Counter(p.type for p in provinces) == {"tỉnh": 58, "thành phố": 5}
    assert {p.name for p in provinces if p.type == "thành phố"} == CENTRAL_CITIES
    assert all(p.province == p.name and p.level == "province" for p in provinces)
    assert len({p.new_province for p in provinces}) == 34


def test_district_counts(g: Gazetteer) -> None:
    current = [d for p in g.provinces() for d in g.districts(p.name)]
    assert len(current) == 696  # as the data stands just before 1 July 2025
    assert Counter(d.type for d in current) == {
        "huyện": 508,
        "thành phố": 87,
        "quận": 49,
        "thị xã": 52,
    }
    ended = [
        d
        for p in g.provinces()
        for d in g.districts(p.name, include_ended=True)
        if d.ended is not None
    ]
    assert len(ended) == 23
    assert all(d.level == "district" for d in current + ended)
    assert len(g.districts("Hà Nội")) == 30
    assert len(g.districts("Bắc Giang")) == 10
    assert len(g.districts("Quảng Ninh")) == 13
    assert len(g.districts("TP.HCM")) == 22
    assert len(g.districts("TP.HCM", include_ended=True)) == 24  # + quận 2, quận 9


def test_ward_counts(g: Gazetteer) -> None:
    wards = [w for p in g.provinces() for w in g.wards(p.name)]
    assert len(wards) == 9991
    assert Counter(w.type for w in wards) == {"xã": 7652, "phường": 1722, "thị trấn": 617}
    assert all(w.level == "ward" and w.district for w in wards)
    assert Place("Sặp Vạt", "xã", "Sơn La", "Yên Châu") in g.wards("Sơn La", "Yên Châu")


def test_department_and_ministry_counts(g: Gazetteer) -> None:
    depts, mins = g.departments(), g.ministries()
    assert len(depts) == 43
    assert len(mins) == 33
    assert all(p.type == "sở" and p.province is None for p in depts)
    assert all(p.type == "bộ" and p.province is None for p in mins)
    assert Place("Văn phòng UBND tỉnh", "sở", None) in depts
    assert Place("Ngân hàng Nhà nước Việt Nam", "bộ", None) in mins


def test_names_are_nfc_and_modern_tone(g: Gazetteer) -> None:
    everything = (
        g.provinces()
        + [d for p in g.provinces() for d in g.districts(p.name, include_ended=True)]
        + g.departments()
        + g.ministries()
    )
    for p in everything:
        assert normalize(p.name) == p.name, p
        assert p.name == p.name.strip() and "  " not in p.name
    assert g.lookup("Thủy Nguyên")[0].name == "Thủy Nguyên"
    assert g.lookup("Thuỷ Nguyên")[0].name == "Thủy Nguyên"


def test_provinces_csv_agrees_with_bundled_data() -> None:
    data = json.loads(mapping_path().read_text(encoding="utf-8"))
    new_names = data["province_names"]
    with open(DATA_DIR / "provinces.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 63
    for row in rows:
        old = data["old_province_names"][row["key"]]
        assert row["code"] == old["code"]
        assert row["new_province"] == new_names[data["province_mapping"][row["key"]]]["short"]
        if row["key"] != "thanhphohue":  # the data names it after its 2025 status
            assert row["name"] == old["short"]


def test_historical_districts_are_not_in_the_data(g: Gazetteer) -> None:
    with open(DATA_DIR / "districts.csv", encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["ended"]]
    assert len(rows) == 23
    for row in rows:
        p = g.province(row["province"])
        assert p is not None, row
        current = [(d.name, d.type) for d in g.districts(p.name)]
        assert (row["name"], row["type"]) not in current, row
        assert (row["name"], row["type"]) in [
            (d.name, d.type) for d in g.districts(p.name, include_ended=True)
        ]


def test_unit_required_names_exist(g: Gazetteer) -> None:
    with open(DATA_DIR / "unit_required.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            assert g.lookup(row["name"]), row["name"]


# --- provinces, aliases, new provinces ------------------------------------------------------


@pytest.mark.parametrize(
    ("alias", "name"),
    [
        ("TP.HCM", "Hồ Chí Minh"),
        ("TP HCM", "Hồ Chí Minh"),
        ("TPHCM", "Hồ Chí Minh"),
        ("TP. Hồ Chí Minh", "Hồ Chí Minh"),
        ("Thành phố Hồ Chí Minh", "Hồ Chí Minh"),
        ("BR-VT", "Bà Rịa - Vũng Tàu"),
        ("BRVT", "Bà Rịa - Vũng Tàu"),
        ("Bà Rịa – Vũng Tàu", "Bà Rịa - Vũng Tàu"),
        ("Bà Rịa-Vũng Tàu", "Bà Rịa - Vũng Tàu"),
        ("TT-Huế", "Thừa Thiên Huế"),
        ("TT Huế", "Thừa Thiên Huế"),
        ("Thừa Thiên - Huế", "Thừa Thiên Huế"),
        ("TP. Huế", "Thừa Thiên Huế"),
        ("Đắk Lắk", "Đắk Lắk"),
        ("Đăk Lăk", "Đắk Lắk"),
        ("Daklak", "Đắk Lắk"),
        ("Đăk Nông", "Đắk Nông"),
        ("Bắc Cạn", "Bắc Kạn"),
        ("Hoà Bình", "Hòa Bình"),
        ("Khánh Hoà", "Khánh Hòa"),
        ("Thanh Hoá", "Thanh Hóa"),
        ("Kontum", "Kon Tum"),
        ("tỉnh Thanh Hóa", "Thanh Hóa"),
        ("Tỉnh Quảng Ninh", "Quảng Ninh"),
        ("thành phố Hà Nội", "Hà Nội"),
    ],
)
def test_province_by_alias(g: Gazetteer, alias: str, name: str) -> None:
    p = g.province(alias)
    assert p is not None and p.name == name and p.province == name


def test_province_types(g: Gazetteer) -> None:
    assert g.province("TP.HCM") == Place("Hồ Chí Minh", "thành phố", "Hồ Chí Minh")
    assert g.province("Thanh Hóa") == Place("Thanh Hóa", "tỉnh", "Thanh Hóa")
    assert g.province("Thừa Thiên Huế") == Place("Thừa Thiên Huế", "tỉnh", "Thừa Thiên Huế")
    assert g.province("thành phố Thanh Hóa") is None  # the city, not the province
    assert g.province("Yên Thế") is None


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Hà Giang", "Tuyên Quang"),
        ("Bắc Giang", "Bắc Ninh"),
        ("Quảng Ninh", "Quảng Ninh"),
        ("Thừa Thiên Huế", "Huế"),
        ("Bình Dương", "Hồ Chí Minh"),
        ("BR-VT", "Hồ Chí Minh"),
        ("Hải Dương", "Hải Phòng"),
        ("Quảng Nam", "Đà Nẵng"),
        ("Kon Tum", "Quảng Ngãi"),
        ("Sơn La", "Sơn La"),
        ("Hậu Giang", "Cần Thơ"),
        ("Yên Bái", "Lào Cai"),
    ],
)
def test_new_province(g: Gazetteer, old: str, new: str) -> None:
    assert g.new_province(old) == new


def test_new_province_unknown(g: Gazetteer) -> None:
    assert g.new_province("Sài Gòn") is None


# --- lookup --------------------------------------------------------------------------------


def test_lookup_namesakes(g: Gazetteer) -> None:
    chau_thanh = g.lookup("Châu Thành")
    assert len(chau_thanh) == 10
    assert {p.type for p in chau_thanh} == {"huyện"}
    assert len({p.province for p in chau_thanh}) == 10
    assert [p.province for p in g.lookup("Châu Thành", province="Tây Ninh")] == ["Tây Ninh"]
    assert {p.province for p in g.lookup("Phong Điền")} == {"Cần Thơ", "Thừa Thiên Huế"}
    assert [p.type for p in g.lookup("Kỳ Anh", province="Hà Tĩnh")] == ["huyện", "thị xã"]
    assert [p.type for p in g.lookup("Kỳ Anh", type="thị xã")] == ["thị xã"]


def test_lookup_province_and_city(g: Gazetteer) -> None:
    assert g.lookup("Thanh Hóa") == [
        Place("Thanh Hóa", "tỉnh", "Thanh Hóa"),
        Place("Thanh Hóa", "thành phố", "Thanh Hóa"),
    ]
    assert g.lookup("Thanh Hóa", type="thành phố") == [Place("Thanh Hóa", "thành phố", "Thanh Hóa")]
    assert g.lookup("thành phố Thanh Hóa") == [Place("Thanh Hóa", "thành phố", "Thanh Hóa")]
    assert g.lookup("Huyện Yên Thế") == [Place("Yên Thế", "huyện", "Bắc Giang")]
    assert g.lookup("Yên Thế", type="huyện", province="Bắc Giang") == [
        Place("Yên Thế", "huyện", "Bắc Giang"),
    ]
    assert g.lookup("Yên Thế", province="Sơn La") == []


def test_lookup_changed_type_and_ended(g: Gazetteer) -> None:
    # huyện Việt Yên became thị xã Việt Yên in 2024; older text still says huyện
    assert g.lookup("huyện Việt Yên") == [Place("Việt Yên", "thị xã", "Bắc Giang")]
    yen_dung = g.lookup("Yên Dũng")
    assert yen_dung == [Place("Yên Dũng", "huyện", "Bắc Giang")]
    assert yen_dung[0].ended == 2025 and yen_dung[0].new_province == "Bắc Ninh"
    assert g.lookup("Hoành Bồ")[0].ended == 2020
    assert g.lookup("quận 9") == [Place("9", "quận", "Hồ Chí Minh")]


def test_lookup_spelling_fix(g: Gazetteer) -> None:
    assert g.lookup("Phú Quí") == [Place("Phú Quý", "huyện", "Bình Thuận")]
    assert g.lookup("Phan Rang-Tháp Chàm")[0].name == "Phan Rang - Tháp Chàm"
    assert g.lookup("Đăk Mil")[0] == Place("Đắk Mil", "huyện", "Đắk Nông")


def test_lookup_wards(g: Gazetteer) -> None:
    assert g.lookup("xã Sặp Vạt") == [Place("Sặp Vạt", "xã", "Sơn La", "Yên Châu")]
    assert g.lookup("Sặp Vạt", type="xã")[0].district == "Yên Châu"
    ward1 = g.lookup("Phường 1", province="TP.HCM")
    assert len(ward1) > 1 and all(w.type == "phường" for w in ward1)


# --- departments and ministries -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Sở Tư pháp", "Sở Tư pháp"),
        ("Sở KH&ĐT", "Sở Kế hoạch và Đầu tư"),
        ("Sở KHĐT", "Sở Kế hoạch và Đầu tư"),
        ("Sở Kế hoạch - Đầu tư", "Sở Kế hoạch và Đầu tư"),
        ("Sở KH & ĐT", "Sở Kế hoạch và Đầu tư"),
        ("Sở TT&TT", "Sở Thông tin và Truyền thông"),
        ("Sở TTTT", "Sở Thông tin và Truyền thông"),
        ("Sở GD&ĐT", "Sở Giáo dục và Đào tạo"),
        ("Sở GDĐT", "Sở Giáo dục và Đào tạo"),
        ("Sở LĐ-TB&XH", "Sở Lao động - Thương binh và Xã hội"),
        ("Sở LĐTBXH", "Sở Lao động - Thương binh và Xã hội"),
        ("Sở NN&PTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
        ("Sở NNPTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
        ("Sở TN&MT", "Sở Tài nguyên và Môi trường"),
        ("Sở TNMT", "Sở Tài nguyên và Môi trường"),
        ("Sở VH-TT&DL", "Sở Văn hóa, Thể thao và Du lịch"),
        ("Sở VHTTDL", "Sở Văn hóa, Thể thao và Du lịch"),
        ("Sở Văn hoá, Thể thao và Du lịch", "Sở Văn hóa, Thể thao và Du lịch"),
        ("Sở GTVT", "Sở Giao thông vận tải"),
        ("Sở Giao thông – Vận tải", "Sở Giao thông vận tải"),
        ("Sở KH&CN", "Sở Khoa học và Công nghệ"),
        ("Sở Công Thương", "Sở Công Thương"),
        ("Sở Nội vụ", "Sở Nội vụ"),
        ("Sở Tài chính", "Sở Tài chính"),
        ("Sở Xây dựng", "Sở Xây dựng"),
        ("Sở Y tế", "Sở Y tế"),
        ("Sở Ngoại vụ", "Sở Ngoại vụ"),
        ("Sở Du lịch", "Sở Du lịch"),
        ("Sở Văn hóa và Thể thao", "Sở Văn hóa và Thể thao"),
        ("Văn phòng UBND tỉnh", "Văn phòng UBND tỉnh"),
        ("Văn phòng Ủy ban nhân dân tỉnh", "Văn phòng UBND tỉnh"),
        ("Văn phòng Uỷ ban nhân dân tỉnh", "Văn phòng UBND tỉnh"),
        ("Thanh tra tỉnh", "Thanh tra tỉnh"),
        ("Ban Dân tộc", "Ban Dân tộc"),
        ("Ban Quản lý Khu kinh tế", "Ban Quản lý Khu kinh tế"),
        ("Ban Quản lý các khu công nghiệp", "Ban Quản lý các khu công nghiệp"),
        ("BQL các KCN", "Ban Quản lý các khu công nghiệp"),
        ("Cục Thuế", "Cục Thuế"),
        ("Cục Hải quan", "Cục Hải quan"),
        ("Bảo hiểm xã hội tỉnh", "Bảo hiểm xã hội tỉnh"),
        ("BHXH tỉnh", "Bảo hiểm xã hội tỉnh"),
        ("Kho bạc Nhà nước", "Kho bạc Nhà nước tỉnh"),
        ("Công an tỉnh", "Công an tỉnh"),
        ("Ngân hàng Nhà nước chi nhánh tỉnh", "Ngân hàng Nhà nước chi nhánh tỉnh"),
        ("Cục Thống kê", "Cục Thống kê"),
    ],
)
def test_departments(g: Gazetteer, text: str, name: str) -> None:
    m = one(g, f"Năm 2022, {text} đứng đầu.")
    assert m.surface == text
    assert m.candidates == (Place(name, "sở", None),)
    assert m.unit == ("sở" if text.startswith("Sở") else None)
    assert g.lookup(text) == [Place(name, "sở", None)]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Bộ KH&ĐT", "Bộ Kế hoạch và Đầu tư"),
        ("Bộ Kế hoạch và Đầu tư", "Bộ Kế hoạch và Đầu tư"),
        ("Bộ TT&TT", "Bộ Thông tin và Truyền thông"),
        ("NHNN", "Ngân hàng Nhà nước Việt Nam"),
        ("Ngân hàng Nhà nước", "Ngân hàng Nhà nước Việt Nam"),
        ("Bộ LĐ-TB&XH", "Bộ Lao động - Thương binh và Xã hội"),
        ("Bộ NN&PTNT", "Bộ Nông nghiệp và Phát triển nông thôn"),
        ("Bộ GD&ĐT", "Bộ Giáo dục và Đào tạo"),
        ("Bộ TN&MT", "Bộ Tài nguyên và Môi trường"),
        ("Bộ VH-TT&DL", "Bộ Văn hóa, Thể thao và Du lịch"),
        ("Bộ GTVT", "Bộ Giao thông vận tải"),
        ("Bộ KH&CN", "Bộ Khoa học và Công nghệ"),
        ("Bộ Công Thương", "Bộ Công Thương"),
        ("Bộ Tài chính", "Bộ Tài chính"),
        ("Bộ Tư pháp", "Bộ Tư pháp"),
        ("Bộ Nội vụ", "Bộ Nội vụ"),
        ("Bộ Xây dựng", "Bộ Xây dựng"),
        ("Bộ Y tế", "Bộ Y tế"),
        ("Bộ Ngoại giao", "Bộ Ngoại giao"),
        ("Ủy ban Dân tộc", "Ủy ban Dân tộc"),
        ("Uỷ ban Dân tộc", "Ủy ban Dân tộc"),
        ("Thanh tra Chính phủ", "Thanh tra Chính phủ"),
        ("Văn phòng Chính phủ", "Văn phòng Chính phủ"),
        ("Bảo hiểm xã hội Việt Nam", "Bảo hiểm xã hội Việt Nam"),
    ],
)
def test_ministries(g: Gazetteer, text: str, name: str) -> None:
    m = one(g, f"PAR INDEX 2022: {text} xếp thứ 3/17.")
    assert m.surface == text
    assert m.candidates == (Place(name, "bộ", None),)
    assert m.unit == ("bộ" if text.startswith("Bộ") else None)
    assert g.lookup(text) == [Place(name, "bộ", None)]


def test_department_takes_the_province_written_after_it(g: Gazetteer) -> None:
    found = g.find("Sở Tư pháp tỉnh Quảng Ninh đứng đầu; Cục Thuế Bắc Giang thứ hai.")
    assert [(m.surface, m.candidates[0]) for m in found] == [
        ("Sở Tư pháp", Place("Sở Tư pháp", "sở", "Quảng Ninh")),
        ("tỉnh Quảng Ninh", Place("Quảng Ninh", "tỉnh", "Quảng Ninh")),
        ("Cục Thuế", Place("Cục Thuế", "sở", "Bắc Giang")),
        ("Bắc Giang", Place("Bắc Giang", "tỉnh", "Bắc Giang")),
    ]
    assert found[0].candidates[0].new_province == "Quảng Ninh"
    m = g.find("Văn phòng UBND tỉnh Lào Cai")[0]
    assert m.candidates == (Place("Văn phòng UBND tỉnh", "sở", "Lào Cai"),)
    # a provincial city's office is not a provincial department of that name's province
    found = g.find("Văn phòng UBND thành phố Thanh Hóa")
    assert [m.surface for m in found] == ["Văn phòng UBND thành phố", "Thanh Hóa"]
    assert found[0].candidates == (Place("Văn phòng UBND thành phố", "sở", None),)
    found = g.find("Công an TP Hà Nội")
    assert found[0].candidates == (Place("Công an thành phố", "sở", "Hà Nội"),)


def test_department_needing_a_province(g: Gazetteer) -> None:
    assert [m.candidates[0] for m in g.find("Công an Bắc Giang")][0] == Place(
        "Công an tỉnh", "sở", "Bắc Giang"
    )
    assert g.find("Công an Hà Nội")[0].candidates == (Place("Công an thành phố", "sở", "Hà Nội"),)
    # district police and bare "Công an" are not a department
    assert [m.candidates[0].type for m in g.find("Công an huyện Yên Thế")] == ["huyện"]
    assert g.find("Lãnh đạo Công an và Bảo hiểm xã hội.") == []


def test_state_bank_branch(g: Gazetteer) -> None:
    found = g.find("Ngân hàng Nhà nước Bắc Giang, NHNN chi nhánh tỉnh Lào Cai")
    assert found[0].candidates == (Place("Ngân hàng Nhà nước chi nhánh tỉnh", "sở", "Bắc Giang"),)
    assert found[2].candidates == (Place("Ngân hàng Nhà nước chi nhánh tỉnh", "sở", "Lào Cai"),)


def test_national_and_district_bodies_are_not_departments(g: Gazetteer) -> None:
    assert g.find("Tổng cục Thuế và Tổng cục Hải quan") == []
    assert names(g.find("Chi cục Thuế khu vực Tân Yên – Yên Thế")) == ["Tân Yên", "Yên Thế"]
    assert [m.candidates[0].type for m in g.find("Ủy ban Dân tộc và Ban Dân tộc")] == ["bộ", "sở"]
    assert [m.candidates[0].type for m in g.find("Thanh tra Chính phủ, Thanh tra tỉnh")] == [
        "bộ",
        "sở",
    ]


def test_words_that_look_like_units(g: Gazetteer) -> None:
    assert g.find("cơ sở Y tế, trụ sở Tư pháp, cán bộ Tư pháp, toàn bộ Nội vụ") == []
    assert g.find("Bộ phận một cửa, bộ máy, xã hội hóa, sở hữu, tỉnh táo") == []
    assert g.find("Đảng bộ Tư pháp") == []


# --- finding places -------------------------------------------------------------------------------


def test_find_unit_and_name(g: Gazetteer) -> None:
    text = (
        "UBND Huyện Yên thế, TP. Uông Bí, TP.HCM, thị xã Quảng Yên, xã Sặp Vạt, "
        "phường Hồng Hải, tỉnh Thanh Hóa, thành phố Thanh Hóa"
    )
    found = g.find(text)
    assert [(m.surface, m.unit) for m in found] == [
        ("Huyện Yên thế", "huyện"),
        ("TP. Uông Bí", "thành phố"),
        ("TP.HCM", "thành phố"),
        ("thị xã Quảng Yên", "thị xã"),
        ("xã Sặp Vạt", "xã"),
        ("phường Hồng Hải", "phường"),
        ("tỉnh Thanh Hóa", "tỉnh"),
        ("thành phố Thanh Hóa", "thành phố"),
    ]
    assert [m.candidates for m in found] == [
        (Place("Yên Thế", "huyện", "Bắc Giang"),),
        (Place("Uông Bí", "thành phố", "Quảng Ninh"),),
        (Place("Hồ Chí Minh", "thành phố", "Hồ Chí Minh"),),
        (Place("Quảng Yên", "thị xã", "Quảng Ninh"),),
        (Place("Sặp Vạt", "xã", "Sơn La", "Yên Châu"),),
        (Place("Hồng Hải", "phường", "Quảng Ninh", "Hạ Long"),),
        (Place("Thanh Hóa", "tỉnh", "Thanh Hóa"),),
        (Place("Thanh Hóa", "thành phố", "Thanh Hóa"),),
    ]
    for m in found:
        assert text[m.start : m.end] == m.surface


@pytest.mark.parametrize(
    "text",
    [
        "TP Uông Bí",
        "Tp. Uông Bí",
        "T.P Uông Bí",
        "TP.Uông Bí",
        "thành phố Uông Bí",
        "Thành phố Uông Bí",
        "THÀNH PHỐ UÔNG BÍ",
    ],
)
def test_city_unit_forms(g: Gazetteer, text: str) -> None:
    m = one(g, text)
    assert m.surface == text and m.unit == "thành phố"
    assert m.candidates == (Place("Uông Bí", "thành phố", "Quảng Ninh"),)


@pytest.mark.parametrize(
    ("text", "unit", "name"),
    [
        ("TX. Quảng Yên", "thị xã", "Quảng Yên"),
        ("TX Quảng Yên", "thị xã", "Quảng Yên"),
        ("H. Yên Thế", "huyện", "Yên Thế"),
        ("Q. Bình Thạnh", "quận", "Bình Thạnh"),
        ("Quận 1", "quận", "1"),
        ("Q.3", "quận", "3"),
        ("P. Hồng Hải", "phường", "Hồng Hải"),
        ("TT. Bố Hạ", "thị trấn", "Bố Hạ"),
        ("thị trấn Bố Hạ", "thị trấn", "Bố Hạ"),
    ],
)
def test_abbreviated_units(g: Gazetteer, text: str, unit: str, name: str) -> None:
    m = one(g, text)
    assert (m.surface, m.unit, m.candidates[0].name) == (text, unit, name)


def test_miscapitalized_name_after_unit(g: Gazetteer) -> None:
    assert one(g, "Huyện hải Hà đã tích cực").candidates == (
        Place("Hải Hà", "huyện", "Quảng Ninh"),
    )
    assert one(g, "UBND Huyện Yên thế").surface == "Huyện Yên thế"
    # a wholly lowercase name is not taken, nor a lowercase commune name
    assert g.find("thành phố hòa bình, xã hội, xã đồng tiến") == []


def test_bare_names(g: Gazetteer) -> None:
    found = g.find("Yên Châu, Hải Hà và Quảng Ninh đều tăng hạng")
    assert [(m.surface, m.unit) for m in found] == [
        ("Yên Châu", None),
        ("Hải Hà", None),
        ("Quảng Ninh", None),
    ]
    assert found[0].candidates == (Place("Yên Châu", "huyện", "Sơn La"),)
    assert found[2].candidates == (
        Place("Quảng Ninh", "tỉnh", "Quảng Ninh"),
        Place("Quảng Ninh", "huyện", "Quảng Bình"),
    )


def test_bare_province_and_city(g: Gazetteer) -> None:
    assert one(g, "Thanh Hóa xếp thứ 10").candidates == (
        Place("Thanh Hóa", "tỉnh", "Thanh Hóa"),
        Place("Thanh Hóa", "thành phố", "Thanh Hóa"),
    )
    assert one(g, "Hòa Bình xếp thứ 10").candidates == (
        Place("Hòa Bình", "tỉnh", "Hòa Bình"),
        Place("Hòa Bình", "thành phố", "Hòa Bình"),
        Place("Hòa Bình", "huyện", "Bạc Liêu"),
    )
    assert one(g, "Hà Nội dẫn đầu").candidates == (Place("Hà Nội", "thành phố", "Hà Nội"),)
    huế = one(g, "TP. Huế").candidates
    assert huế[0] == Place("Thừa Thiên Huế", "tỉnh", "Thừa Thiên Huế")
    assert huế[1] == Place("Huế", "thành phố", "Thừa Thiên Huế")


def test_bare_namesakes(g: Gazetteer) -> None:
    m = one(g, "Châu Thành đạt 85 điểm")
    assert len(m.candidates) == 10 and all(p.type == "huyện" for p in m.candidates)
    assert {p.province for p in one(g, "Phong Điền tăng 3 bậc").candidates} == {
        "Cần Thơ",
        "Thừa Thiên Huế",
    }
    assert len(one(g, "Tân Phú").candidates) == 2


def test_no_bare_communes(g: Gazetteer) -> None:
    assert g.lookup("Sặp Vạt", type="xã")
    assert g.find("Sặp Vạt và Chiềng Sàng tăng điểm") == []


def test_word_boundaries(g: Gazetteer) -> None:
    assert g.find("Hải Hàng") == []
    assert g.find("tỉnh Hà Nam Ninh cũ, Hà Nam Ninh") == []
    assert names(g.find("Hà Nam và Ninh Bình")) == ["Hà Nam", "Ninh Bình"]
    assert g.find("XHải Hà") == []
    assert names(g.find("(Hải Hà)")) == ["Hải Hà"]
    assert names(g.find("Điện Biên Phủ")) == ["Điện Biên Phủ"]
    assert [p.type for p in one(g, "Điện Biên").candidates] == ["tỉnh", "huyện"]


def test_ordinary_words_and_person_names(g: Gazetteer) -> None:
    # capitalized like names, lowercase like words
    assert g.find("gìn giữ hòa bình và thống nhất") == []
    assert g.find("Ông Nguyễn Thanh Bình, bà Lê Thị Hải Hà, ông Thanh Bình") == []
    assert g.find("đường Hải Hà, Trường THPT Yên Thế") == []
    # names that need their unit word
    assert g.find("Tư tưởng Hồ Chí Minh, Đoàn TNCS Hồ Chí Minh") == []
    assert g.find("phố Hai Bà Trưng, Dinh Thống Nhất, Bình Minh, Duyên hải miền Trung") == []
    assert g.find("anh Vinh") == []
    assert names(g.find("quận Hai Bà Trưng, huyện Thống Nhất, TP Vinh, thị xã Bình Minh")) == [
        "Hai Bà Trưng",
        "Thống Nhất",
        "Vinh",
        "Bình Minh",
    ]
    # a cooperative is not a commune
    assert all(m.unit != "xã" for m in g.find("hợp tác xã Tân Tiến"))


def test_list_carries_the_unit(g: Gazetteer) -> None:
    found = g.find("Các huyện Yên Thế, Tân Yên và Lạng Giang xếp cuối.")
    assert [(m.surface, m.unit, m.candidates) for m in found] == [
        ("huyện Yên Thế", "huyện", (Place("Yên Thế", "huyện", "Bắc Giang"),)),
        ("Tân Yên", "huyện", (Place("Tân Yên", "huyện", "Bắc Giang"),)),
        ("Lạng Giang", "huyện", (Place("Lạng Giang", "huyện", "Bắc Giang"),)),
    ]
    found = g.find("các xã Sặp Vạt, Chiềng Sàng; các sở: Tư pháp, Nội vụ và Y tế")
    assert [(m.surface, m.unit) for m in found] == [
        ("xã Sặp Vạt", "xã"),
        ("Chiềng Sàng", "xã"),
        ("sở: Tư pháp", "sở"),
        ("Nội vụ", "sở"),
        ("Y tế", "sở"),
    ]
    assert names(found)[2:] == ["Sở Tư pháp", "Sở Nội vụ", "Sở Y tế"]


def test_list_stops_at_a_province(g: Gazetteer) -> None:
    found = g.find("huyện Yên Thế, Bắc Giang")
    assert [(m.surface, m.unit) for m in found] == [("huyện Yên Thế", "huyện"), ("Bắc Giang", None)]
    assert found[1].candidates[0] == Place("Bắc Giang", "tỉnh", "Bắc Giang")


def test_old_unit_word_for_changed_type(g: Gazetteer) -> None:
    m = one(g, "huyện Việt Yên năm 2020")
    assert m.unit == "huyện"
    assert m.candidates == (Place("Việt Yên", "thị xã", "Bắc Giang"),)
    assert one(g, "huyện Yên Dũng").candidates[0].ended == 2025


def test_offsets_survive_unnormalized_and_odd_text(g: Gazetteer) -> None:
    text = "İ: Hoà Bình và huyện\u00a0Yên Thế, Ia H’Drai"  # İ lowercases to two characters
    found = g.find(text)
    assert [m.surface for m in found] == ["Hoà Bình", "huyện\u00a0Yên Thế", "Ia H’Drai"]
    assert found[0].candidates[0].name == "Hòa Bình"
    assert found[2].candidates == (Place("Ia H'Drai", "huyện", "Kon Tum"),)
    for m in found:
        assert text[m.start : m.end] == m.surface


def test_find_is_empty_on_nothing(g: Gazetteer) -> None:
    assert g.find("") == []
    assert g.find("Năm 2022, chỉ số đạt 89,64 điểm, xếp thứ 10/13.") == []


# --- the seed articles -------------------------------------------------------------------------------


def _seed_files() -> tuple[Path, Path] | None:
    for articles, gold in (
        (
            REPO / "corpora" / "samples" / "articles.jsonl",
            REPO / "corpora" / "gold" / "samples.gold.jsonl",
        ),
        (
            REPO.parent / "shared" / "seeds" / "articles.jsonl",
            REPO.parent / "shared" / "seeds" / "gold.jsonl",
        ),
    ):
        if articles.exists() and gold.exists():
            return articles, gold
    return None


def test_seed_localities(g: Gazetteer) -> None:
    files = _seed_files()
    if files is None:
        pytest.skip("seed articles not available")
    articles = {
        a["id"]: normalize(a["text"])
        for a in map(json.loads, files[0].read_text(encoding="utf-8").splitlines())
        if a
    }
    gold = [json.loads(line) for line in files[1].read_text(encoding="utf-8").splitlines() if line]
    wanted = {(c["doc"], c["locality"], c["locality_type"], c["province"]) for c in gold}
    assert {(w[1], w[3]) for w in wanted} >= {
        ("Yên Thế", "Bắc Giang"),
        ("Hải Hà", "Quảng Ninh"),
        ("Yên Châu", "Sơn La"),
        ("Bắc Giang", "Bắc Giang"),
    }
    for doc, locality, ltype, province in wanted:
        found = g.find(articles[doc])
        assert any(
            m.candidates[0].name == locality
            and m.candidates[0].province == province
            and ltype in (m.unit, m.candidates[0].type)
            for m in found
        ), (doc, locality)
        # every place the text names in that article's province is of that province
        for m in found:
            if m.unit in ("huyện", "tỉnh") and m.candidates[0].level != "ward":
                assert any(p.province == province for p in m.candidates), (doc, m.surface)


# --- speed -------------------------------------------------------------------------------------------


def test_find_speed(g: Gazetteer) -> None:
    files = _seed_files()
    if files is None:
        pytest.skip("seed articles not available")
    text = " ".join(
        normalize(json.loads(line)["text"]).replace("\n", " ")
        for line in files[0].read_text(encoding="utf-8").splitlines()
        if line
    )
    chunks = [text[i : i + 300] for i in range(0, len(text) - 300, 300)]
    g.find(chunks[0])
    t = time.perf_counter()
    for _ in range(3):
        for c in chunks:
            g.find(c)
    per = (time.perf_counter() - t) / (3 * len(chunks))
    assert per < 250e-6, f"{per * 1e6:.0f} µs per 300 characters"  # ~20 µs on a dev machine
