"""chiso trends / conflicts / check / report / syndication as a user runs them."""

from __future__ import annotations

import http.server
import json
import re
import shutil
import threading
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from chiso.cli import app
from extract.claims import CLAIM_FIELDS, Claim


def invoke(*args):
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)


# -- trends -----------------------------------------------------------------------------------


def test_trends_table(store_path):
    result = invoke("trends", "--store", store_path, "--by", "new-province")
    assert result.exit_code == 0, result.output
    assert "Hải Phòng" in result.stdout and "91,87%" in result.stdout
    assert "Bình Thuận tỉnh, → Lâm Đồng" in result.stdout
    assert "13 rows" in result.stdout


@pytest.mark.parametrize("fmt", ["csv", "parquet", "jsonl"])
def test_trends_export(store_path, tmp_path, fmt):
    out = tmp_path / f"panel.{fmt}"
    result = invoke("trends", "--store", store_path, "--province", "Quảng Ninh", "--index", "PAR_INDEX",
                    "--from-year", 2022, "--by", "new-province", "-o", out)
    assert result.exit_code == 0, result.output
    if fmt == "csv":
        panel = pd.read_csv(out)
        assert panel["urls"].iloc[-1] == "https://baotintuc.vn/par-2023 https://vietnamnet.vn/par-2023"
    elif fmt == "parquet":
        panel = pd.read_parquet(out)
        assert list(panel["urls"].iloc[-1]) == ["https://baotintuc.vn/par-2023", "https://vietnamnet.vn/par-2023"]
    else:
        panel = pd.read_json(out, lines=True)
    assert list(panel["year"]) == [2022, 2023]
    assert list(panel["score"]) == [90.10, 92.18]
    assert list(panel["new_province"]) == ["Quảng Ninh", "Quảng Ninh"]
    assert list(panel["n_sources"]) == [1, 1]


def test_trends_csv_to_stdout(store_path):
    result = invoke("trends", "--store", store_path, "--format", "csv", "--locality", "Hải Hà")
    rows = result.stdout.strip().splitlines()
    assert rows[0].startswith("index,locality,locality_type,province,year,score")
    assert len(rows) == 3 and all(",Hải Hà,huyện,Quảng Ninh," in r for r in rows[1:])


def test_trends_usage_errors(store_path, tmp_path):
    result = invoke("trends", "--store", store_path, "--format", "parquet")
    assert result.exit_code == 2 and "needs -o" in result.stderr
    result = invoke("trends", "--store", store_path, "-o", tmp_path / "x.xlsx")
    assert result.exit_code == 2 and "cannot tell the format" in result.stderr
    result = invoke("trends", "--store", tmp_path / "missing.duckdb")
    assert result.exit_code == 2 and "no such store" in result.stderr


def test_trends_empty_store(empty_store):
    result = invoke("trends", "--store", empty_store)
    assert result.exit_code == 0 and "No figures" in result.stdout


# -- conflicts --------------------------------------------------------------------------------


def test_conflicts_table_and_jsonl(store_path, tmp_path):
    result = invoke("conflicts", "--store", store_path)
    assert result.exit_code == 0
    assert "contradicts Hải Phòng PAR_INDEX 2023: score 91,87 vs 91,81" in result.stdout
    assert "https://en.doanhnghiephoinhap.vn/hp" in result.stdout
    assert "3 conflicts" in result.stdout
    out = tmp_path / "c.jsonl"
    invoke("conflicts", "--store", store_path, "--type", "contradicts", "--province", "Hải Phòng", "-o", out)
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert {(r["field"], r["year"]) for r in records} == {("score", 2022), ("score", 2023)}
    assert all(len(r["evidences"]) == 2 and r["evidences"][0]["url"] for r in records)


def test_conflicts_csv_and_bad_type(store_path):
    result = invoke("conflicts", "--store", store_path, "--format", "csv", "--index", "papi")
    assert result.stdout.startswith("conflict,type,field")
    assert len(result.stdout.strip().splitlines()) == 1  # one PAPI source: no conflict
    assert invoke("conflicts", "--store", store_path, "--type", "wrong").exit_code == 2


# -- check ------------------------------------------------------------------------------------


def _claims_file(tmp_path: Path, claims: list[Claim]) -> Path:
    path = tmp_path / "claims.jsonl"
    path.write_text("".join(json.dumps(c.to_dict(), ensure_ascii=False) + "\n" for c in claims),
                    encoding="utf-8")
    return path


