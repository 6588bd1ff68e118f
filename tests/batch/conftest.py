"""Fixtures for the batch tests: a stand-in extractor that worker processes can import,
small corpora written on the fly, and the chiso console script."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent

# Worker processes (forkserver, spawn, Dask) import the stand-in by module name.
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(HERE), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
)

STUB_EXTRACTOR = "batch_stub:extract_claims"
STUB_SCANNER = "batch_stub:is_candidate"


def chiso_script() -> Path:
    """The console script beside the running interpreter (the venv's ``bin/chiso``)."""
    path = Path(sys.executable).with_name("chiso")
    if not path.exists():
        pytest.skip(f"{path} is not installed")
    return path


def article_lines(n: int, *, every: int = 3, prefix: str = "a") -> list[str]:
    """``n`` Article JSONL lines; every ``every``-th states a stub-extractable figure."""
    out = []
    for i in range(n):
        if i % every == 0:
            text = (
                f"Bài {i}. Năm 2022, chỉ số PCI của tỉnh Tỉnh{i % 7} đạt {60 + i % 10},{i % 100:02d} "
                f"điểm. Cũng năm đó SIPAS 2022 đạt {80 + i % 5},5 điểm."
            )
        else:
            text = f"Bài {i}. Tin thể thao: Tsitsipas thắng trận, không có chỉ số nào ở đây."
        out.append(json.dumps({"id": f"{prefix}{i:05d}", "title": f"Tin {i}", "text": text},
                              ensure_ascii=False))
    return out


@pytest.fixture
def write_jsonl(tmp_path: Path):
    def write(name: str, lines: list[str]) -> Path:
        path = tmp_path / name
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    return write
