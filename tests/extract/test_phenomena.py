"""One test per phenomenon of issue 3, on short texts written for the test.

Each asserts the exact claims (index, locality, type, year, kind, figures) that
DESIGN.md's rules give, so a regression in any stage shows up by name.
"""

from __future__ import annotations

import unicodedata

import pytest

from extract.articles import Article
from extract.pipeline import extract_claims


def claims(text: str, *, title: str = "", published: str | None = None) -> set[tuple]:
    article = Article(id="t", text=text, title=title, published=published)
    return {
        (c.index, c.locality, c.locality_type, c.province, c.year, c.kind, c.score, c.score_unit,
         c.score_max, c.rank, c.rank_total)
        for c in extract_claims(article)
    }


def one(text: str, **kw) -> tuple:
    got = claims(text, **kw)
    assert len(got) == 1, got
    return next(iter(got))


# -- numbers ---------------------------------------------------------------

def test_decimal_comma_score_and_rank_with_total():
    assert one("Năm 2022, Chỉ số CCHC của tỉnh Bắc Ninh đạt 89,64%, xếp thứ 10/63 tỉnh, thành phố.") == (
        "PAR_INDEX", "Bắc Ninh", "tỉnh", "Bắc Ninh", 2022, "result", 89.64, "%", None, 10, 63)


def test_dot_decimal_site():
    got = one("Năm 2021, Chỉ số PCI của tỉnh Long An đạt 70.37 điểm, xếp thứ 3/63.")
    assert got[6:11] == (70.37, "điểm", None, 3, 63)


def test_score_with_maximum():
    got = one("Năm 2020, chỉ số ICT của huyện Hải Hà (Quảng Ninh) đạt 133,28/170 điểm, xếp thứ 3/13.")
    assert got[6:11] == (133.28, "điểm", 170.0, 3, 13)


def test_thousands_dot_is_not_a_score():
    text = "Năm 2023, Chỉ số CCHC của tỉnh Nam Định đạt 88,12%; tỉnh đã giải quyết 13.218 hồ sơ đúng hạn."
    assert {c[6] for c in claims(text)} == {88.12}


@pytest.mark.parametrize(
    ("phrase", "rank"),
    [("xếp thứ ba", 3), ("đứng thứ nhì", 2), ("xếp hạng nhất", 1), ("đứng đầu", 1), ("dẫn đầu", 1),
     ("giành ngôi quán quân", 1), ("là á quân", 2), ("xếp thứ mười", 10)],
)
def test_ranks_in_words(phrase, rank):
    got = one(f"Chỉ số SIPAS năm 2022 của tỉnh Thái Bình {phrase} trong 63 tỉnh, thành phố.")
    assert (got[0], got[9], got[10]) == ("SIPAS", rank, 63)


def test_last_place_takes_the_stated_total():
    got = one("Năm 2023, tỉnh Cao Bằng xếp cuối bảng 63 tỉnh, thành phố về Chỉ số PII.")
    assert (got[0], got[1], got[9], got[10]) == ("PII", "Cao Bằng", 63, 63)


# -- changes: derived claims ----------------------------------------------

def test_derived_from_score_and_rank_changes():
    got = claims("Năm 2022, Chỉ số DDCI của huyện Yên Dũng (Bắc Giang) đạt 70,15 điểm, xếp thứ 4/10, "
                 "tăng 5,05 điểm và tăng 3 bậc so với năm 2021.")
    assert ("DDCI", "Yên Dũng", "huyện", "Bắc Giang", 2021, "derived", 65.1, "điểm", None, 7, 10) in got
    assert ("DDCI", "Yên Dũng", "huyện", "Bắc Giang", 2022, "result", 70.15, "điểm", None, 4, 10) in got


def test_drop_in_rank_and_percentage_points():
    got = claims("Chỉ số SIPAS năm 2020 của thị xã Quảng Yên đạt 93,12%, xếp hạng 10/13 "
                 "(giảm 0,5%, tụt 3 hạng so với năm 2019).")
    assert ("SIPAS", "Quảng Yên", "thị xã", "Quảng Ninh", 2019, "derived", 93.62, "%", None, 7, 13) in got


def test_unchanged_rank_is_a_change_of_zero():
    got = claims("Năm 2023, Chỉ số CCHC của tỉnh Bắc Giang đạt 91,16%, xếp thứ 4/63, giữ nguyên vị trí so với năm 2022.")
    assert ("PAR_INDEX", "Bắc Giang", "tỉnh", "Bắc Giang", 2022, "derived", None, None, None, 4, 63) in got