@pytest.fixture
def sample_claims(make_claim) -> list[Claim]:
    return [
        make_claim("art", locality="Hải Phòng", score=91.81, unit="%", rank=2, total=63,
                   evidence="Hải Phòng xếp thứ 2/63 với 91,81%"),
        make_claim("art", index="PAPI", locality="Kiên Giang", rank=44, total=63,
                   evidence="Kiên Giang xếp thứ 44/63 về PAPI"),
        make_claim("art", index="PCI", locality="Quảng Ninh", year=2020, score=75.9, unit="điểm",
                   rank=1, total=63, evidence="Quảng Ninh đạt 75,9 điểm PCI 2020"),
        make_claim("art", index="DDCI", locality="Yên Thế", locality_type="huyện", province="Bắc Giang",
                   year=2022, score=52.08, unit="điểm", rank=8, total=10, evidence="52,08 điểm, 8/10"),
    ]


def test_check_claims_file(tmp_path, sample_claims):
    out = tmp_path / "verdicts.jsonl"
    result = invoke("check", _claims_file(tmp_path, sample_claims), "-o", out)
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "✓ matches (disputed)" in text and "✗ contradicts" in text and "? unverifiable" in text
    assert "40,98 · 44/61" in text and "75,09 · 1/63" in text  # the official figures
    assert "official: https://pcivietnam.vn/" in text  # and the source of a contradicted one
    assert "4 claims: 1 matches, 2 contradicts, 1 unverifiable" in text
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["verdict"] for r in records] == ["matches", "contradicts", "contradicts", "unverifiable"]
    assert [r["disputed"] for r in records] == [True, False, False, False]
    assert set(CLAIM_FIELDS) | {"verdict", "official"} <= records[0].keys()
    assert records[2]["official"]["score_printed"] == "75.09"
    assert records[3]["official"] is None
    assert records[1]["reason"] == "rank_total: stated 63, official 61"
    assert records[2]["reason"] == "score: stated 75,9, official 75,09"


def test_check_jsonl_to_stdout(tmp_path, sample_claims):
    result = invoke("check", _claims_file(tmp_path, sample_claims[:1]), "-o", "-")
    assert json.loads(result.stdout)["verdict"] == "matches"


def test_check_bad_claims_line_is_reported(tmp_path, sample_claims):
    path = _claims_file(tmp_path, sample_claims[:1])
    with path.open("a") as handle:
        handle.write('{"index": "PCI", "locality": "X", "year": 2020}\n')
    result = invoke("check", path)
    assert result.exit_code == 1
    assert re.search(r"claims\.jsonl:2: claim lacks fields: article_id", result.stderr)
    assert "1 claims: 1 matches" in result.stdout


