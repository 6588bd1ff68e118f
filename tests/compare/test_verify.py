"""Verdicts against the official tables (compare.verify), on claims built by hand."""

from __future__ import annotations

import json

import pytest

from compare.verify import claim_figures, official_figures, verify_claim
from extract.claims import CLAIM_FIELDS


def test_matching_claim_carries_its_official_row(table, make_claim):
    claim = make_claim(locality="Quảng Ninh", score=92.18, unit="%", rank=1, total=63,
                       evidence="Quảng Ninh dẫn đầu với 92,18%, xếp thứ 1/63")
    v = verify_claim(claim, table)
    assert v.verdict == "matches" and not v.disputed
    assert v.checks == {"score": "matches", "rank": "matches", "rank_total": "matches"}
    assert v.official.source_url.startswith("https://dantoctongiao.vietnamnet.vn/")
    out = v.to_dict()
    assert set(CLAIM_FIELDS) <= out.keys()
    assert out["verdict"] == "matches"
    assert out["official"]["score_printed"] == "92.18" and out["official"]["rank_total"] == 63
    json.dumps(out)  # JSON-ready


@pytest.mark.parametrize(
    ("score", "evidence", "verdict"),
    [
        (90.1, "Quảng Ninh đạt 90,1%", "matches"),  # official 90.10, claim less precise
        (90.1, "Quảng Ninh đạt 90,10%", "matches"),
        (90.12, "Quảng Ninh đạt 90,12%", "contradicts"),  # two decimals each, different
        (90.0, "Quảng Ninh đạt 90%", "matches"),  # 90.10 prints as 90
        (90.6, "Quảng Ninh đạt 90,6%", "contradicts"),
    ],
)
def test_scores_compare_at_printed_precision(table, make_claim, score, evidence, verdict):
    claim = make_claim(locality="Quảng Ninh", year=2022, score=score, unit="%", evidence=evidence)
    assert verify_claim(claim, table).verdict == verdict


def test_diem_is_the_same_value_for_par_index(table, make_claim):
    claim = make_claim(locality="Quảng Ninh", year=2022, score=90.1, unit="điểm",
                       evidence="đạt 90,10 điểm")
    assert verify_claim(claim, table).verdict == "matches"


def test_contradiction_shows_official_value_and_source(table, make_claim):
    claim = make_claim(index="PCI", locality="Quảng Ninh", year=2020, score=75.9, unit="điểm",
                       rank=1, total=63, evidence="Quảng Ninh đạt 75,9 điểm, dẫn đầu")
    v = verify_claim(claim, table)
    assert v.verdict == "contradicts"
    assert v.checks == {"score": "contradicts", "rank": "matches", "rank_total": "matches"}
    assert "score: stated 75,9, official 75,09" in v.reason
    assert official_figures(v.official) == "75,09 · 1/63"
    assert v.official.source_url.startswith("https://pcivietnam.vn/")


def test_papi_rank_total_is_61_in_2023(table, make_claim):
    claim = make_claim(index="PAPI", locality="Kiên Giang", rank=44, total=63,
                       evidence="Kiên Giang xếp thứ 44/63")
    v = verify_claim(claim, table)
    assert v.verdict == "contradicts"
    assert v.checks == {"rank": "matches", "rank_total": "contradicts"}
    assert "rank_total: stated 63, official 61" in v.reason
    ok = make_claim(index="PAPI", locality="Kiên Giang", rank=44, total=61, evidence="44/61")
    assert verify_claim(ok, table).verdict == "matches"


def test_disputed_rows_judge_against_the_agreeing_row(table, make_claim):
    for score, printed in ((91.87, "91,87"), (91.81, "91,81")):
        claim = make_claim(score=score, unit="%", rank=2, total=63, evidence=f"đạt {printed}%")
        v = verify_claim(claim, table)
        assert (v.verdict, v.disputed) == ("matches", True)
        assert float(v.official.score) == score
        assert len(v.alternatives) == 1
    wrong = verify_claim(make_claim(score=91.5, unit="%", evidence="91,5%"), table)
    assert (wrong.verdict, wrong.disputed) == ("contradicts", True)
    assert float(wrong.official.score) == 91.87  # the corroborated, unflagged row
    assert "also 91,81 · 2/63" in wrong.reason


def test_disputed_rank(table, make_claim):
    for rank in (32, 34):
        v = verify_claim(make_claim(locality="Cà Mau", rank=rank, total=63), table)
        assert (v.verdict, v.disputed, v.official.rank) == ("matches", True, rank)
    assert verify_claim(make_claim(locality="Cà Mau", rank=33), table).verdict == "contradicts"


