"""Conflicts between independent sources (compare.conflicts)."""

from __future__ import annotations

import json

from chiso.store import Store
from compare.conflicts import conflicts_frame, find_conflicts
from compare.records import claims_frame
from compare.syndication import store_groups


def _find(claims, groups=None):
    return find_conflicts(claims_frame(claims), groups)


def test_store_conflicts(store_path):
    with Store(store_path, read_only=True) as store:
        found = find_conflicts(store.claims_df(), store_groups(store))
    summary = {(c.type, c.field, c.index, c.year, c.locality) for c in found}
    assert summary == {
        ("contradicts", "score", "PAR_INDEX", 2023, "Hải Phòng"),  # 91,87 vs 91,81
        ("contradicts", "score", "PAR_INDEX", 2022, "Hải Phòng"),  # 90,09 vs derived 91,61
        ("contradicts", "bottom", "PAR_INDEX", 2023, ""),  # Bình Thuận vs An Giang last
    }
    hai_phong = next(c for c in found if c.locality == "Hải Phòng" and c.year == 2023)
    assert [(e.value, e.url) for e in hai_phong.evidences] == [
        ("91,87", "https://vietnamnet.vn/par-2023"),  # one evidence per source: not the copy too
        ("91,81", "https://en.doanhnghiephoinhap.vn/hp"),
    ]
    assert "91,81%" in hai_phong.evidences[1].evidence
    bottom = next(c for c in found if c.field == "bottom")
    assert {e.locality for e in bottom.evidences} == {"Bình Thuận", "Sóc Trăng", "An Giang"}
    assert "baochinhphu.vn: Bình Thuận, Sóc Trăng" in bottom.summary
    json.dumps([c.to_dict() for c in found], ensure_ascii=False)
    frame = conflicts_frame(found)
    assert len(frame) == sum(len(c.evidences) for c in found)


def test_copies_of_one_story_never_conflict(make_claim):
    claims = [make_claim("a", score=91.87, unit="%", evidence="91,87%"),
              make_claim("b", score=91.81, unit="%", evidence="91,81%")]
    assert len(_find(claims)) == 1
    assert _find(claims, {"a": "g", "b": "g"}) == []


def test_precision_and_scale_are_not_conflicts(make_claim):
    a = make_claim("a", score=86.5, unit="%", evidence="86,5%")
    b = make_claim("b", score=86.5, unit="%", evidence="86,50%")
    c = make_claim("c", score=86.52, unit="%", evidence="86,52%")
    assert _find([a, b]) == [] and _find([a, c]) == []  # 86,5 cannot tell them apart
    assert [x.field for x in _find([b, c])] == ["score"]  # two decimals each: they differ
    percent_and_points = make_claim("d", score=86.5, unit="điểm", evidence="86,5 điểm")
    assert _find([a, percent_and_points]) == []  # one scale for PAR INDEX
    ict = [make_claim("a", index="ICT_INDEX", locality="Hải Hà", locality_type="huyện",
                      province="Quảng Ninh", score=133.28, unit="điểm", score_max=170),
           make_claim("b", index="ICT_INDEX", locality="Hải Hà", locality_type="huyện",
                      province="Quảng Ninh", score=78.4, unit="điểm", score_max=100)]
    assert _find(ict) == []


def test_different_ranks_and_totals_contradict(make_claim):
    found = _find([make_claim("a", locality="Cà Mau", rank=32, total=63),
                   make_claim("b", locality="Cà Mau", rank=34, total=63),
                   make_claim("c", index="PAPI", locality="Kiên Giang", rank=44, total=63),
                   make_claim("d", index="PAPI", locality="Kiên Giang", rank=44, total=61)])
    assert {(c.field, c.locality) for c in found} == {("rank", "Cà Mau"), ("rank_total", "Kiên Giang")}
    assert all(c.type == "contradicts" for c in found)
    assert {e.value for c in found for e in c.evidences} == {"32/63", "34/63", "/63", "/61"}


def test_bottom_two_versus_bottom_three_is_incomplete(make_claim):
    block = [make_claim("a", index="SIPAS", locality=name, rank=63, total=63,
                        evidence="X và Y xếp cuối bảng") for name in ("Lai Châu", "Hà Giang")]
    exact = [make_claim("b", index="SIPAS", locality=name, rank=rank, total=63)
             for name, rank in (("Điện Biên", 61), ("Lai Châu", 62), ("Hà Giang", 63))]
    found = _find(block + exact)
    assert [(c.type, c.field) for c in found] == [("incomplete", "bottom")]
    assert len(found[0].evidences) == 5
    # the block's ranks (63 for both) are not read as positions: no rank contradiction


def test_two_lists_of_different_length_that_disagree_contradict(make_claim):
    block = [make_claim("a", index="SIPAS", locality=name, rank=63, total=63)
             for name in ("Lai Châu", "Cao Bằng")]
    exact = [make_claim("b", index="SIPAS", locality=name, rank=rank, total=63)
             for name, rank in (("Cao Bằng", 61), ("Lai Châu", 62), ("Hà Giang", 63))]
    found = _find(block + exact)
    assert [(c.type, c.field) for c in found] == [("contradicts", "bottom")]


def test_top_lists(make_claim):
    a = [make_claim("a", locality="Quảng Ninh", rank=1), make_claim("a", locality="Hải Phòng", rank=2)]
    b = [make_claim("b", locality="Quảng Ninh", rank=1), make_claim("b", locality="Hải Phòng", rank=2),
         make_claim("b", locality="Hà Nội", rank=3)]
    assert [(c.type, c.field) for c in _find(a + b)] == [("incomplete", "top")]
    # one source naming only the leader is not a list: nothing to report
    assert _find(a[:1] + b) == []
    # two sources naming different leaders contradict
    c = [make_claim("c", locality="Hà Nội", rank=1)]
    assert [(x.type, x.field) for x in _find(a[:1] + c)] == [("contradicts", "top")]


def test_rankings_are_per_table(make_claim):
    # DDCI ranks districts within their province: two #1s in two provinces are no conflict
    claims = [make_claim("a", index="DDCI", locality="Hải Hà", locality_type="huyện",
                         province="Quảng Ninh", rank=1, total=13),
              make_claim("b", index="DDCI", locality="Yên Thế", locality_type="huyện",
                         province="Bắc Giang", rank=1, total=10),
              make_claim("c", index="DDCI", locality="Sở Tư pháp", locality_type="sở",
                         province="Quảng Ninh", rank=1, total=20)]
    assert _find(claims) == []


def test_targets_are_not_figures(make_claim):
    claims = [make_claim("a", locality="Bắc Giang", year=2020, rank=20, kind="target"),
              make_claim("b", locality="Bắc Giang", year=2020, rank=35)]
    assert _find(claims) == []


def test_empty():
    assert _find([]) == []
    assert conflicts_frame([]).empty