def test_check_bad_reference_names_file_and_line(tmp_path, sample_claims, reference_dir):
    ref = tmp_path / "ref"
    ref.mkdir()
    lines = (reference_dir / "pci.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    lines[5] = lines[5].replace(",63,", ",6x,", 1)
    (ref / "pci.csv").write_text("".join(lines), encoding="utf-8")
    result = invoke("check", _claims_file(tmp_path, sample_claims), "--reference", ref)
    assert result.exit_code == 2
    assert re.search(r"pci\.csv:6: bad number '6x' in column rank_total", result.stderr)


def test_check_article_missing_column_reference(tmp_path, sample_claims, reference_dir):
    ref = tmp_path / "ref"
    ref.mkdir()
    text = (reference_dir / "papi.csv").read_text(encoding="utf-8").replace("source_url,", "url,", 1)
    (ref / "papi.csv").write_text(text, encoding="utf-8")
    result = invoke("check", _claims_file(tmp_path, sample_claims), "--reference", ref)
    assert result.exit_code == 2 and "papi.csv:1: missing column(s): source_url" in result.stderr


# Articles need the extractor; these tests put a tiny stand-in in its place so that they test
# reading and fetching, not extraction (test_end_to_end.py runs the real one).

_FIGURE = re.compile(r"PAR INDEX (\d{4}) của (\w+(?: \w+)?) đạt (\d+,\d+)%, xếp thứ (\d+)/(\d+)")


def _stand_in(article):
    out = []
    for m in _FIGURE.finditer(article.text):
        out.append(Claim(article.id, article.url, "PAR_INDEX", "PAR INDEX", m.group(2), "tỉnh",
                         m.group(2), int(m.group(1)), float(m.group(3).replace(",", ".")), "%", None,
                         int(m.group(4)), int(m.group(5)), "result", m.group(0), m.span()))
    return out


@pytest.fixture
def stand_in_extractor(monkeypatch):
    import extract.pipeline

    monkeypatch.setattr(extract.pipeline, "extract_claims", _stand_in)


ARTICLE = ("Kết quả công bố chỉ số cải cách hành chính. PAR INDEX 2023 của Quảng Ninh đạt 92,18%, "
           "xếp thứ 1/63. PAR INDEX 2023 của Hải Phòng đạt 91,50%, xếp thứ 2/63. ") * 2


def test_check_text_file_and_stdin(tmp_path, stand_in_extractor):
    path = tmp_path / "bai-viet.txt"
    path.write_text("Tiêu đề bài viết\n\n" + ARTICLE, encoding="utf-8")
    result = invoke("check", path)
    assert result.exit_code == 0, result.output
    assert "Tiêu đề bài viết" in result.stdout
    assert "4 claims: 2 matches, 2 contradicts" in result.stdout
    piped = CliRunner().invoke(app, ["check", "-", "-o", "-"], input=ARTICLE)
    verdicts = [json.loads(line)["verdict"] for line in piped.stdout.splitlines()]
    assert verdicts == ["matches", "contradicts", "matches", "contradicts"]


def test_check_unreadable_input_is_named(tmp_path, stand_in_extractor):
    result = invoke("check", tmp_path / "missing.txt")
    assert result.exit_code == 1 and "missing.txt" in result.stderr
    result = invoke("check", "")  # not "the current directory"
    assert result.exit_code == 1 and "empty input name" in result.stderr
    assert "0 claims" in result.stdout


PAGE = f"""<!doctype html><html><head><meta charset="utf-8"><title>PAR INDEX 2023</title>
<meta property="og:title" content="Công bố PAR INDEX 2023"></head><body><article>
<h1>Công bố PAR INDEX 2023</h1><p>{ARTICLE}</p><p>{ARTICLE}</p></article></body></html>"""


@pytest.fixture
def loopback():
    """A local web server: /robots.txt forbids /private/, /bai-viet.html is an article."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            if self.path == "/robots.txt":
                body, kind = b"User-agent: *\nDisallow: /private/\n", "text/plain"
            elif self.path in ("/bai-viet.html", "/private/bai-viet.html"):
                body, kind = PAGE.encode(), "text/html; charset=utf-8"
            elif self.path == "/moved":
                self.send_response(301)
                self.send_header("Location", "/bai-viet.html")
                self.end_headers()
                return
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", requests
    server.shutdown()
    server.server_close()


def test_check_url_fetched_politely(loopback, stand_in_extractor, monkeypatch):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    base, requests = loopback
    result = invoke("check", f"{base}/moved", "-o", "-")
    assert result.exit_code == 0, result.output
    verdicts = [json.loads(line) for line in result.stdout.splitlines()]
    assert [v["verdict"] for v in verdicts][:2] == ["matches", "contradicts"]
    assert verdicts[0]["url"].startswith(base)
    assert requests[:3] == ["/robots.txt", "/moved", "/bai-viet.html"]
    requests.clear()
    result = invoke("check", f"{base}/private/bai-viet.html")
    assert result.exit_code == 1
    assert "robots.txt" in result.stderr and "does not allow" in result.stderr
    assert "/private/bai-viet.html" not in requests  # asked robots.txt, never the page


# -- report and syndication -------------------------------------------------------------------


def test_report_command(store_path, tmp_path):
    result = invoke("report", "--store", store_path, "--out", tmp_path / "site")
    assert result.exit_code == 0, result.output
    assert "8 localities, 20 claims, 3 conflicts" in result.stderr
    assert (tmp_path / "site" / "index.html").exists()


def test_report_empty_store(empty_store, tmp_path):
    result = invoke("report", "--store", empty_store, "--out", tmp_path / "site", "--no-reference")
    assert result.exit_code == 0
    assert "no claims yet" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_syndication_command(store_path, tmp_path):
    copy = tmp_path / "copy.duckdb"
    shutil.copy(store_path, copy)
    result = invoke("syndication", "--store", copy)
    assert result.exit_code == 0
    assert result.stdout.strip() == "btt-par-2023: btt-par-2023 vnn-par-2023"
    assert "9 articles with claims, 8 sources, 1 groups of copies" in result.stderr
