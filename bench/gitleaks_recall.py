#!/usr/bin/env python3
"""Recall of keylint on gitleaks' own labelled rule examples.

  gitleaks_recall.py [CASES.jsonl] [--keylint BIN] [--verbose] [--show-text]
                     [--keylint-arg ARG]... [--keep]

CASES.jsonl defaults to /work/shared/fixtures/peer-gitleaks/cases.jsonl (one
{"id", "origin", "filename", "text", "label", "rule_hint", "negative_scope"?}
per line). Each case's text is written to DIR/<id>/<filename> in a temporary
directory, keylint scans DIR once (`keylint scan DIR --format json`), and a
case counts as reported when keylint has any finding in its file.

Prints recall on positives, the hit rate on negatives (split into those with
negative_scope "rule", near misses meant only for one gitleaks rule, and the
rest) and a per-origin table. --verbose adds the ids and rule hints of missed
positives and of reported negatives. Case text (which holds secret-shaped
strings) is printed only with --show-text, for local use.

Exit status: 0 whatever the recall; 2 when keylint cannot be run or exits 2;
3 when keylint exits 3; 2 for unreadable input.
"""

import argparse
import collections
import json
import os
import signal
import re
import shutil
import subprocess
import sys
import tempfile
import time

DEFAULT_CASES = "/work/shared/fixtures/peer-gitleaks/cases.jsonl"
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def default_keylint():
    for c in (os.path.join(REPO, "build-release", "keylint"), os.path.join(REPO, "build", "keylint")):
        if os.access(c, os.X_OK):
            return c
    return os.path.join(REPO, "build", "keylint")


def safe_id(case_id):
    return re.sub(r"[^A-Za-z0-9._-]", "_", case_id)


def safe_filename(name):
    base = os.path.basename((name or "").replace("\\", "/"))
    return base if base not in ("", ".", "..") else "case.txt"


def case_of(path, root):
    """Finding path -> the case directory name it lies in, or None."""
    if not os.path.isabs(path):
        cand = os.path.join(root, path)
        path = cand if os.path.exists(cand) else os.path.abspath(path)
    rel = os.path.relpath(os.path.normpath(path), root).replace(os.sep, "/")
    if rel.startswith("../"):
        return None
    return rel.split("/", 1)[0]


def pct(a, b):
    return "%5.1f %%" % (100.0 * a / b) if b else "    -  "


