"""Run every bench/bench_*.py script and print what each one measured (`make bench`).

Each script runs in its own Python process and prints one `name: value unit` line per figure
on stdout (diagnostics go to stderr). `python bench/run.py startup` runs only the scripts whose
file name contains "startup".
"""

import re
import subprocess
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
FIGURE = re.compile(r"^[a-z0-9_]+: -?[0-9.]+ \S+$")


def run_script(script: Path) -> bool:
    """Run one script, print its figures; False when it fails or prints something malformed."""
    print(f"# {script.name}", flush=True)
    result = subprocess.run(
        [sys.executable, str(script)],
        cwd=BENCH_DIR.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = result.stdout.splitlines()
    for line in lines:
        print(line if FIGURE.match(line) else f"malformed line: {line!r}")
    ok = result.returncode == 0 and all(FIGURE.match(line) for line in lines)
    if not ok:
        print(f"{script.name} failed (exit code {result.returncode}):", file=sys.stderr)
        print(result.stderr, file=sys.stderr)
    return ok


def main(filters: list[str]) -> int:
    scripts = sorted(BENCH_DIR.glob("bench_*.py"))
    chosen = [s for s in scripts if not filters or any(f in s.name for f in filters)]
    if not chosen:
        print("No bench script matches.", file=sys.stderr)
        return 1
    results = [run_script(script) for script in chosen]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