def test_approximate_change_derives_nothing():
    got = claims("Năm 2022, Chỉ số DDCI của huyện Lục Nam đạt 60,15 điểm, tăng khoảng 2 điểm so với năm 2021.")
    assert {c[5] for c in got} == {"result"}


# -- kinds -------------------------------------------------------------------

def test_target_with_a_group_rank_and_a_score():
    got = claims("Năm 2024, tỉnh Hà Tĩnh phấn đấu Chỉ số CCHC đạt trên 90%, vào nhóm 15 tỉnh, thành phố dẫn đầu.")
    assert got == {("PAR_INDEX", "Hà Tĩnh", "tỉnh", "Hà Tĩnh", 2024, "target", 90.0, "%", None, 15, None)}


def test_target_without_a_number_is_no_claim():
    assert claims("Năm 2024, tỉnh Hà Tĩnh phấn đấu cải thiện mạnh Chỉ số CCHC và Chỉ số SIPAS.") == set()


# -- localities --------------------------------------------------------------

def test_short_forms_of_provinces():
    got = claims("PCI 2022: TP.HCM xếp thứ 27/63, BR-VT xếp thứ 4/63 và TT-Huế xếp thứ 6/63.")
    assert {c[1:4] for c in got} == {
        ("Hồ Chí Minh", "thành phố", "Hồ Chí Minh"),
        ("Bà Rịa - Vũng Tàu", "tỉnh", "Bà Rịa - Vũng Tàu"),
        ("Thừa Thiên Huế", "tỉnh", "Thừa Thiên Huế"),
    }


def test_department_and_ministry_abbreviations():
    got = claims("Kết quả Chỉ số CCHC năm 2022 của tỉnh Sơn La: Sở KH&ĐT đứng đầu với 91,2%.\n"
                 "Ở cấp bộ, Bộ TT&TT xếp thứ 5/17 và NHNN dẫn đầu khối bộ.")
    assert ("PAR_INDEX", "Sở Kế hoạch và Đầu tư", "sở", "Sơn La", 2022, "result", 91.2, "%", None, 1, None) in got
    assert ("PAR_INDEX", "Bộ Thông tin và Truyền thông", "bộ", None, 2022, "result", None, None, None, 5, 17) in got
    assert ("PAR_INDEX", "Ngân hàng Nhà nước Việt Nam", "bộ", None, 2022, "result", None, None, None, 1, None) in got


def test_city_and_province_namesakes():
    got = claims("Năm 2023, Chỉ số CCHC của tỉnh Thanh Hóa xếp thứ 25/63; thành phố Thanh Hóa dẫn đầu "
                 "khối huyện với 90,15%.")
    assert ("PAR_INDEX", "Thanh Hóa", "tỉnh", "Thanh Hóa", 2023, "result", None, None, None, 25, 63) in got
    assert ("PAR_INDEX", "Thanh Hóa", "thành phố", "Thanh Hóa", 2023, "result", 90.15, "%", None, 1, None) in got


def test_locality_carried_from_the_title():
    got = claims("Năm 2021, chỉ số CCHC của huyện đạt 86,74%, xếp thứ 6/10 huyện, thành phố.",
                 title="Lục Nam tập trung cải thiện chỉ số CCHC")
    assert got == {("PAR_INDEX", "Lục Nam", "huyện", "Bắc Giang", 2021, "result", 86.74, "%", None, 6, 10)}


def test_flattened_list_gives_ranks_and_the_block_total():
    text = ("Bảng xếp hạng Chỉ số CCHC năm 2023 của 63 tỉnh, thành phố, 3 địa phương dẫn đầu gồm:\n"
            "1. Quảng Ninh: 92,18%\n2. Hải Phòng: 91,87%\n3. Hà Nội: 91,43%")
    got = claims(text)
    assert {(c[1], c[6], c[9], c[10]) for c in got} == {
        ("Quảng Ninh", 92.18, 1, 63), ("Hải Phòng", 91.87, 2, 63), ("Hà Nội", 91.43, 3, 63)}


def test_pipe_table_rows():
    text = ("Kết quả Chỉ số DGI năm 2022 của 13 địa phương thuộc tỉnh Quảng Ninh:\n"
            "STT | Đơn vị | Điểm (%) | Xếp hạng\n1 | TP Móng Cái | 89,12 | 1\n2 | Huyện Tiên Yên | 85,27 | 2")
    got = claims(text)
    assert ("DGI", "Móng Cái", "thành phố", "Quảng Ninh", 2022, "result", 89.12, "%", None, 1, 13) in got
    assert ("DGI", "Tiên Yên", "huyện", "Quảng Ninh", 2022, "result", 85.27, "%", None, 2, 13) in got


