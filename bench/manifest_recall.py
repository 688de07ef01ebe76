#!/usr/bin/env python3
"""Recall of a keylint JSON report against a gen_corpus.py manifest.

  manifest_recall.py --manifest M.jsonl --findings report.json --root TREE
                     [--decoys D.jsonl] [--summary] [--verbose]

A manifest entry (path, line, kind) counts as caught when the report has a
finding in that file whose line range [line, end_line] covers the entry's line.
A decoy counts as reported the same way. Findings on lines that are neither
planted secrets nor decoys are counted as "other findings".

--summary prints one machine-readable line for bench/run.sh:
  recall=<caught>/<total> decoys=<hit>/<total> other=<n> findings=<n>
Otherwise prints recall overall and per kind (and, with --verbose, the missed
entries as path:line kind). Never prints secret values: the report holds only
redacted previews and the manifest holds none.

Exit status: 0, or 2 when an input cannot be read.
"""

import argparse
import collections
import json
import os
import signal
import sys


def load_jsonl(path):
    with open(path, encoding="utf-8") as fh:
        return [json.loads(l) for l in fh if l.strip()]


def norm_path(p, root):
    """Finding path -> path relative to the scanned root, '/'-separated."""
    root = os.path.abspath(root)
    if os.path.isabs(p):
        ap = os.path.normpath(p)
    else:
        # Either relative to the root, or relative to the cwd (root given as-is).
        cand = os.path.normpath(os.path.join(root, p))
        ap = cand if os.path.exists(cand) else os.path.abspath(p)
    rel = os.path.relpath(ap, root)
    return rel.replace(os.sep, "/")


def index_findings(report, root):
    by_path = collections.defaultdict(list)
    for f in report.get("findings", []):
        line = int(f.get("line") or 0)
        end = int(f.get("end_line") or line)
        by_path[norm_path(f.get("path", ""), root)].append((line, max(line, end)))
    return by_path


def covered(spans, line):
    return any(a <= line <= b for a, b in spans)


def main(argv=None):
    ap = argparse.ArgumentParser(description="Recall of a keylint JSON report against a planted-secret manifest.")
    ap.add_argument("--manifest", required=True)
    ap.add_argument("--findings", required=True, help="keylint --format json output")
    ap.add_argument("--root", required=True, help="the tree that was scanned")
    ap.add_argument("--decoys", help="decoy manifest (gen_corpus.py writes DIR.decoys.jsonl)")
    ap.add_argument("--summary", action="store_true")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args(argv)
    try:
        manifest = load_jsonl(args.manifest)
        decoys = load_jsonl(args.decoys) if args.decoys else []
        with open(args.findings, encoding="utf-8") as fh:
            report = json.load(fh)
    except (OSError, ValueError) as e:
        print("manifest_recall: %s" % e, file=sys.stderr)
        return 2

    by_path = index_findings(report, args.root)
    per_kind = collections.defaultdict(lambda: [0, 0])
    missed = []
    known = collections.defaultdict(set)
    for m in manifest:
        known[m["path"]].add(m["line"])
        hit = covered(by_path.get(m["path"], ()), m["line"])
        per_kind[m["kind"]][0] += 1
        per_kind[m["kind"]][1] += hit
        if not hit:
            missed.append(m)
    decoy_hits = []
    for d in decoys:
        known[d["path"]].add(d["line"])
        if covered(by_path.get(d["path"], ()), d["line"]):
            decoy_hits.append(d)
    other = 0
    nfind = 0
    for path, spans in by_path.items():
        lines = known.get(path, set())
        for a, b in spans:
            nfind += 1
            if not any(a <= l <= b for l in lines):
                other += 1

    caught = len(manifest) - len(missed)
    if args.summary:
        print("recall=%d/%d decoys=%d/%d other=%d findings=%d" % (
            caught, len(manifest), len(decoy_hits), len(decoys), other, nfind))
        return 0

    total = len(manifest)
    print("recall on planted secrets: %d/%d = %.1f %%" % (caught, total, 100.0 * caught / total if total else 0.0))
    print("%-26s %6s %6s %7s" % ("kind", "planted", "caught", "recall"))
    for kind in sorted(per_kind):
        n, c = per_kind[kind]
        print("%-26s %6d %6d %6.1f%%" % (kind, n, c, 100.0 * c / n))
    if decoys:
        print("decoys reported: %d/%d" % (len(decoy_hits), len(decoys)))
        dk = collections.Counter(d["kind"] for d in decoy_hits)
        for kind, n in sorted(dk.items()):
            print("  %-24s %d" % (kind, n))
    print("findings on other lines: %d (of %d findings)" % (other, nfind))
    if args.verbose:
        for m in missed:
            print("missed: %s:%d %s" % (m["path"], m["line"], m["kind"]))
        for d in decoy_hits:
            print("decoy reported: %s:%d %s" % (d["path"], d["line"], d["kind"]))
    return 0


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    sys.exit(main())
