"""notebooks/cross_province_trends.ipynb runs top to bottom (nbclient) on a store.

The store is the small one from conftest plus, when the extractor runs, the bundled samples
(what `make demo` extracts); CHISO_STORE points the notebook at it.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from chiso.store import Store

REPO = Path(__file__).resolve().parents[2]
NOTEBOOK = REPO / "notebooks" / "cross_province_trends.ipynb"

pytestmark = pytest.mark.slow


def _add_samples(path: Path) -> int:
    """Extract corpora/samples into the store; 0 when the extractor cannot run yet."""
    from extract.articles import Article

    try:
        from extract.pipeline import extract_claims

        articles = [Article.from_dict(json.loads(line)) for line in
                    (REPO / "corpora" / "samples" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
                    if line.strip()]
        claims = [c for a in articles for c in extract_claims(a)]
    except (ImportError, FileNotFoundError):
        return 0
    with Store(path) as store:
        store.save(articles, claims)
    return len(claims)


def test_notebook_runs_top_to_bottom(store_path, tmp_path, monkeypatch):
    import nbformat
    from nbclient import NotebookClient

    path = tmp_path / "chiso.duckdb"
    shutil.copy(store_path, path)
    _add_samples(path)
    monkeypatch.setenv("CHISO_STORE", str(path))
    monkeypatch.delenv("MPLBACKEND", raising=False)  # inline figures
    # The kernel imports this checkout's packages whatever the install (an editable install
    # made before the packages had an __init__.py maps them as namespaces).
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()

    texts = []
    images = 0
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error", output
            texts.append(output.get("text", ""))
            data = output.get("data", {})
            texts.append(data.get("text/plain", ""))
            images += "image/png" in data
    text = "\n".join(texts)
    assert f"store: {path}" in text
    assert "PAR_INDEX" in text
    assert images >= 1  # the trajectories
    assert "plotted: " in text and "Hải Phòng" in text and "Quảng Ninh" in text
    assert "contradicts: Hải Phòng PAR_INDEX 2023: score 91,87 vs 91,81" in text
