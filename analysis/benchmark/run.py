"""Run the build benchmarks, print the ratios against their targets and write bench/results.json."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from analysis import paths
from analysis.atomic import write_text_atomic

TARGETS = {
    "full_build_over_baseline": ("<=", 1.3),
    "no_change_rebuild_s": ("<", 1.0),
    "cli_help_s": ("<", 0.3),
    "speedup_2_workers": (">=", 1.6),
}
RESULTS = paths.ROOT / "bench" / "results.json"


def timed(command: list[str], repeat: int = 3) -> float:
    """Median wall time of a command, in seconds (each run a fresh process)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       cwd=paths.ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def build_cmd(out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "analysis", "build", "--out", str(out), "--no-progress", *extra]


def meets(name: str, value: float) -> bool:
    op, target = TARGETS[name]
    return {"<=": value <= target, "<": value < target, ">=": value >= target}[op]


def main() -> int:
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "figures"
        # The full builds and the baseline take minutes each: one run of each (their noise is small beside that).
        full_n = timed(build_cmd(out, "--force", "-j", str(cores)), repeat=1)
        full_1 = timed(build_cmd(out, "--force", "-j", "1"), repeat=1)
        rebuild = timed(build_cmd(out), repeat=5)
        data = Path(tmp) / "data"
        shutil.copytree(out, data)
        baseline = timed([sys.executable, "-m", "analysis.benchmark.baseline", str(data),
                          str(Path(tmp) / "bare")], repeat=1)
        help_s = timed([sys.executable, "-m", "analysis", "--help"], repeat=5)
        # Every country's factsheet in one language (make factsheets does four), once: it takes minutes.
        factsheets = timed([sys.executable, "-m", "analysis", "factsheet", "--all", "--lang", "en", "--no-progress",
                            "--out", str(Path(tmp) / "factsheets")], repeat=1)
    measured = {
        "full_build_s": round(full_n, 3),
        "full_build_1_worker_s": round(full_1, 3),
        "baseline_bare_matplotlib_s": round(baseline, 3),
        "full_build_over_baseline": round(full_n / baseline, 3),
        "no_change_rebuild_s": round(rebuild, 3),
        "cli_help_s": round(help_s, 3),
        "speedup_2_workers": round(full_1 / full_n, 3),
        "factsheets_all_en_s": round(factsheets, 3),
    }
    checks = {name: {"target": f"{op} {target}", "value": measured[name],
                     "met": meets(name, measured[name])} for name, (op, target) in TARGETS.items()}
    report = {"cores": cores, "measured": measured, "targets": checks,
              "notes": {"factsheets_all_en_s": "every area's factsheet in English, one run; no target set"}}
    for name, check in checks.items():
        print(f"{name:28} {check['value']:>8}   target {check['target']:8} "
              f"{'met' if check['met'] else 'NOT MET'}")
    for name in ("full_build_s", "full_build_1_worker_s", "baseline_bare_matplotlib_s", "factsheets_all_en_s"):
        print(f"{name:28} {measured[name]:>8}")
    write_text_atomic(RESULTS, json.dumps(report, indent=2, sort_keys=True) + "\n")
    print(f"written {RESULTS.relative_to(paths.ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
