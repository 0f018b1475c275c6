"""Runs one benchmark of the benchmarks/ folder by name, or lists them.

    python3 benchmarks/run.py            # lists the benchmarks
    python3 benchmarks/run.py <name>     # runs benchmarks/<name>.py

A benchmark is a Python file of this folder (not starting with "_", not this runner). It
runs as its own process with the arguments that follow its name, and its last line of
output is one JSON object with its results; the runner checks that line, prints the
benchmark's output, and exits with the benchmark's exit code.
"""

import json
import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent


def benchmarks():
    return sorted(
        path.stem
        for path in HERE.glob("*.py")
        if path.name != "run.py" and not path.name.startswith("_")
    )


def main(argv):
    names = benchmarks()
    if not argv or argv[0] in ("-h", "--help", "--list"):
        print(__doc__.strip())
        print("\nBenchmarks: " + (", ".join(names) if names else "(none yet)"))
        return 0
    name, args = argv[0].removesuffix(".py"), argv[1:]
    if name not in names:
        print(
            f"Unknown benchmark {name!r}. Known: {', '.join(names) or '(none yet)'}.",
            file=sys.stderr,
        )
        return 2
    process = subprocess.run(
        [sys.executable, str(HERE / f"{name}.py"), *args],
        stdout=subprocess.PIPE,
        text=True,
        check=False,
    )
    sys.stdout.write(process.stdout)
    lines = [line for line in process.stdout.splitlines() if line.strip()]
    if process.returncode:
        return process.returncode
    try:
        result = json.loads(lines[-1]) if lines else None
    except json.JSONDecodeError:
        result = None
    if not isinstance(result, dict):
        print(f"Benchmark {name} did not end with one JSON object line.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
