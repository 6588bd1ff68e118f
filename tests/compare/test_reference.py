"""Official reference tables: the bundled copy, and clear errors for bad files."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from compare.reference import ReferenceError, load_reference, read_reference_csv

HEADER = "index,year,level,unit,province,score,score_unit,rank,rank_total,source_url,note\n"
ROW = "PAR_INDEX,2023,province,Quảng Ninh,Quảng Ninh,92.18,percent,1,63,https://a.vn/x,\n"


def test_bundled_tables_load(table, reference_dir):
    assert len(table) == 381
    assert table.indices() == {"PAR_INDEX", "SIPAS", "PCI", "PAPI"}
    assert {p.name for p in reference_dir.glob("*.csv")} == {
        "par_index.csv", "sipas.csv", "pci.csv", "papi.csv", "national_aggregates.csv"}
    assert (reference_dir / "README.md").read_text(encoding="utf-8").count("https://") > 20


def test_bundled_tables_match_shared_copy(shared, reference_dir):
    for path in (shared / "reference").glob("*.csv"):
        assert (reference_dir / path.name).read_bytes() == path.read_bytes(), path.name


def test_lookup_returns_every_source_and_keeps_printed_digits(table):
    rows = table.lookup("PAR_INDEX", 2023, "province", "Hải Phòng")
    assert [r.score for r in rows] == [Decimal("91.87"), Decimal("91.81")]
    assert rows[1].flagged and not rows[0].flagged
    assert rows[0].corroborations == 3
    assert rows[0].source_url.startswith("https://dantoctongiao.vietnamnet.vn/")
    quang_ninh = table.lookup("PAR_INDEX", 2022, "province", "quảng ninh")[0]
    assert quang_ninh.score == Decimal("90.10") and quang_ninh.score_decimals == 2


def test_lookup_ignores_tone_placement(table):
    assert table.lookup("PCI", 2020, "province", "Khánh Hoà") == table.lookup(
        "PCI", 2020, "province", "Khánh Hòa")
    assert table.lookup("PCI", 2020, "province", "Khánh Hòa")


def test_papi_2022_2023_rank_totals_are_61(table):
    totals = {r.rank_total for r in table.rows if r.index == "PAPI" and r.year in (2022, 2023)}
    assert totals <= {61, None}


def _write(tmp_path: Path, body: str, name: str = "bad.csv") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_missing_column_names_file_and_line_1(tmp_path):
    path = _write(tmp_path, HEADER.replace(",rank_total", "") + ROW.replace(",63,", ","))
    with pytest.raises(ReferenceError, match=r"bad\.csv:1: missing column\(s\): rank_total"):
        read_reference_csv(path)


def test_bad_number_names_line(tmp_path):
    path = _write(tmp_path, HEADER + ROW + ROW.replace("92.18", '"92,18"').replace("a.vn/x", "b.vn/y"))
    with pytest.raises(ReferenceError, match=r"bad\.csv:3: bad number '92,18' in column score"):
        read_reference_csv(path)


def test_bad_rank_names_line(tmp_path):
    path = _write(tmp_path, HEADER + ROW.replace(",1,63,", ",first,63,"))
    with pytest.raises(ReferenceError, match=r"bad\.csv:2: bad number 'first' in column rank"):
        read_reference_csv(path)


def test_duplicate_row_names_both_lines(tmp_path):
    path = _write(tmp_path, HEADER + ROW + ROW.replace("Quảng Ninh,Quảng Ninh", "Hà Nội,Hà Nội") + ROW)
    with pytest.raises(ReferenceError, match=r"bad\.csv:4: duplicate row: .* already on line 2"):
        read_reference_csv(path)


def test_two_sources_for_one_unit_are_not_duplicates(tmp_path):
    path = _write(tmp_path, HEADER + ROW + ROW.replace("92.18", "92.1").replace("a.vn/x", "b.vn/y"))
    assert len(read_reference_csv(path)) == 2


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (ROW.replace("percent", "percents"), "unknown score_unit 'percents'"),
        (ROW.replace("province,Quảng", "tinh,Quảng"), "unknown level 'tinh'"),
        (ROW.replace("92.18", "192.18"), "above the percent scale"),
        (ROW.replace(",1,63,", ",64,63,"), "rank 64 is above rank_total 63"),
        (ROW.replace("https://a.vn/x", "a.vn/x"), "is not an http"),
        (ROW.replace("/x,\n", "/x\n"), "10 fields, the header has 11"),
        (ROW.replace("PAR_INDEX", "par index"), "bad index code"),
    ],
)
def test_other_problems_name_the_line(tmp_path, row, message):
    path = _write(tmp_path, HEADER + row)
    with pytest.raises(ReferenceError, match=rf"bad\.csv:2: .*{message}"):
        read_reference_csv(path)


def test_directory_errors(tmp_path, reference_dir):
    with pytest.raises(ReferenceError, match="no such reference directory"):
        load_reference(tmp_path / "missing")
    with pytest.raises(ReferenceError, match="no reference tables"):
        load_reference(tmp_path)
    shutil.copy(reference_dir / "pci.csv", tmp_path / "pci.csv")
    _write(tmp_path, HEADER + ROW + ROW, "zz.csv")
    with pytest.raises(ReferenceError, match=r"zz\.csv:3: duplicate"):
        load_reference(tmp_path)
