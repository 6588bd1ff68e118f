"""Batch tests: make the stand-in extractor (``batch_stub``) and ``batch_support``
importable here and in every process the tests start (forkserver and Dask workers,
the ``chiso`` console script)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

HERE = str(Path(__file__).resolve().parent)

if HERE not in sys.path:
    sys.path.insert(0, HERE)
_paths = os.environ.get("PYTHONPATH", "").split(os.pathsep)
if HERE not in _paths:
    os.environ["PYTHONPATH"] = os.pathsep.join([HERE, *filter(None, _paths)])


@pytest.fixture
def write_jsonl(tmp_path: Path):
    """Write lines as a JSONL file under tmp_path; returns its path."""

    def write(name: str, lines: list[str]) -> Path:
        path = tmp_path / name
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    return write
