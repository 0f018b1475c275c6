"""Finds the problems an Odoo log file reports.

A problem is any ERROR or CRITICAL entry, and any WARNING entry that concerns the
consignment add-ons (their modules, models or fields). Prints each problem with the
lines that belong to it (tracebacks) and exits 1 when there is one.

Usage: python3 setup/check_log.py LOGFILE [LOGFILE ...]
"""

import re
import sys

# 2025-01-31 12:00:00,123 4242 WARNING dbname odoo.addons.x.models.y: message
ENTRY = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) (?P<db>\S+) (?P<rest>.*)$"
)
OURS = re.compile(r"consignment", re.IGNORECASE)


def problems(path):
    """Yields the problem entries of one log file, each as a list of lines."""
    entry, keep = [], False
    with open(path, encoding="utf-8", errors="replace") as log:
        for line in log:
            line = line.rstrip("\n")
            match = ENTRY.match(line)
            if not match:
                if entry:
                    entry.append(line)
                continue
            if entry and keep:
                yield entry
            entry, keep = [line], False
            level = match["level"]
            if level in ("ERROR", "CRITICAL"):
                keep = True
            elif level == "WARNING":
                # The database name may itself contain "consignment": leave it out.
                text = (
                    match["rest"].replace(match["db"], "") if match["db"] != "?" else match["rest"]
                )
                keep = bool(OURS.search(text))
    if entry and keep:
        yield entry


def report(paths, out=sys.stdout):
    """Prints the problems of the given log files; returns how many there are."""
    count = 0
    for path in paths:
        try:
            found = list(problems(path))
        except FileNotFoundError:
            continue
        for entry in found:
            count += 1
            print(f"{path}:", file=out)
            for line in entry[:40]:
                print(f"    {line}", file=out)
    return count


def main(argv):
    count = report(argv)
    if count:
        print(f"{count} error(s) or warning(s) in the Odoo log.", file=sys.stderr)
    return 1 if count else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
