#!/usr/bin/env python3
"""Deterministic git repositories for bench/git_bench.sh, built with
`git fast-import` (seconds, not minutes).

  gen_git_repo.py wide DIR [--files 50000]
      one commit holding FILES small source files in nested directories:
      the repository a pre-commit hook runs in.

  gen_git_repo.py history DIR [--commits 3000] [--files 400]
      COMMITS commits over a pool of FILES source files: each commit edits
      one to four files (adding, changing and deleting lines), about one in
      a hundred adds a credential-looking token, a few add new files. The
      history a `keylint scan --history` walks.

The same arguments always give the same commits (fixed seed, authors and
dates), so hashes and timings compare across machines and runs.
"""

import argparse
import os
import random
import shutil
import subprocess
import sys

WORDS = ("config client server request response handler token value index "
         "buffer stream parse render cache update delete create session user "
         "account record result error status payload header option report").split()
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def code_line(rng):
    kind = rng.random()
    a, b = rng.choice(WORDS), rng.choice(WORDS)
    if kind < 0.3:
        return f"    {a}_{b} = {rng.randint(0, 99999)}"
    if kind < 0.5:
        return f"    if {a}.{b}() is None:"
    if kind < 0.7:
        return f"        return self.{a}_{b}({rng.choice(WORDS)!r})"
    if kind < 0.85:
        return f"    # {a} {b} {rng.choice(WORDS)} {rng.choice(WORDS)}"
    return f"def {a}_{b}_{rng.randint(0, 999)}(self, {rng.choice(WORDS)}):"


def secret_line(rng):
    body = "".join(rng.choice(ALNUM) for _ in range(36))
    return f'    github_token = "ghp_{body}"'


def git(cwd, *args, data=None):
    return subprocess.run(["git", *args], cwd=cwd, input=data, check=True,
                          stdout=subprocess.PIPE).stdout


def init(dir_):
    if os.path.exists(dir_):
        shutil.rmtree(dir_)
    os.makedirs(dir_)
    git(dir_, "init", "-q", "-b", "main")


class Stream:
    """Builds a fast-import stream in memory, then runs it."""

    def __init__(self):
        self.parts = []
        self.mark = 0

    def commit(self, files, message, when, author="Bench Author <bench@example.test>",
               deletes=()):
        self.mark += 1
        msg = message.encode()
        out = [f"commit refs/heads/main\nmark :{self.mark}\n"
               f"author {author} {when} +0000\ncommitter {author} {when} +0000\n"
               f"data {len(msg)}\n".encode(), msg, b"\n"]
        if self.mark > 1:
            out.append(f"from :{self.mark - 1}\n".encode())
        for path in deletes:
            out.append(f"D {path}\n".encode())
        for path, text in files:
            data = text.encode()
            out.append(f"M 100644 inline {path}\ndata {len(data)}\n".encode())
            out.append(data)
            out.append(b"\n")
        out.append(b"\n")
        self.parts.extend(out)

    def run(self, dir_):
        git(dir_, "fast-import", "--quiet", data=b"".join(self.parts))
        git(dir_, "reset", "-q", "--hard", "main")


def wide(args):
    rng = random.Random(20240601)
    init(args.dir)
    s = Stream()
    files = []
    for i in range(args.files):
        path = f"pkg{i // 2000:02d}/mod{(i // 100) % 20:02d}/file_{i:05d}.py"
        lines = [code_line(rng) for _ in range(rng.randint(10, 60))]
        files.append((path, "\n".join(lines) + "\n"))
    s.commit(files, "initial import", 1577836800)
    s.run(args.dir)


def history(args):
    rng = random.Random(20240602)
    init(args.dir)
    s = Stream()
    pool = {}
    for i in range(args.files):
        path = f"src/{rng.choice(WORDS)}/{rng.choice(WORDS)}_{i:04d}.py"
        pool[path] = [code_line(rng) for _ in range(rng.randint(20, 200))]
    when = 1577836800
    s.commit([(p, "\n".join(l) + "\n") for p, l in sorted(pool.items())],
             "initial import", when)
    authors = [f"Dev {n} <dev{n}@example.test>" for n in range(12)]
    paths = sorted(pool)
    for c in range(1, args.commits):
        when += rng.randint(600, 20000)
        changed = []
        if rng.random() < 0.03:  # a new file
            path = f"src/{rng.choice(WORDS)}/new_{c:05d}.py"
            pool[path] = [code_line(rng) for _ in range(rng.randint(10, 80))]
            paths.append(path)
            changed.append(path)
        for path in rng.sample(paths, rng.randint(1, 4)):
            lines = pool[path]
            for _ in range(rng.randint(1, 6)):  # edits
                at = rng.randrange(len(lines) + 1)
                op = rng.random()
                if op < 0.5:
                    lines[at:at] = [code_line(rng) for _ in range(rng.randint(1, 12))]
                elif op < 0.8 and at < len(lines):
                    lines[at] = code_line(rng)
                elif at < len(lines) and len(lines) > 10:
                    del lines[at:at + rng.randint(1, 4)]
            if rng.random() < 0.01:
                lines.insert(rng.randrange(len(lines) + 1), secret_line(rng))
            changed.append(path)
        files = [(p, "\n".join(pool[p]) + "\n") for p in dict.fromkeys(changed)]
        s.commit(files, f"change {c}", when, author=rng.choice(authors))
    s.run(args.dir)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="kind", required=True)
    w = sub.add_parser("wide")
    w.add_argument("dir")
    w.add_argument("--files", type=int, default=50000)
    h = sub.add_parser("history")
    h.add_argument("dir")
    h.add_argument("--commits", type=int, default=3000)
    h.add_argument("--files", type=int, default=400)
    args = ap.parse_args()
    os.environ.setdefault("GIT_CONFIG_NOSYSTEM", "1")
    (wide if args.kind == "wide" else history)(args)


if __name__ == "__main__":
    sys.exit(main())
