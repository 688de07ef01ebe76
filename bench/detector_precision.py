#!/usr/bin/env python3
"""Precision and recall of keylint's env/log/usage detectors on the fixtures.

Runs `keylint scan --format json` over tests/data/detectors and compares the
findings of each detector category with the expectations written in the
fixtures: `expect: rule-a,rule-b` on a flagged line, or a sidecar
`<file>.expect` of "LINE RULE" lines for files without comments (JSON).
A finding is a true positive when (path, line, rule) is expected.

usage: bench/detector_precision.py [--keylint BUILD/keylint] [--root DIR]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

CATEGORIES = ("env", "log", "usage")


def expectations(root):
    want = set()
    for dirpath, _, files in os.walk(root):
        for name in files:
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            if name.endswith(".expect"):
                with open(path) as f:
                    for line in f:
                        parts = line.split()
                        if len(parts) == 2:
                            want.add((rel[: -len(".expect")], int(parts[0]),
                                      parts[1]))
                continue
            with open(path, errors="replace") as f:
                for n, line in enumerate(f, 1):
                    at = line.find("expect: ")
                    if at < 0:
                        continue
                    for rule in line[at + 8:].strip().split(","):
                        if rule.strip():
                            want.add((rel, n, rule.strip()))
    return want


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--keylint",
                    default=os.path.join(here, "..", "build", "keylint"))
    ap.add_argument("--root", default=os.path.join(here, "..", "tests", "data",
                                                   "detectors"))
    args = ap.parse_args()
    root = os.path.abspath(args.root)
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, KEYLINT_CACHE_DIR=cache)
        env.pop("KEYLINT_NO_DETECTORS", None)
        proc = subprocess.run(
            [args.keylint, "scan", root, "--format", "json", "--no-ignore"],
            capture_output=True, text=True, env=env)
    if proc.returncode not in (0, 1):
        sys.exit("keylint failed: " + proc.stderr.strip())
    report = json.loads(proc.stdout)
    got = {(f["path"], f["line"], f["rule_id"])
           for f in report["findings"]
           if f.get("category") in CATEGORIES}
    want = expectations(root)
    print(f"{'category':<9} {'expected':>8} {'found':>6} {'tp':>4} "
          f"{'precision':>9} {'recall':>7}")
    for cat in CATEGORIES:
        w = {x for x in want if x[2].startswith(cat + "-")}
        g = {x for x in got if x[2].startswith(cat + "-")}
        tp = len(w & g)
        precision = tp / len(g) if g else 1.0
        recall = tp / len(w) if w else 1.0
        print(f"{cat:<9} {len(w):>8} {len(g):>6} {tp:>4} "
              f"{precision:>9.3f} {recall:>7.3f}")
        for x in sorted(g - w):
            print(f"  false positive: {x[0]}:{x[1]} {x[2]}")
        for x in sorted(w - g):
            print(f"  missed:         {x[0]}:{x[1]} {x[2]}")


if __name__ == "__main__":
    main()
