"""The panel locality × index × year (compare.trends)."""

from __future__ import annotations

import pandas as pd
import pytest

from chiso.store import Store
from compare.records import claims_frame
from compare.trends import build_panel, filter_panel, index_code, panel_from_store


@pytest.fixture(scope="module")
def panel(store_path) -> pd.DataFrame:
    with Store(store_path, read_only=True) as store:
        return panel_from_store(store, by_new_province=True)


def _row(panel: pd.DataFrame, index: str, locality: str, year: int) -> dict:
    rows = panel[(panel["index"] == index) & (panel["locality"] == locality) & (panel["year"] == year)]
    assert len(rows) == 1, rows
    return rows.iloc[0].to_dict()


def test_one_row_per_index_locality_year(panel):
    assert len(panel) == 13
    assert not panel.duplicated(["index", "locality", "locality_type", "province", "year"]).any()
    assert "target" not in set(panel["kind"])


def test_syndicated_copies_count_once(panel):
    quang_ninh = _row(panel, "PAR_INDEX", "Quảng Ninh", 2023)
    assert quang_ninh["n_articles"] == 2  # vietnamnet and its copy on baotintuc
    assert quang_ninh["n_sources"] == 1
    assert quang_ninh["urls"] == ["https://baotintuc.vn/par-2023", "https://vietnamnet.vn/par-2023"]
    hai_phong = _row(panel, "PAR_INDEX", "Hải Phòng", 2023)
    assert (hai_phong["n_articles"], hai_phong["n_sources"]) == (3, 2)


def test_disagreement_keeps_the_majority_and_is_flagged(panel):
    hai_phong = _row(panel, "PAR_INDEX", "Hải Phòng", 2023)
    assert hai_phong["score"] == 91.87  # two articles (one source) vs one; then the earlier source
    assert hai_phong["disputed"]
    assert hai_phong["score_from"] == "vnn-par-2023"
    assert not _row(panel, "PAR_INDEX", "Quảng Ninh", 2023)["disputed"]


def test_year_over_year_changes(panel):
    assert _row(panel, "PAR_INDEX", "Quảng Ninh", 2023)["score_change"] == pytest.approx(2.08)
    assert _row(panel, "PAR_INDEX", "Quảng Ninh", 2023)["rank_gain"] == 0
    assert _row(panel, "PAR_INDEX", "Quảng Ninh", 2022)["rank_gain"] == 1  # 2 → 1
    hai_ha = _row(panel, "DDCI", "Hải Hà", 2020)
    assert hai_ha["score_change"] == pytest.approx(-12.99)
    assert hai_ha["rank_gain"] == -2  # 10 → 12 of 13
    assert pd.isna(_row(panel, "DDCI", "Hải Hà", 2019)["score_change"])


def test_exact_rank_beats_a_block_statement(panel):
    # baochinhphu: "Bình Thuận và Sóc Trăng xếp cuối bảng" (both 63); VNA: Sóc Trăng 62/63
    assert _row(panel, "PAR_INDEX", "Sóc Trăng", 2023)["rank"] == 62


def test_new_province_is_an_added_column(panel):
    assert list(panel.columns[:5]) == ["index", "locality", "locality_type", "province", "new_province"]
    assert _row(panel, "PAR_INDEX", "Bình Thuận", 2023)["new_province"] == "Lâm Đồng"
    kien_giang = _row(panel, "PAPI", "Kiên Giang", 2023)
    assert (kien_giang["locality"], kien_giang["province"], kien_giang["new_province"]) == (
        "Kiên Giang", "Kiên Giang", "An Giang")
    assert _row(panel, "DDCI", "Hải Hà", 2020)["new_province"] == "Quảng Ninh"


def test_filters(panel):
    assert set(filter_panel(panel, localities=["hải phòng"])["locality"]) == {"Hải Phòng"}
    assert set(filter_panel(panel, provinces=["Quảng Ninh"])["locality"]) == {"Quảng Ninh", "Hải Hà"}
    assert set(filter_panel(panel, provinces=["Lâm Đồng"])["locality"]) == {"Bình Thuận"}
    assert set(filter_panel(panel, indices=["par index"])["index"]) == {"PAR_INDEX"}
    years = filter_panel(panel, year_from=2021, year_to=2022)["year"]
    assert set(years) == {2021, 2022}
    both = filter_panel(panel, localities=["Hải Phòng"], year_from=2023)
    assert len(both) == 1 and both["score_change"].iloc[0] == pytest.approx(1.78)  # kept from 2022
    assert filter_panel(panel, localities=["Nowhere"]).empty


def test_index_code():
    assert index_code("par index") == index_code("PAR-INDEX") == "PAR_INDEX"


def test_changes_need_consecutive_years_and_one_scale(make_claim):
    claims = [
        make_claim("a", index="ICT_INDEX", locality="Hải Hà", locality_type="huyện",
                   province="Quảng Ninh", year=2020, score=133.28, unit="điểm", score_max=170,
                   evidence="133,28/170 điểm"),
        make_claim("b", index="ICT_INDEX", locality="Hải Hà", locality_type="huyện",
                   province="Quảng Ninh", year=2021, score=80.5, unit="điểm", score_max=100,
                   evidence="80,5/100 điểm"),
        make_claim("c", locality="Lai Châu", year=2019, score=80.0, unit="%", evidence="80%"),
        make_claim("c", locality="Lai Châu", year=2021, score=82.0, unit="%", evidence="82%"),
        make_claim("d", locality="Lai Châu", year=2022, rank=40, kind="target", evidence="phấn đấu"),
    ]
    panel = build_panel(claims_frame(claims))
    assert panel["score_change"].isna().all()  # other scale; a gap year
    assert len(panel) == 4  # the target is not a figure


def test_same_name_in_two_provinces_stays_two_series(make_claim):
    claims = [
        make_claim("a", index="DDCI", locality="Châu Thành", locality_type="huyện", province="Long An",
                   year=2021, rank=3, total=15),
        make_claim("b", index="DDCI", locality="Châu Thành", locality_type="huyện", province="Tiền Giang",
                   year=2022, rank=9, total=11),
    ]
    panel = build_panel(claims_frame(claims))
    assert len(panel) == 2 and panel["rank_gain"].isna().all()


def test_empty_claims():
    panel = build_panel(claims_frame([]), by_new_province=True)
    assert panel.empty and "new_province" in panel.columns