def main(argv=None):
    ap = argparse.ArgumentParser(description="keylint recall on gitleaks' labelled rule examples.")
    ap.add_argument("cases", nargs="?", default=DEFAULT_CASES)
    ap.add_argument("--keylint", default=None, help="keylint binary (default build-release/keylint, then build/keylint)")
    ap.add_argument("--keylint-arg", action="append", default=[], metavar="ARG",
                    help="extra argument for `keylint scan` (repeatable), e.g. --keylint-arg=--no-builtin")
    ap.add_argument("--verbose", action="store_true", help="list missed positives and reported negatives (ids, rule hints)")
    ap.add_argument("--show-text", action="store_true", help="also print each listed case's text (contains secret-shaped strings)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory and print its path")
    args = ap.parse_args(argv)
    if args.show_text:
        args.verbose = True
    binary = args.keylint or default_keylint()

    try:
        with open(args.cases, encoding="utf-8") as fh:
            cases = [json.loads(l) for l in fh if l.strip()]
    except (OSError, ValueError) as e:
        print("gitleaks_recall: cannot read %s: %s" % (args.cases, e), file=sys.stderr)
        return 2

    tmp = tempfile.mkdtemp(prefix="keylint-gitleaks-")
    try:
        root = os.path.join(tmp, "cases")
        os.makedirs(root)
        by_dir = {}
        for c in cases:
            d = safe_id(c["id"])
            if d in by_dir:
                print("gitleaks_recall: duplicate case id %s" % c["id"], file=sys.stderr)
                return 2
            by_dir[d] = c
            os.makedirs(os.path.join(root, d))
            with open(os.path.join(root, d, safe_filename(c.get("filename"))), "w", encoding="utf-8", newline="") as fh:
                fh.write(c["text"])

        report_path = os.path.join(tmp, "report.json")
        cmd = [binary, "scan", root, "--format", "json", "--output", report_path] + args.keylint_arg
        t0 = time.time()
        try:
            proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        except OSError as e:
            print("gitleaks_recall: cannot run %s: %s" % (binary, e), file=sys.stderr)
            return 2
        wall = time.time() - t0
        if proc.returncode not in (0, 1):
            print("gitleaks_recall: keylint exited with status %d" % proc.returncode, file=sys.stderr)
            err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
            for line in err[-10:]:
                print("  " + line, file=sys.stderr)
            return 3 if proc.returncode == 3 else 2
        try:
            with open(report_path, encoding="utf-8") as fh:
                report = json.load(fh)
        except (OSError, ValueError) as e:
            print("gitleaks_recall: cannot read keylint's JSON report: %s" % e, file=sys.stderr)
            return 2

        rules_by_case = collections.defaultdict(set)
        unplaced = 0
        for f in report.get("findings", []):
            d = case_of(f.get("path", ""), root)
            if d in by_dir:
                rules_by_case[d].add(f.get("rule_id", "?"))
            else:
                unplaced += 1

        pos = [c for c in cases if c.get("label") == "positive"]
        neg_rule = [c for c in cases if c.get("label") == "negative" and c.get("negative_scope") == "rule"]
        neg_other = [c for c in cases if c.get("label") == "negative" and c.get("negative_scope") != "rule"]

        def hit(c):
            return bool(rules_by_case.get(safe_id(c["id"])))

        pos_caught = sum(hit(c) for c in pos)
        nr_hit = sum(hit(c) for c in neg_rule)
        no_hit = sum(hit(c) for c in neg_other)

        print("gitleaks peer cases: %d (%d positive, %d negative) from %s" % (
            len(cases), len(pos), len(neg_rule) + len(neg_other), args.cases))
        print("keylint: %s; %d findings, %d errors, %.2f s" % (
            binary, len(report.get("findings", [])), len(report.get("errors", [])), wall))
        if unplaced:
            print("warning: %d findings outside any case directory" % unplaced)
        print()
        print("%-44s %11s %8s" % ("", "count", "rate"))
        print("%-44s %5d/%-5d %s" % ("positives caught (recall)", pos_caught, len(pos), pct(pos_caught, len(pos))))
        print("%-44s %5d/%-5d %s" % ("negatives reported, negative_scope=rule", nr_hit, len(neg_rule), pct(nr_hit, len(neg_rule))))
        print("%-44s %5d/%-5d %s" % ("negatives reported, other", no_hit, len(neg_other), pct(no_hit, len(neg_other))))
        print("(negative_scope=rule: a near miss meant only for one gitleaks rule; another rule may fire on it rightly)")
        print()

        table = collections.OrderedDict()
        for c in sorted(cases, key=lambda c: os.path.basename(c.get("origin", "?"))):
            o = os.path.basename(c.get("origin", "?"))
            row = table.setdefault(o, [0, 0, 0, 0])
            if c.get("label") == "positive":
                row[0] += 1
                row[1] += hit(c)
            else:
                row[2] += 1
                row[3] += hit(c)
        w = max([len("origin")] + [len(o) for o in table])
        print("%-*s %5s %6s %8s %5s %5s" % (w, "origin", "pos", "caught", "recall", "neg", "hit"))
        for o, (p, pc, n, nh) in table.items():
            print("%-*s %5d %6d %8s %5d %5d" % (w, o, p, pc, pct(pc, p) if p else "-", n, nh))

        if args.verbose:
            missed = [c for c in pos if not hit(c)]
            print()
            print("missed positives (%d):" % len(missed))
            for c in missed:
                print("  %-16s %-40s %s" % (c["id"], c.get("rule_hint", ""), c.get("filename", "")))
                if args.show_text:
                    print("    text: %r" % c["text"])
            reported = [c for c in neg_rule + neg_other if hit(c)]
            print()
            print("reported negatives (%d):" % len(reported))
            for c in reported:
                print("  %-16s %-40s by %s" % (c["id"], c.get("rule_hint", ""),
                                              ",".join(sorted(rules_by_case[safe_id(c["id"])]))))
                if args.show_text:
                    print("    text: %r" % c["text"])
        if args.keep:
            print()
            print("kept: %s" % tmp)
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    sys.exit(main())