def test_rounding_versus_truncation_rows(table, make_claim):
    rounded = make_claim(index="PAPI", locality="Thái Nguyên", score=45.79, unit="điểm",
                         evidence="45,79 điểm")
    truncated = make_claim(index="PAPI", locality="Thái Nguyên", score=45.78, unit="điểm",
                           evidence="45,78 điểm")
    for claim, official in ((rounded, "45.7875"), (truncated, "45.78")):
        v = verify_claim(claim, table)
        assert (v.verdict, v.disputed) == ("matches", True)
        assert str(v.official.score) == official


def test_conflict_note_without_numbers_is_disputed(table, make_claim):
    v = verify_claim(make_claim(index="PAPI", locality="Quảng Ninh", year=2019, score=44.66,
                                unit="điểm", rank=3, total=63, evidence="44,66 điểm"), table)
    assert (v.verdict, v.disputed) == ("matches", True)


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"index": "DDCI", "locality": "Yên Thế", "locality_type": "huyện", "province": "Bắc Giang",
          "score": 52.08, "unit": "điểm", "rank": 8, "total": 10}, "no official table for DDCI"),
        ({"locality": "Hải Hà", "locality_type": "huyện", "province": "Quảng Ninh", "year": 2020,
          "score": 89.64, "unit": "điểm", "rank": 10, "total": 13}, "not a huyện"),
        ({"locality": "Sở Tư pháp", "locality_type": "sở", "province": "Quảng Ninh", "rank": 1},
         "not a sở"),
        ({"locality": "Bắc Giang", "year": 2020, "rank": 20, "kind": "target"}, "a target"),
        ({"locality": "Lai Châu", "year": 2023, "rank": 30, "total": 63}, "no official row"),
        ({"index": "PCI", "locality": "Quảng Ninh", "year": 2020, "score": 75.09, "unit": "%",
          "evidence": "75,09%"}, "not on the table's points_of_100 scale"),
        ({"index": "PAPI", "locality": "Quảng Ninh", "year": 2020, "score": 48.811, "unit": "điểm",
          "score_max": 100, "evidence": "48,811/100"}, "not on the table's points_of_80 scale"),
    ],
)
def test_unverifiable(table, make_claim, kwargs, reason):
    v = verify_claim(make_claim(**kwargs), table)
    assert v.verdict == "unverifiable"
    assert reason in v.reason


def test_row_without_the_figure_leaves_it_unverifiable(table, make_claim):
    # PAR INDEX 2020: ranks only. The rank matches, the score cannot be checked.
    v = verify_claim(make_claim(locality="Quảng Ninh", year=2020, score=88.0, unit="%", rank=1,
                                total=63, evidence="88%"), table)
    assert v.verdict == "unverifiable"
    assert v.checks == {"score": "unverifiable", "rank": "matches", "rank_total": "matches"}
    assert "score: the official row has none" in v.reason


def test_never_across_indices(table, make_claim):
    # Bắc Ninh PCI 2020 is 66.74 (rank 10); a PAR INDEX claim with those figures is not checked
    # against PCI, and there is no PAR INDEX 2020 row for Bắc Ninh.
    v = verify_claim(make_claim(locality="Bắc Ninh", year=2020, score=66.74, unit="%", rank=10,
                                evidence="66,74%"), table)
    assert v.verdict == "unverifiable" and v.official is None


def test_central_city_and_ministry_levels(table, make_claim):
    hanoi = make_claim(locality="Hà Nội", locality_type="thành phố", score=91.43, unit="%",
                       rank=3, total=63, evidence="91,43%")
    assert verify_claim(hanoi, table).verdict == "matches"
    city = make_claim(locality="Thanh Hóa", locality_type="thành phố", province="Thanh Hóa",
                      rank=1, total=25)  # the provincial city, not the province
    v = verify_claim(city, table)
    assert v.verdict == "unverifiable" and "not a thành phố" in v.reason
    ministry = make_claim(locality="Ngân hàng Nhà nước Việt Nam", locality_type="bộ",
                          province=None, year=2019, rank=1, total=17)
    assert verify_claim(ministry, table).verdict == "matches"


def test_derived_claims_are_checked_and_labelled(table, make_claim):
    v = verify_claim(make_claim(locality="Hải Phòng", year=2022, score=91.61, unit="%",
                                kind="derived", evidence="91,81%, tăng 0,2 điểm"), table)
    assert v.verdict == "contradicts"
    assert "derived from a stated change" in v.reason


def test_figures_read_like_the_press(make_claim):
    c = make_claim(index="ICT_INDEX", locality="Hải Hà", score=133.28, unit="điểm", score_max=170,
                   rank=3, total=13, evidence="133,28/170 điểm")
    assert claim_figures(c) == "133,28/170 điểm · 3/13"
    assert claim_figures(make_claim(score=86.5, unit="%", evidence="86,50%")) == "86,50%"
