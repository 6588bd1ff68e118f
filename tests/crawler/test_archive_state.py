"""WARC writing, reading and repair; crawl state and articles.jsonl after a crash."""

from __future__ import annotations

import gzip
import json

import pytest

from crawler.archive import (
    WarcWriter,
    complete_gzip_prefix,
    iter_records,
    iter_responses,
    repair_open_files,
)
from crawler.fetch import Exchange
from crawler.state import ArticleLog, CrawlState, Link, Outcome
from extract.articles import Article


def _exchange(i: int) -> Exchange:
    body = f"<html><body><p>Bài {i}: Chỉ số cải cách hành chính</p></body></html>".encode()
    return Exchange(
        url=f"http://127.0.0.2:8000/bai-{i}.html",
        request_headers=[("Host", "127.0.0.2:8000"), ("User-Agent", "chiso-test")],
        started="2024-01-01T00:00:00Z",
        status=200,
        reason="OK",
        response_headers=[("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")],
        raw_body=gzip.compress(body),
    )


def test_warc_round_trip_decodes_bodies(tmp_path) -> None:
    with WarcWriter(tmp_path) as w:
        for i in range(3):
            w.write_exchange(_exchange(i))
    (path,) = w.files
    assert path.name.endswith(".warc.gz") and not list(tmp_path.glob("*.open"))
    responses = list(iter_responses(path))
    assert [r.url for r in responses] == [f"http://127.0.0.2:8000/bai-{i}.html" for i in range(3)]
    assert responses[0].status == 200 and responses[0].content_type == "text/html; charset=utf-8"
    assert "Chỉ số cải cách hành chính".encode() in responses[1].body  # gzip undone
    kinds = [k for k, _, _ in iter_records(path)]
    assert kinds == ["warcinfo"] + ["response", "request"] * 3


@pytest.mark.parametrize(("cut", "responses"), [(1, 4), (17, 4), (400, 3)])
def test_torn_warc_is_cut_back_to_whole_records(tmp_path, cut, responses) -> None:
    w = WarcWriter(tmp_path)
    for i in range(4):
        w.write_exchange(_exchange(i))
    open_path = w._path
    assert open_path is not None and open_path.name.endswith(".warc.gz.open")
    data = open_path.read_bytes()
    w._fh.close()  # simulate SIGKILL: no close, no rename, and a torn last record
    open_path.write_bytes(data[:-cut])
    (repair,) = repair_open_files(tmp_path)
    assert repair.path.name.endswith(".warc.gz") and not list(tmp_path.glob("*.open"))
    assert repair.kept_bytes + repair.dropped_bytes == len(data) - cut and repair.dropped_bytes > 0
    good, members = complete_gzip_prefix(repair.path)
    assert good == repair.path.stat().st_size and members == repair.records
    assert sum(1 for _ in iter_records(repair.path)) == members  # reads to the end
    urls = [r.url for r in iter_responses(repair.path)]
    assert urls == [f"http://127.0.0.2:8000/bai-{i}.html" for i in range(responses)]


def test_open_file_with_nothing_complete_is_removed(tmp_path) -> None:
    (tmp_path / "x.warc.gz.open").write_bytes(b"\x1f\x8b\x08\x00garbage")
    assert repair_open_files(tmp_path)[0].records == 0
    assert not list(tmp_path.iterdir())


def _link(url: str, **kw) -> Link:
    return Link(url, "x.vn", url.split("x.vn", 1)[1].split("?")[0], **kw)


def test_jsonl_reconcile_after_crash(tmp_path) -> None:
    state = CrawlState(tmp_path)
    state.start_run([_link("https://x.vn/", is_seed=True)], ["x.vn"], revisit_depth=1, args="")
    arts = [Article(id=f"id{i}", text=f"Văn bản {i}", url=f"https://x.vn/{i}.html") for i in range(3)]
    for a in arts:
        state.enqueue([_link(a.url)])
        state.complete(a.url, Outcome("done", http_status=200, page_kind="article"), article=a)
    log = ArticleLog(tmp_path)
    # a crash left: article 0 twice, article 1 missing, article 2 torn mid-line
    lines = [json.dumps(arts[0].to_dict(), ensure_ascii=False)] * 2
    log.path.write_text("\n".join(lines) + "\n" + json.dumps(arts[2].to_dict())[:20], "utf-8")
    fixed = log.reconcile(state)
    assert fixed == {"torn": 1, "duplicates": 1, "appended": 2}
    ids = [json.loads(line)["id"] for line in log.path.read_text("utf-8").splitlines()]
    assert ids == ["id0", "id1", "id2"]
    assert log.reconcile(state) == {"torn": 0, "duplicates": 0, "appended": 0}
    assert not log.append(arts[1])
    state.close()


def test_variants_per_path_bound_spares_articles(tmp_path) -> None:
    state = CrawlState(tmp_path, max_variants=3)
    state.start_run([], [], revisit_depth=1, args="")
    added = state.enqueue([_link(f"https://x.vn/lich?ngay={d}") for d in range(10)])
    assert added == 3
    # query-identified articles (?ItemID=) keep coming once pages on the path are articles
    for i in range(3):
        url = f"https://x.vn/chi-tiet.aspx?ItemID={i}"
        state.enqueue([_link(url)])
        state.complete(url, Outcome("done", page_kind="article"))
    assert state.enqueue([_link(f"https://x.vn/chi-tiet.aspx?ItemID={i}") for i in range(3, 8)]) == 3
    state.close()


def test_rounds_revisit_hubs_not_articles(tmp_path) -> None:
    state = CrawlState(tmp_path)
    seed = _link("https://x.vn/", is_seed=True)
    run, new = state.start_run([seed], ["x.vn"], revisit_depth=1, args="")
    assert new and state.round == 1
    state.complete("https://x.vn/", Outcome("done", page_kind="listing", etag='"e1"'), links=[_link("https://x.vn/a.html", depth=1)])
    state.complete("https://x.vn/a.html", Outcome("done", page_kind="article"))
    state.finish_run(run, fetched=2, new_articles=1, close_round=False)  # interrupted
    run, new = state.start_run([seed], ["x.vn"], revisit_depth=1, args="")
    assert not new and state.queued_count() == 0  # resumed: nothing redone
    state.finish_run(run, fetched=0, new_articles=0, close_round=True)
    run, new = state.start_run([seed], ["x.vn"], revisit_depth=1, args="")
    assert new and state.round == 2
    row = state.next_queued("x.vn")
    assert row is not None and row.url == "https://x.vn/" and row.etag == '"e1"'
    assert state.get("https://x.vn/a.html").status == "done"
    state.close()
