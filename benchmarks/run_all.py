"""Run every benchmark in this folder, one after another (``make bench``).

Each prints its own figures and exits 1 when it misses its target; this exits 1 when
any did. Benchmarks needing ``../shared/corpora`` say so and are skipped when it is absent.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = ["bench_extract.py", "bench_pages.py", "bench_batch.py"]


def main() -> int:
    failed = []
    for name in BENCHMARKS:
        print(f"\n=== {name} ===", flush=True)
        if subprocess.call([sys.executable, str(HERE / name)]) != 0:
            failed.append(name)
    print(f"\nbenchmarks: {len(BENCHMARKS) - len(failed)} met their targets, {len(failed)} missed: {failed or '-'}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