def test_respectively_pairs_localities_and_figures():
    got = claims("Năm 2022, TP.HCM và Quảng Ninh lần lượt xếp thứ 2 và 3 về Chỉ số DTI với 0,7163 và 0,7024.")
    assert {(c[1], c[6], c[9]) for c in got} == {("Hồ Chí Minh", 0.7163, 2), ("Quảng Ninh", 0.7024, 3)}


# -- years -------------------------------------------------------------------

def test_assessment_year_not_publication_year():
    got = one("PCI 2022 được VCCI công bố tháng 4/2023: Quảng Ninh dẫn đầu với 72,95 điểm.")
    assert got[4] == 2022


def test_year_carried_within_a_paragraph():
    got = one("Năm 2021, tỉnh Kiên Giang được đánh giá cao về cải cách. Chỉ số SIPAS của tỉnh đạt 85,1%.")
    assert (got[0], got[4], got[6]) == ("SIPAS", 2021, 85.1)


def test_publication_date_gives_the_default_year():
    got = one("Chỉ số CCHC của tỉnh Lào Cai đạt 88,44%, xếp thứ 11/63.", published="2022-05-30")
    assert got[4] == 2021


def test_two_years_in_one_sentence():
    got = claims("Liên tiếp trong hai năm (2019 và 2020), huyện Yên Châu (Sơn La) đứng thứ 2 về chỉ số CCHC.")
    assert {(c[4], c[9]) for c in got} == {(2019, 2), (2020, 2)}


# -- what is not a claim -----------------------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        "Năm 2022, Chỉ số PCI của tỉnh An Giang đứng thứ 3 khu vực ĐBSCL.",  # regional rank
        "Năm 2022, chỉ số thành phần Chi phí không chính thức trong PCI của tỉnh An Giang đạt 7,2 điểm.",
        "Năm 2022, giá trị trung bình Chỉ số CCHC của cả nước đạt 86,37%.",  # average
        "Năm 2022, Chỉ số CCHC của tỉnh Bình Phước xếp loại Khá, thuộc nhóm 20 địa phương dẫn đầu.",
        "Năm 2022, tỷ lệ hồ sơ giải quyết đúng hạn của tỉnh Bình Phước đạt 99,87% theo Chỉ số CCHC.",
        "Chỉ số GII của Việt Nam năm 2022 xếp thứ 48/132.",  # another ranking
        "Tsitsipas xếp thứ 5 thế giới năm 2022; virus Papillomavirus gây bệnh.",
        "Công ty Pacific Consultants International (PCI) bị điều tra năm 2006, xếp thứ 2 Nhật Bản.",
        # seen in real news: survey shares, gaps, habits, sub-indices named after the figure
        "Điều tra PCI năm 2016 cho thấy có 45% DN đưa quà khi thanh tra ở Đà Nẵng.",
        "Khoảng cách giữa tỉnh cao nhất và thấp nhất về Chỉ số CCHC năm 2016 là 20,77%.",
        "Trong những năm qua, Đà Nẵng luôn dẫn đầu về chỉ số năng lực cạnh tranh cấp tỉnh.",
        "Năm 2016, Bộ Xây dựng xếp ở vị trí cuối cùng đạt Chỉ số thành phần 57,14% trong PAR INDEX.",
        "Hải Phòng là thành phố lớn thứ 3 cả nước, PCI năm 2016 có nhiều tiến bộ.",
        "Năm 2016, TP.HCM dẫn đầu thu ngân sách cả nước nhưng PCI chưa tương xứng.",
    ],
)
def test_not_claims(text):
    assert claims(text) == set()


# -- text hygiene --------------------------------------------------------------

def test_old_tone_placement_and_nfd_are_read():
    text = "Năm 2021, Chỉ số CCHC của tỉnh Khánh Hoà đạt 85,11%, xếp thứ 48/63."
    for variant in (text, unicodedata.normalize("NFD", text)):
        got = one(variant)
        assert got[1:3] == ("Khánh Hòa", "tỉnh")


def test_evidence_is_the_sentence_at_its_span():
    text = "Tin tức.\nNăm 2022, Chỉ số PAPI của tỉnh Ninh Thuận đạt 46,0002 điểm, xếp thứ 4/61.\nHết."
    (c,) = extract_claims(Article(id="t", text=text))
    assert text[c.span[0]:c.span[1]] == c.evidence
    assert c.evidence.startswith("Năm 2022, Chỉ số PAPI")


