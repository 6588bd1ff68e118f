"""Fixtures for the comparison layer: Claim factories and a small, realistic store.

The store holds PAR INDEX, PAPI, PCI and DDCI figures for a few provinces over
2020-2023 (values from corpora/reference), a syndicated copy of one article,
two sources that disagree (Hải Phòng 91,81 vs 91,87), two end-of-table
listings, and one article whose title, text and URL carry script injections.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from chiso.store import Store
from extract.articles import Article
from extract.claims import Claim

REPO = Path(__file__).resolve().parents[2]
REFERENCE = REPO / "corpora" / "reference"

XSS_TITLE = '<script>window.__xss=1</script>PCI "><img src=x onerror="window.__xss=2">'
XSS_SENTENCE = 'Bắc Ninh đạt 66,74 điểm PCI 2020 "><img src=x onerror="window.__xss=3"><script>window.__xss=4</script>'


def claim(
    article_id: str = "a1",
    index: str = "PAR_INDEX",
    locality: str = "Hải Phòng",
    year: int = 2023,
    *,
    score: float | None = None,
    unit: str | None = None,
    rank: int | None = None,
    total: int | None = None,
    evidence: str = "",
    locality_type: str = "tỉnh",
    province: str | None = "",
    kind: str = "result",
    score_max: float | None = None,
    url: str | None = None,
) -> Claim:
    """A Claim with contract defaults: a province (its own province) unless told."""
    if province == "":
        province = locality
    return Claim(
        article_id=article_id,
        url=f"https://news.example.vn/{article_id}" if url is None else url,
        index=index,
        index_mention=index.replace("_", " "),
        locality=locality,
        locality_type=locality_type,
        province=province,
        year=year,
        score=score,
        score_unit=unit,
        score_max=score_max,
        rank=rank,
        rank_total=total,
        kind=kind,
        evidence=evidence,
        span=(0, len(evidence)),
    )


@pytest.fixture
def make_claim() -> Callable[..., Claim]:
    return claim


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    return REFERENCE


@pytest.fixture(scope="session")
def table():
    from compare.reference import load_reference

    return load_reference(REFERENCE)


# -- a small store ----------------------------------------------------------------------------

_PAR_2023 = (
    "Ngày 16/4, Ban Chỉ đạo cải cách hành chính của Chính phủ công bố Chỉ số cải cách hành chính "
    "năm 2023 của các bộ, cơ quan ngang bộ, Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung "
    "ương. Quảng Ninh tiếp tục dẫn đầu với 92,18%, xếp thứ 1/63. Hải Phòng đứng thứ hai với 91,87%. "
    "Ở cuối bảng, Sóc Trăng xếp thứ 62/63 và An Giang xếp cuối cùng, thứ 63/63, với 81,32%. "
    "Bộ trưởng Bộ Nội vụ đề nghị các địa phương tiếp tục đẩy mạnh chuyển đổi số, nâng cao chất "
    "lượng phục vụ người dân và doanh nghiệp, khắc phục những hạn chế đã được chỉ ra trong báo cáo, "
    "đồng thời công khai kết quả để người dân giám sát việc thực hiện nhiệm vụ cải cách hành chính."
)


def _articles() -> list[Article]:
    return [
        Article("vnn-par-2023", _PAR_2023, url="https://vietnamnet.vn/par-2023",
                source="vietnamnet.vn", title="Quảng Ninh dẫn đầu PAR INDEX 2023", published="2024-04-16"),
        Article("btt-par-2023", "Theo TTXVN. " + _PAR_2023 + " Nguồn: Báo Tin tức.",
                url="https://baotintuc.vn/par-2023", source="baotintuc.vn",
                title="Công bố PAR INDEX 2023", published="2024-04-17"),
        Article("dnhn-hp-2023", "Hải Phòng xếp thứ 2/63 về PAR INDEX 2023 với 91,81%, tăng 0,2 điểm.",
                url="https://en.doanhnghiephoinhap.vn/hp", source="doanhnghiephoinhap.vn",
                title="Hải Phòng xếp thứ hai", published="2024-04-18"),
        Article("bcp-bottom-2023", "Bình Thuận và Sóc Trăng xếp cuối bảng PAR INDEX 2023.",
                url="https://en.baochinhphu.vn/par", source="baochinhphu.vn",
                title="PAR INDEX 2023", published="2024-04-17"),
        Article("bhp-2022", "Năm 2022, Hải Phòng đạt 90,09%, xếp thứ 2/63. Năm 2021 Hải Phòng đạt 91,80%, dẫn đầu cả nước.",
                url="https://baohaiphong.vn/2022", source="baohaiphong.vn",
                title="Hải Phòng giữ vững vị trí", published="2023-05-01"),
        Article("bqn-2022", "PAR INDEX 2022 của Quảng Ninh đạt 90,10%, đứng đầu cả nước; năm 2021 xếp thứ 2/63 với 91,14%.",
                url="https://baoquangninh.vn/2022", source="baoquangninh.vn",
                title="Quảng Ninh dẫn đầu", published="2023-05-02"),
        Article("qlnn-papi", "Chỉ số PAPI 2023 của Kiên Giang xếp thứ 44/63 với 40,98 điểm.",
                url="https://www.quanlynhanuoc.vn/papi", source="quanlynhanuoc.vn",
                title="PAPI Kiên Giang", published="2024-05-21"),
        Article("hh-ddci", "Năm 2020, DDCI huyện Hải Hà đạt 45,74 điểm, xếp thứ 12/13; năm 2019 đạt 58,73 điểm, thứ 10/13.",
                url="https://haiha.quangninh.gov.vn/ddci", source="haiha.quangninh.gov.vn",
                title="Hải Hà: nâng cao các chỉ số", published="2021-08-05"),
        Article("xss", XSS_SENTENCE, url="javascript:window.__xss=5", source="evil.example",
                title=XSS_TITLE, published="2021-04-01"),
    ]


def _sentence(text: str, needle: str) -> str:
    start = text.index(needle)
    return text[start : text.index(". ", start) + 1]


def _claims() -> list[Claim]:
    par = _PAR_2023
    out = []
    for aid in ("vnn-par-2023", "btt-par-2023"):
        url = "https://vietnamnet.vn/par-2023" if aid.startswith("vnn") else "https://baotintuc.vn/par-2023"
        out += [
            claim(aid, locality="Quảng Ninh", score=92.18, unit="%", rank=1, total=63, evidence=_sentence(par, "Quảng Ninh tiếp tục"), url=url),
            claim(aid, locality="Hải Phòng", score=91.87, unit="%", rank=2, total=63, evidence=_sentence(par, "Hải Phòng đứng"), url=url),
            claim(aid, locality="Sóc Trăng", rank=62, total=63, evidence=_sentence(par, "Ở cuối bảng"), url=url),
            claim(aid, locality="An Giang", score=81.32, unit="%", rank=63, total=63, evidence=_sentence(par, "Ở cuối bảng"), url=url),
        ]
    out += [
        claim("dnhn-hp-2023", locality="Hải Phòng", score=91.81, unit="%", rank=2, total=63,
              evidence="Hải Phòng xếp thứ 2/63 về PAR INDEX 2023 với 91,81%", url="https://en.doanhnghiephoinhap.vn/hp"),
        claim("dnhn-hp-2023", locality="Hải Phòng", year=2022, score=91.61, unit="%", kind="derived",
              evidence="91,81%, tăng 0,2 điểm", url="https://en.doanhnghiephoinhap.vn/hp"),
        claim("bcp-bottom-2023", locality="Bình Thuận", rank=63, total=63,
              evidence="Bình Thuận và Sóc Trăng xếp cuối bảng PAR INDEX 2023.", url="https://en.baochinhphu.vn/par"),
        claim("bcp-bottom-2023", locality="Sóc Trăng", rank=63, total=63,
              evidence="Bình Thuận và Sóc Trăng xếp cuối bảng PAR INDEX 2023.", url="https://en.baochinhphu.vn/par"),
        claim("bhp-2022", locality="Hải Phòng", year=2022, score=90.09, unit="%", rank=2, total=63,
              evidence="Năm 2022, Hải Phòng đạt 90,09%, xếp thứ 2/63.", url="https://baohaiphong.vn/2022"),
        claim("bhp-2022", locality="Hải Phòng", year=2021, score=91.80, unit="%", rank=1, total=None,
              evidence="Năm 2021 Hải Phòng đạt 91,80%, dẫn đầu cả nước.", url="https://baohaiphong.vn/2022"),
        claim("bqn-2022", locality="Quảng Ninh", year=2022, score=90.10, unit="%", rank=1,
              evidence="PAR INDEX 2022 của Quảng Ninh đạt 90,10%, đứng đầu cả nước", url="https://baoquangninh.vn/2022"),
        claim("bqn-2022", locality="Quảng Ninh", year=2021, score=91.14, unit="%", rank=2, total=63,
              evidence="năm 2021 xếp thứ 2/63 với 91,14%", url="https://baoquangninh.vn/2022"),
        claim("qlnn-papi", index="PAPI", locality="Kiên Giang", score=40.98, unit="điểm", rank=44, total=63,
              evidence="Chỉ số PAPI 2023 của Kiên Giang xếp thứ 44/63 với 40,98 điểm.", url="https://www.quanlynhanuoc.vn/papi"),
        claim("hh-ddci", index="DDCI", locality="Hải Hà", locality_type="huyện", province="Quảng Ninh",
              year=2020, score=45.74, unit="điểm", rank=12, total=13,
              evidence="Năm 2020, DDCI huyện Hải Hà đạt 45,74 điểm, xếp thứ 12/13", url="https://haiha.quangninh.gov.vn/ddci"),
        claim("hh-ddci", index="DDCI", locality="Hải Hà", locality_type="huyện", province="Quảng Ninh",
              year=2019, score=58.73, unit="điểm", rank=10, total=13,
              evidence="năm 2019 đạt 58,73 điểm, thứ 10/13", url="https://haiha.quangninh.gov.vn/ddci"),
        claim("xss", index="PCI", locality="Bắc Ninh", year=2020, score=66.74, unit="điểm",
              evidence=XSS_SENTENCE, url="javascript:window.__xss=5"),
    ]
    return out


def build_store(path: Path) -> Path:
    """Write the small store to ``path`` and record its syndication groups."""
    from compare.syndication import record_groups

    with Store(path) as store:
        store.save(_articles(), _claims())
        record_groups(store)
    return path


@pytest.fixture(scope="session")
def store_path(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("store") / "chiso.duckdb")


@pytest.fixture
def empty_store(tmp_path) -> Path:
    path = tmp_path / "empty.duckdb"
    Store(path).close()
    return path
