"""``make bench``: run every ``bench/bench_*.py`` and print one table of all their figures.

Each benchmark writes ``bench/results/<name>.json`` — a list of
``{"benchmark", "metric", "value", "unit", "target", "met"}`` — and cleans up after itself. This script runs
them one after another (they share two cores), then reads the result files and prints the summary.

    .venv/bin/python bench/run.py                # all benchmarks
    .venv/bin/python bench/run.py programme      # only bench/bench_programme.py
    .venv/bin/python bench/run.py --report-only  # print the table of the last results
"""

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
COLUMNS = ("benchmark", "metric", "value", "unit", "target", "met")
START = time.time()  # result files older than this run are stale when their benchmark failed


def discover(names: list[str]) -> list[Path]:
    scripts = sorted(BENCH_DIR.glob("bench_*.py"))
    if names:
        scripts = [script for script in scripts if script.stem.removeprefix("bench_") in names]
        missing = set(names) - {script.stem.removeprefix("bench_") for script in scripts}
        if missing:
            raise SystemExit(f"unknown benchmarks: {', '.join(sorted(missing))}")
    return scripts


def run_one(script: Path) -> tuple[int, float]:
    print(f"\n=== {script.name}", flush=True)
    began = time.monotonic()
    status = subprocess.run([sys.executable, str(script)], cwd=BENCH_DIR.parent).returncode
    return status, time.monotonic() - began


def load_rows(script: Path, status: int | None) -> list[dict]:
    name = script.stem.removeprefix("bench_")
    path = RESULTS_DIR / f"{name}.json"
    rows: list[dict] = []
    if path.exists() and (status is None or status == 0 or path.stat().st_mtime > START):
        rows = json.loads(path.read_text())
    if status not in (None, 0):
        rows.append(
            {"benchmark": name, "metric": "run", "value": float(status), "unit": "exit status", "target": "0",
             "met": False}
        )  # fmt: skip
    if not rows:
        rows.append(
            {"benchmark": name, "metric": "results", "value": 0.0, "unit": "rows", "target": "> 0", "met": False}
        )
    return rows


def format_value(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.1f}" if abs(value) >= 100 else f"{value:.2f}"
    return "" if value is None else str(value)


def format_met(met: object) -> str:
    return {True: "yes", False: "NO", None: "-"}.get(met, str(met))


def print_table(rows: list[dict]) -> None:
    cells = [
        [str(row["benchmark"]), str(row["metric"]), format_value(row["value"]), str(row["unit"]),
         str(row.get("target") or ""), format_met(row.get("met"))]
        for row in rows
    ]  # fmt: skip
    widths = [max(len(header), *(len(line[index]) for line in cells)) for index, header in enumerate(COLUMNS)]
    numeric = {2}

    def render(line: list[str]) -> str:
        return "  ".join(
            cell.rjust(width) if index in numeric else cell.ljust(width)
            for index, (cell, width) in enumerate(zip(line, widths, strict=True))
        ).rstrip()

    print()
    print(render(list(COLUMNS)))
    print(render(["-" * width for width in widths]))
    for line in cells:
        print(render(line))
    missed = sum(1 for row in rows if row.get("met") is False)
    print(f"\n{len(rows)} figures, {missed} target(s) not met.")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", help="benchmark names (bench_<name>.py); default: all")
    parser.add_argument("--report-only", action="store_true", help="do not run, print the last results")
    args = parser.parse_args()
    scripts = discover(args.names)
    rows: list[dict] = []
    failures = 0
    for script in scripts:
        status = None
        if not args.report_only:
            status, seconds = run_one(script)
            print(f"=== {script.name}: exit {status} after {seconds:.0f} s", flush=True)
            failures += status != 0
        rows.extend(load_rows(script, status))
    print_table(rows)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