def test_units_the_gazetteer_does_not_know():
    got = claims("Kết quả Chỉ số CCHC năm 2022 của tỉnh Đắk Lắk: Ban Quản lý dự án đầu tư xây dựng tỉnh "
                 "đứng đầu với 90,5%; huyện Krông Pắk xếp thứ 2.")
    assert ("PAR_INDEX", "Ban Quản lý dự án đầu tư xây dựng tỉnh", "sở", "Đắk Lắk", 2022, "result",
            90.5, "%", None, 1, None) in got
    assert ("PAR_INDEX", "Krông Pắk", "huyện", "Đắk Lắk", 2022, "result", None, None, None, 2, None) in got


# -- seen first in heldout_e ---------------------------------------------------

def test_a_number_in_a_commune_name_is_not_its_score():
    got = claims("Chỉ số CCHC năm 2024 của các xã: trong 25 xã được đánh giá, xã Sơn Lâm dẫn đầu. "
                 "Xếp cuối bảng là xã Sơn Kim 1 với 71,05 điểm.")
    assert {(c[1], c[6], c[9], c[10]) for c in got} == {("Sơn Lâm", None, 1, 25), ("Sơn Kim 1", 71.05, 25, 25)}


def test_sizes_stated_for_all_indices_at_once():
    got = claims(
        "Tỉnh công bố PAR INDEX và SIPAS năm 2023.\n"
        "Năm 2023, các bộ chỉ số được đánh giá đối với 18 sở, ban, ngành và 12 địa phương.\n"
        "Về SIPAS 2023, huyện Hoành Bồ đứng cuối với 86,20%. Về PAR INDEX 2023, Sở Tài chính dẫn đầu với 91,30%."
    )
    assert ("SIPAS", 12) in {(c[0], c[9]) for c in got}
    assert ("PAR_INDEX", "Sở Tài chính", 1, 18) in {(c[0], c[1], c[9], c[10]) for c in got}


def test_in_a_centrally_run_city_thanh_pho_is_the_city():
    got = claims("Năm 2023, Chỉ số PCI của thành phố Hải Phòng xếp thứ 5/63; thành phố Thủy Nguyên dẫn đầu "
                 "DDCI khối huyện với 80,1 điểm.\nNăm 2023, DTI của thành phố xếp thứ 9.")
    assert ("DTI", "Hải Phòng", "thành phố", 9) in {(c[0], c[1], c[2], c[9]) for c in got}


def test_one_lead_said_for_two_indices():
    got = claims("Năm 2022, Đồng Tháp dẫn đầu cả nước về PCI với 72,1 điểm và PAPI với 45,3 điểm.")
    assert {(c[0], c[6], c[9]) for c in got} == {("PCI", 72.1, 1), ("PAPI", 45.3, 1)}


def test_rank_out_of_a_total_with_tong_so():
    assert one("Năm 2022, Chỉ số CCHC của tỉnh Bến Tre xếp thứ 12 trên tổng số 63 tỉnh, thành phố.")[9:] == (12, 63)


def test_held_rank_gives_this_year_and_the_year_it_is_compared_with():
    got = claims("Năm 2023, Chỉ số CCHC của tỉnh Tây Ninh đạt 88,20%, giữ vững vị trí thứ 9/63 như năm 2022.")
    assert {(c[4], c[5], c[9], c[10]) for c in got} == {(2023, "result", 9, 63), (2022, "derived", 9, 63)}


def test_a_total_glued_to_one_index_rank_is_that_index_only():
    got = claims("Năm 2023, Chỉ số CCHC của tỉnh Hậu Giang xếp thứ 20 trong 63 tỉnh, thành phố; SIPAS của tỉnh xếp thứ 15.")
    assert {(c[0], c[9], c[10]) for c in got} == {("PAR_INDEX", 20, 63), ("SIPAS", 15, None)}


def test_lead_of_a_block_named_after_the_block():
    got = claims("Chỉ số CCHC năm 2022 của tỉnh Phú Yên: huyện Tuy An xếp thứ 2/9. "
                 "Dẫn đầu khối sở, ban, ngành là Sở Tư pháp với 90,40 điểm.")
    assert ("Sở Tư pháp", 90.4, 1) in {(c[1], c[6], c[9]) for c in got}
    assert all(c[1] != "Phú Yên" for c in got)


@pytest.mark.parametrize(
    "text",
    [
        "Năm nay VCCI chỉ công bố PCI 2024 của 30 tỉnh, thành phố có điểm số cao nhất, trong đó có Bình Phước.",
        'Năm 2024, PCI của tỉnh Kon Tum có nhiều chuyển biến; tỉnh xếp thứ 4 cả nước về "Tính minh bạch".',
    ],
)
def test_group_and_quoted_sub_index_are_not_ranks(text):
    assert claims(text) == set()
