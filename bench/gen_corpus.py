#!/usr/bin/env python3
"""Deterministic generator of a synthetic mixed-language source tree for keylint
benchmarks.

The tree looks like a company monorepo: Python, JS/TS, Go, Java, C#, Ruby, PHP,
shell, YAML, JSON, .env, Dockerfiles, Terraform, markdown, minified bundles,
source maps, lockfiles with integrity hashes, SQL dumps with long lines, CSS and
mail fixtures with base64 blobs, public certificates, a few binary files. Into
it go a sprinkling of planted *synthetic* secrets of well-known formats and a
sprinkling of decoys (placeholders and references that a good linter must not
report).

Every random value comes from one `random.Random(seed)`; the same arguments
give the same bytes on every run (and on any Python 3.8+). The secrets are
random strings in the right shape; none is a real credential.

Outputs, for `gen_corpus.py DIR`:
  DIR/                      the tree (created; refused if it exists, see --force)
  DIR.manifest.jsonl        one {"path","line","kind"} per planted secret;
                            path is relative to DIR, line is 1-based
  DIR.decoys.jsonl          the same for planted decoys
  DIR.info.json             parameters and totals; written last, so its presence
                            means the tree is complete

Usage:
  gen_corpus.py DIR                      # ~200 MB tree
  gen_corpus.py DIR --mb 50              # smaller tree
  gen_corpus.py DIR --files 20 --mb 0.2  # exactly 20 files, ~0.2 MB in all

Python standard library only.
"""

import argparse
import base64
import json
import math
import os
import shutil
import string
import sys
import time

import random

GENERATOR_VERSION = 2
DEFAULT_SEED = 20240611

ALNUM = string.ascii_letters + string.digits
UPPER_DIGITS = string.ascii_uppercase + string.digits
AWS_ID_CHARS = string.ascii_uppercase + "234567"
AWS_SECRET_CHARS = ALNUM + "/+"
B64URL = ALNUM + "-_"
HEX = "0123456789abcdef"
PASSWORD_CHARS = ALNUM + ALNUM + "!#%&*-_.@^~+="

# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------

NOUNS = """account address alert artifact asset audit backup balance batch bucket
budget build cache callback cart catalog channel checkout client cluster column
comment component config connection consumer container context coupon cursor
customer dashboard dataset deadline delivery deployment device discount document
domain draft email endpoint entity entry event export feature field filter flag
forecast gateway grant group handler header health hook image import index
instance inventory invoice item job key label layout ledger limit listing locale
log manifest mapping member message metric migration model module monitor node
notification offset order owner package page payload payment permission pipeline
plan plugin policy pool preference price product profile project provider queue
quota rate receipt record refund region registry release report repository
request reservation resource response result retry review role route rule schedule
schema scope search segment session setting shipment signal snapshot source span
stage state status step store stream subscription summary supplier task tax team
template tenant thread ticket timeline token topic trace transaction transfer
trigger upload usage user value variant vendor version view volume warehouse
webhook widget worker workspace zone""".split()

VERBS = """apply archive build cancel check clear close collect compute configure
create decode delete dispatch emit encode enqueue ensure export fetch filter find
flush format get group handle import index init insert list load lookup map merge
normalize notify open parse persist prepare process publish read rebuild record
refresh register reload remove render replace reset resolve restore retry save
schedule search send serialize set sort start stop submit sync track transform
update upload upsert validate verify write""".split()

ADJS = """active archived async base cached current default deferred draft external
failed final global internal last latest legacy local max min new next old
pending primary private public raw remote scheduled secondary shared stale
temporary total valid""".split()

SERVICES = """accounts analytics api-gateway audit auth billing catalog checkout
crm data-export email fulfillment gateway identity inventory invoicing ledger
loyalty media notifications onboarding orders partner-portal payments pricing
recommendations reporting returns reviews scheduler search shipping storefront
subscriptions support tax-engine warehouse webhooks""".split()

APPS = ["admin", "dashboard", "storefront", "partner-portal", "mobile-web",
        "docs-site", "checkout-ui", "backoffice", "landing"]

FIRST_NAMES = ["alice", "bob", "carol", "dave", "erin", "frank", "grace",
               "heidi", "ivan", "judy", "mallory", "niaj", "olivia", "peggy",
               "rupert", "sybil", "trent", "victor", "walter", "yolanda"]

NPM_NAMES = ["react", "react-dom", "lodash", "axios", "express", "webpack",
             "babel-loader", "typescript", "eslint", "jest", "rxjs", "tslib",
             "semver", "chalk", "debug", "ms", "uuid", "yargs", "commander",
             "minimatch", "glob", "rimraf", "postcss", "autoprefixer", "zod",
             "date-fns", "classnames", "prop-types", "redux", "immer", "vite",
             "rollup", "esbuild", "prettier", "ws", "qs", "cookie", "mime"]

TF_RESOURCES = ["aws_s3_bucket", "aws_iam_role", "aws_iam_policy",
                "aws_lambda_function", "aws_security_group", "aws_instance",
                "aws_db_instance", "aws_sqs_queue", "aws_sns_topic",
                "aws_cloudwatch_log_group", "aws_ecs_service", "aws_kms_key",
                "google_storage_bucket", "azurerm_resource_group"]

REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1",
           "ap-southeast-2", "ap-northeast-1"]


def camel(words):
    return words[0] + "".join(w[:1].upper() + w[1:] for w in words[1:])


def pascal(words):
    return "".join(w[:1].upper() + w[1:] for w in words)


def style_name(snake_name, style):
    """snake_case name -> the style a language uses for it."""
    words = snake_name.split("_")
    if style == "upper":
        return snake_name.upper()
    if style == "camel":
        return camel(words)
    if style == "pascal":
        return pascal(words)
    if style == "kebab":
        return "-".join(words)
    return snake_name


# --------------------------------------------------------------------------
# Random helpers
# --------------------------------------------------------------------------


class Rand:
    """Thin wrapper over random.Random using only version-stable primitives."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.random = self.rng.random
        self.layout = {}

    def pick(self, seq):
        return seq[int(self.random() * len(seq))]

    def chance(self, p):
        return self.random() < p

    def int(self, lo, hi):  # inclusive
        return lo + int(self.random() * (hi - lo + 1))

    def chars(self, alphabet, n):
        r = self.random
        k = len(alphabet)
        return "".join([alphabet[int(r() * k)] for _ in range(n)])

    def raw(self, n):
        if n <= 0:
            return b""
        return self.rng.getrandbits(8 * n).to_bytes(n, "little")

    def b64(self, nbytes):
        return base64.b64encode(self.raw(nbytes)).decode("ascii")

    def b64url(self, nbytes):
        return base64.urlsafe_b64encode(self.raw(nbytes)).decode("ascii").rstrip("=")

    def hexs(self, n):
        return self.chars(HEX, n)

    def distinct(self, seq, k):
        """k distinct items of seq (k <= len(seq)), in pick order."""
        out = []
        while len(out) < k:
            x = self.pick(seq)
            if x not in out:
                out.append(x)
        return out

    def weighted(self, pairs):
        total = 0.0
        for _, w in pairs:
            total += w
        x = self.random() * total
        for item, w in pairs:
            x -= w
            if x < 0:
                return item
        return pairs[-1][0]

    def lognorm(self, sigma):
        # Box-Muller from two uniforms; stable across Python versions.
        u1 = self.random() or 1e-12
        u2 = self.random()
        z = math.sqrt(-2.0 * math.log(u1)) * math.cos(2 * math.pi * u2)
        return math.exp(sigma * z - sigma * sigma / 2)

    # vocabulary ---------------------------------------------------------
    def noun(self):
        return self.pick(NOUNS)

    def words(self, kind=None):
        x = self.random()
        if x < 0.35:
            return [self.pick(VERBS), self.pick(NOUNS)]
        if x < 0.55:
            return [self.pick(ADJS), self.pick(NOUNS)]
        if x < 0.75:
            return [self.pick(NOUNS)]
        if x < 0.9:
            return [self.pick(NOUNS), self.pick(NOUNS)]
        return [self.pick(VERBS), self.pick(ADJS), self.pick(NOUNS)]

    def var(self):
        w = self.pick(NOUNS)
        if self.chance(0.35):
            return self.pick(ADJS) + "_" + w
        return w

    def func(self):
        return self.pick(VERBS) + "_" + self.pick(NOUNS)

    def sentence(self):
        x = self.random()
        n1, n2 = self.pick(NOUNS), self.pick(NOUNS)
        v = self.pick(VERBS)
        a = self.pick(ADJS)
        if x < 0.2:
            return "%ss the %s %s for the given %s" % (v.capitalize(), a, n1, n2)
        if x < 0.35:
            return "TODO(%s): %s the %s before the %s is %s" % (
                self.pick(FIRST_NAMES), v, n1, n2, a)
        if x < 0.5:
            return "Keep the %s in sync with the %s %s" % (n1, a, n2)
        if x < 0.6:
            return "NOTE: the %s may be %s when the %s is retried" % (n1, a, n2)
        if x < 0.7:
            return "Returns the %s %s, or None if no %s matches" % (a, n1, n2)
        if x < 0.8:
            return "The %s service will %s each %s at most once" % (n1, v, n2)
        if x < 0.9:
            return "%s %s per %s; see the %s runbook" % (v.capitalize(), n1, n2, a)
        return "Workaround for the %s %s bug in the %s %s" % (a, n1, n2, self.pick(NOUNS))

    def host(self):
        return "%s.%s.internal.acme-corp.test" % (self.pick(SERVICES), self.pick(REGIONS))

    def version(self):
        return "%d.%d.%d" % (self.int(0, 9), self.int(0, 30), self.int(0, 20))

    def uuid(self):
        h = self.hexs(32)
        return "%s-%s-4%s-%s%s-%s" % (h[:8], h[8:12], h[13:16], self.pick("89ab"),
                                        h[17:20], h[20:32])


# --------------------------------------------------------------------------
# Secrets and decoys
#
# A secret or decoy is a list of items rendered by each language:
#   ("kv", snake_name, value, kind)     name = "value" in the language's syntax
#   ("ref", snake_name, ENV_VAR, kind)  name = <read env var>   (decoys only)
#   ("pem", snake_name, [lines], kind)  multi-line PEM; kind is on the BEGIN line
# kind None marks a context line that is not recorded.
# --------------------------------------------------------------------------


def pem_block(g, key_type=None):
    key_type = key_type or g.weighted([("RSA", 5), ("PKCS8", 3), ("EC", 2), ("OPENSSH", 2)])
    if key_type == "RSA":
        body = bytes.fromhex("308204a40201000282010100") + g.raw(1180)
        label, width = "RSA PRIVATE KEY", 64
    elif key_type == "PKCS8":
        body = bytes.fromhex("308204bd020100300d06092a864886f70d0101010500") + g.raw(1195)
        label, width = "PRIVATE KEY", 64
    elif key_type == "EC":
        body = bytes.fromhex("30770201010420") + g.raw(114)
        label, width = "EC PRIVATE KEY", 64
    else:
        body = b"openssh-key-v1\x00\x00\x00\x00\x04none\x00\x00\x00\x04none" + g.raw(360)
        label, width = "OPENSSH PRIVATE KEY", 70
    b = base64.b64encode(body).decode("ascii")
    lines = ["-----BEGIN %s-----" % label]
    lines += [b[i:i + width] for i in range(0, len(b), width)]
    lines.append("-----END %s-----" % label)
    return lines


def jwt(g):
    header = base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').decode().rstrip("=")
    payload = json.dumps({
        "sub": g.uuid(), "name": g.pick(FIRST_NAMES).capitalize(),
        "role": g.pick(["admin", "service", "user", "reader"]),
        "iat": 1600000000 + g.int(0, 90000000)}, separators=(",", ":"))
    p = base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")
    return "%s.%s.%s" % (header, p, g.b64url(32))


def generic_password(g):
    while True:
        v = g.chars(PASSWORD_CHARS, g.int(12, 24))
        if any(c.isdigit() for c in v) and any(c.isalpha() for c in v):
            return v


def make_secret(g, kind):
    if kind == "aws":
        kid = "AKIA" + g.chars(AWS_ID_CHARS, 16)
        sec = g.chars(AWS_SECRET_CHARS, 40)
        items = [("kv", "aws_access_key_id", kid, "aws-access-key-id"),
                 ("kv", "aws_secret_access_key", sec, "aws-secret-access-key")]
        if g.chance(0.5):
            items.insert(0, ("kv", "aws_region", g.pick(REGIONS), None))
        return items
    if kind == "github-pat":
        if g.chance(0.6):
            v = "ghp_" + g.chars(ALNUM, 36)
        else:
            v = "github_pat_" + g.chars(ALNUM, 22) + "_" + g.chars(ALNUM, 59)
        return [("kv", g.pick(["github_token", "gh_token", "github_pat", "ci_github_token"]), v, "github-token")]
    if kind == "slack":
        v = "xoxb-%s-%s-%s" % (g.chars(string.digits, g.int(10, 12)),
                               g.chars(string.digits, g.int(12, 13)), g.chars(ALNUM, 24))
        return [("kv", g.pick(["slack_bot_token", "slack_token"]), v, "slack-bot-token")]
    if kind == "stripe":
        v = "sk_live_" + g.chars(ALNUM, g.pick([24, 24, 99]))
        return [("kv", g.pick(["stripe_secret_key", "stripe_api_key"]), v, "stripe-secret-key")]
    if kind == "gitlab":
        v = "glpat-" + g.chars(B64URL, 20)
        return [("kv", g.pick(["gitlab_token", "gitlab_private_token"]), v, "gitlab-pat")]
    if kind == "private-key":
        return [("pem", g.pick(["private_key", "ssh_private_key", "tls_key", "signing_key"]),
                 pem_block(g), "private-key")]
    if kind == "postgres-url":
        user = g.pick(["app", "svc_" + g.noun(), "postgres", "admin", g.pick(FIRST_NAMES)])
        pw = g.chars(ALNUM, g.int(16, 28))
        scheme = g.pick(["postgres", "postgresql"])
        v = "%s://%s:%s@%s:5432/%s" % (scheme, user, pw, g.host(), g.noun() + "_db")
        return [("kv", g.pick(["database_url", "db_url", "postgres_dsn"]), v, "postgres-url")]
    if kind == "password":
        name = g.pick(["password", "db_password", "admin_password", "smtp_password",
                       "redis_password", "mysql_password", "ldap_password", "client_secret",
                       "api_secret"])
        return [("kv", name, generic_password(g), "generic-password")]
    if kind == "jwt":
        return [("kv", g.pick(["auth_token", "access_token", "id_token", "jwt", "bearer_token"]),
                 jwt(g), "jwt")]
    if kind == "google":
        v = "AIza" + g.chars(B64URL, 35)
        return [("kv", g.pick(["google_api_key", "maps_api_key", "firebase_api_key"]), v, "google-api-key")]
    if kind == "openai":
        v = "sk-proj-" + g.chars(B64URL, 74) + "T3BlbkFJ" + g.chars(B64URL, 74)
        return [("kv", "openai_api_key", v, "openai-api-key")]
    if kind == "npm":
        return [("kv", "npm_token", "npm_" + g.chars(ALNUM, 36), "npm-token")]
    if kind == "sendgrid":
        v = "SG.%s.%s" % (g.chars(B64URL, 22), g.chars(B64URL, 43))
        return [("kv", g.pick(["sendgrid_api_key", "sendgrid_key"]), v, "sendgrid-api-key")]
    if kind == "twilio":
        return [("kv", "twilio_account_sid", "AC" + g.hexs(32), None),
                ("kv", "twilio_api_key", "SK" + g.hexs(32), "twilio-api-key")]
    raise ValueError(kind)


SECRET_KINDS = [("aws", 10), ("github-pat", 8), ("slack", 5), ("stripe", 6),
                ("gitlab", 4), ("private-key", 4), ("postgres-url", 8),
                ("password", 14), ("jwt", 6), ("google", 6), ("openai", 5),
                ("npm", 3), ("sendgrid", 3), ("twilio", 3)]
# Kinds that fit on one line inside a minified bundle.
INLINE_KINDS = [("google", 8), ("stripe", 1), ("jwt", 2), ("slack", 1), ("sendgrid", 1)]


def make_decoy(g, kind):
    if kind == "placeholder-var":
        n = g.pick(["db_password", "api_key", "stripe_secret_key", "github_token"])
        return [("kv", n, "${%s}" % n.upper(), "decoy-placeholder-var")]
    if kind == "changeme":
        return [("kv", g.pick(["password", "admin_password", "db_password"]),
                 g.pick(["changeme", "CHANGEME", "change-me"]), "decoy-changeme")]
    if kind == "aws-example":
        return [("kv", "aws_access_key_id", "AKIAIOSFODNN7EXAMPLE", "decoy-aws-example"),
                ("kv", "aws_secret_access_key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                 "decoy-aws-example")]
    if kind == "env-ref":
        n = g.pick(["db_password", "api_key", "stripe_secret_key", "github_token",
                    "aws_secret_access_key", "slack_token"])
        return [("ref", n, n.upper(), "decoy-env-ref")]
    if kind == "angle":
        n = g.pick(["openai_api_key", "api_key", "sendgrid_api_key", "password"])
        return [("kv", n, "<your-%s>" % n.replace("_", "-"), "decoy-angle-placeholder")]
    if kind == "xxx":
        v = g.pick(["ghp_" + "x" * 36, "sk_live_" + "x" * 24, "xoxb-" + "X" * 30,
                    "AKIA" + "X" * 16, "*" * 16])
        return [("kv", g.pick(["token", "secret_key", "api_token"]), v, "decoy-redacted-run")]
    if kind == "template":
        return [("kv", g.pick(["password", "db_password"]),
                 g.pick(["{{ .Values.db.password }}", "{{ db_password }}"]), "decoy-template")]
    raise ValueError(kind)


DECOY_KINDS = [("placeholder-var", 4), ("changeme", 3), ("aws-example", 2),
               ("env-ref", 5), ("angle", 3), ("xxx", 2), ("template", 2)]


# --------------------------------------------------------------------------
# Languages
#
# Each language makes header/block/footer lines and renders secret items.
# render(items) returns (lines, [(offset_in_lines, kind), ...]).
# --------------------------------------------------------------------------


def jq(s):
    """JSON-style double-quoted string."""
    return json.dumps(s)


class Lang:
    name = "text"
    style = "snake"
    indent = ""
    secret_weight = 1.0
    decoy_weight = 1.0

    def __init__(self, g):
        self.g = g

    def header(self):
        return []

    def footer(self):
        return []

    def block(self):
        return [self.g.sentence()]

    def q(self, v):
        return jq(v)

    def assign_expr(self, name, expr):
        return "%s%s = %s" % (self.indent, style_name(name, self.style), expr)

    def envref(self, var):
        return "getenv(%s)" % jq(var)

    def assign(self, name, value):
        return self.assign_expr(name, self.q(value))

    def pem(self, name, lines):
        # Default: one string with \n escapes on one line.
        return [self.assign(name, "\n".join(lines) + "\n")], 0

    def prelude(self):
        return []

    def render(self, items):
        out, marks = list(self.prelude()), []
        for it in items:
            kind = it[3]
            if it[0] == "kv":
                if kind:
                    marks.append((len(out), kind))
                out.append(self.assign(it[1], it[2]))
            elif it[0] == "ref":
                marks.append((len(out), kind))
                out.append(self.assign_expr(it[1], self.envref(it[2])))
            else:
                lines, begin = self.pem(it[1], it[2])
                marks.append((len(out) + begin, kind))
                out.extend(lines)
        return out + self.postlude(), marks

    def postlude(self):
        return []


class Python(Lang):
    name = "python"
    style = "upper"

    def q(self, v):
        if "'" not in v and "\\" not in v and self.g.chance(0.3):
            return "'%s'" % v
        return jq(v)

    def envref(self, var):
        return self.g.pick(['os.environ["%s"]', 'os.getenv("%s")', 'os.environ.get("%s", "")']) % var

    def pem(self, name, lines):
        n = style_name(name, "upper")
        return ['%s = """%s' % (n, lines[0])] + lines[1:-1] + ['%s"""' % lines[-1]], 0

    def header(self):
        g = self.g
        out = ['"""%s."""' % g.sentence(), "from __future__ import annotations", ""]
        mods = ["os", "json", "logging", "time", "re", "datetime", "dataclasses",
                "hashlib", "typing", "pathlib", "itertools", "functools"]
        for m in sorted(g.distinct(mods, g.int(3, 7))):
            out.append("import " + m)
        out.append("from typing import Any, Dict, List, Optional")
        for _ in range(g.int(1, 4)):
            out.append("from %s.%s import %s, %s" % (
                g.pick(SERVICES).replace("-", "_"), g.noun(),
                pascal(g.words()), g.func()))
        out += ["", "logger = logging.getLogger(__name__)", ""]
        return out

    def expr(self):
        g = self.g
        x = g.random()
        if x < 0.3:
            return "%s.%s(%s)" % (g.pick(["self", "client", "repo", "session", "self." + g.noun()]),
                                  g.func(), self.args())
        if x < 0.5:
            return "%s(%s)" % (g.func(), self.args())
        if x < 0.6:
            return '{"%s": %s, "%s": %s}' % (g.noun(), g.var(), g.noun(), self.lit())
        if x < 0.7:
            return "[%s for %s in %s if %s]" % (g.var(), "item", g.var(), "item." + g.noun())
        if x < 0.8:
            return 'f"{%s}/%s/{%s}"' % (g.var(), g.noun(), g.var())
        return self.lit()

    def lit(self):
        g = self.g
        x = g.random()
        if x < 0.3:
            return '"%s"' % g.noun()
        if x < 0.5:
            return str(g.int(0, 5000))
        if x < 0.75:
            return g.pick(["None", "True", "False", "[]", "{}"])
        if x < 0.85:
            return "%d.%d" % (g.int(0, 99), g.int(0, 99))
        return '"%s"' % "-".join(g.words())

    def args(self):
        g = self.g
        a = []
        for _ in range(g.int(0, 3)):
            x = g.random()
            a.append(g.var() if x < 0.4 else (self.lit() if x < 0.7 else "%s=%s" % (g.noun(), g.var())))
        return ", ".join(a)

    def stmts(self, ind, n, depth=0):
        g = self.g
        out = []
        for _ in range(n):
            x = g.random()
            if x < 0.35:
                out.append("%s%s = %s" % (ind, g.var(), self.expr()))
            elif x < 0.45 and depth < 2:
                out.append("%sif %s is None:" % (ind, g.var()))
                out += self.stmts(ind + "    ", g.int(1, 2), depth + 1)
            elif x < 0.55 and depth < 2:
                out.append("%sfor %s in %s:" % (ind, g.noun(), g.var() + "s"))
                out += self.stmts(ind + "    ", g.int(1, 3), depth + 1)
            elif x < 0.63:
                out.append('%slogger.%s("%s: %%s", %s)' % (
                    ind, g.pick(["info", "debug", "warning"]), g.sentence(), g.var()))
            elif x < 0.7:
                out.append("%s# %s." % (ind, g.sentence()))
            elif x < 0.76 and depth < 2:
                out.append("%stry:" % ind)
                out += self.stmts(ind + "    ", g.int(1, 2), depth + 1)
                out.append("%sexcept %s as exc:" % (ind, g.pick(["KeyError", "ValueError", "OSError", "RuntimeError"])))
                out.append('%s    raise %sError("%s") from exc' % (ind, pascal(g.words()), g.sentence()))
            elif x < 0.82:
                out.append('%sraise ValueError(f"invalid %s: {%s!r}")' % (ind, g.noun(), g.var()))
            else:
                out.append("%s%s.%s(%s)" % (ind, g.var(), g.func(), self.args()))
        return out

    def block(self):
        g = self.g
        x = g.random()
        if x < 0.5:
            params = ", ".join("%s: %s" % (g.var(), g.pick(["str", "int", "dict", "Optional[str]", "List[Any]"]))
                               for _ in range(g.int(0, 3)))
            out = []
            if g.chance(0.2):
                out.append('@%s.%s("/%s/<%s_id>")' % (g.pick(["app", "router", "bp"]), g.pick(["get", "post", "route"]), g.noun(), g.noun()))
            out += ["def %s(%s) -> %s:" % (g.func(), params, g.pick(["None", "dict", "str", "bool", "Optional[Any]"])),
                    '    """%s."""' % g.sentence()]
            out += self.stmts("    ", g.int(3, 12))
            out += ["    return %s" % g.var(), "", ""]
            return out
        if x < 0.85:
            out = ["class %s(%s):" % (pascal(g.words()), g.pick(["object", "Base", "Exception", "Protocol"])),
                   '    """%s."""' % g.sentence(), "",
                   "    def __init__(self, %s, %s=None):" % (g.var(), g.var())]
            out += ["        self.%s = %s" % (g.var(), g.var()) for _ in range(g.int(2, 5))]
            for _ in range(g.int(1, 4)):
                out += ["", "    def %s(self, %s):" % (g.func(), g.var())]
                out += self.stmts("        ", g.int(2, 8))
                out.append("        return self.%s" % g.var())
            return out + ["", ""]
        return ["%s = %s" % (g.var().upper(), self.lit()) for _ in range(g.int(2, 6))] + [""]


class CLike(Lang):
    """Shared statement shapes for JS/TS/Go/Java/C#/PHP."""
    style = "camel"
    body_indent = "    "
    semi = ";"

    def v(self):
        return camel(self.g.var().split("_"))

    def f(self):
        return camel(self.g.func().split("_"))

    def lit(self):
        g = self.g
        x = g.random()
        if x < 0.3:
            return '"%s"' % g.noun()
        if x < 0.5:
            return str(g.int(0, 5000))
        if x < 0.7:
            return g.pick(self.consts)
        if x < 0.85:
            return '"/%s/%s"' % (g.noun(), g.noun())
        return '"%s"' % "-".join(g.words())

    null = "null"
    consts = ["null", "true", "false"]

    def arg(self):
        return self.v() if self.g.random() < 0.5 else self.lit()

    def recv(self):
        x = self.g.random()
        return self.v() if x < 0.25 else ("this" if x < 0.6 else ("client" if x < 0.8 else "repo"))

    def call(self):
        g = self.g
        args = ", ".join([self.arg() for _ in range(g.int(0, 3))])
        return "%s.%s(%s)" % (self.recv(), self.f(), args)

    def decl(self, name, expr):
        return "const %s = %s%s" % (name, expr, self.semi)

    def if_null(self, name):
        return "if (%s == null) {" % name

    def for_each(self, item, coll):
        return "for (const %s of %s) {" % (item, coll)

    def log(self, msg, name):
        return "logger.info(%s, %s)%s" % (jq(msg), name, self.semi)

    def throw(self, msg):
        return "throw new Error(%s)%s" % (jq(msg), self.semi)

    def ret(self, name):
        return "return %s%s" % (name, self.semi)

    def stmts(self, ind, n, depth=0):
        g = self.g
        out = []
        for _ in range(n):
            x = g.random()
            if x < 0.35:
                out.append(ind + self.decl(self.v(), self.lit() if g.random() < 0.33 else self.call()))
            elif x < 0.45 and depth < 2:
                out.append(ind + self.if_null(self.v()))
                out += self.stmts(ind + self.body_indent, g.int(1, 2), depth + 1)
                out.append(ind + "}")
            elif x < 0.55 and depth < 2:
                out.append(ind + self.for_each(g.noun(), self.v() + "s"))
                out += self.stmts(ind + self.body_indent, g.int(1, 3), depth + 1)
                out.append(ind + "}")
            elif x < 0.65:
                out.append(ind + self.log(g.sentence(), self.v()))
            elif x < 0.72:
                out.append(ind + "// " + g.sentence() + ".")
            elif x < 0.76:
                out.append(ind + self.throw(g.sentence()))
            else:
                out.append(ind + self.call() + self.semi)
        return out


class JavaScript(CLike):
    name = "js"
    ts = False

    def assign_expr(self, name, expr):
        kw = self.g.pick(["const", "const", "export const", "let"])
        return "%s %s = %s;" % (kw, style_name(name, self.g.pick(["camel", "upper"])), expr)

    def envref(self, var):
        return "process.env.%s" % var

    def pem(self, name, lines):
        return ["const %s = `%s" % (style_name(name, "camel"), lines[0])] + lines[1:-1] + [lines[-1] + "`;"], 0

    def header(self):
        g = self.g
        out = []
        if g.chance(0.3):
            out.append("'use strict';")
        for _ in range(g.int(2, 7)):
            out.append("import %s from '%s';" % (
                g.pick(["{ %s }" % self.f(), pascal(g.words()), "* as " + self.v()]),
                g.pick(NPM_NAMES + ["./" + g.noun(), "../" + g.noun() + "/" + g.noun()])))
        return out + [""]

    def block(self):
        g = self.g
        x = g.random()
        t = (lambda s: ": " + s) if self.ts else (lambda s: "")
        if x < 0.55:
            params = ", ".join(self.v() + t(g.pick(["string", "number", "Record<string, unknown>", "boolean"]))
                               for _ in range(g.int(0, 3)))
            out = ["/**", " * %s." % g.sentence(), " */",
                   "%s%sfunction %s(%s)%s {" % (g.pick(["export ", ""]), g.pick(["async ", ""]), self.f(), params,
                                                t(g.pick(["Promise<void>", "string", "boolean", "unknown"])))]
            out += self.stmts("  ", g.int(3, 12))
            return out + ["  return %s;" % self.v(), "}", ""]
        if x < 0.8:
            cls = pascal(g.words())
            out = ["export class %s%s {" % (cls, g.pick(["", " extends Base" + pascal([g.noun()])]))]
            if self.ts:
                for _ in range(g.int(1, 4)):
                    out.append("  private %s: %s;" % (self.v(), g.pick(["string", "number", pascal([g.noun()])])))
            out.append("  constructor(%s) {" % ", ".join(self.v() for _ in range(g.int(1, 3))))
            out += ["    this.%s = %s;" % (self.v(), self.v()) for _ in range(g.int(1, 4))]
            out.append("  }")
            for _ in range(g.int(1, 4)):
                out += ["", "  %s%s(%s) {" % (g.pick(["async ", ""]), self.f(), self.v())]
                out += self.stmts("    ", g.int(2, 8))
                out.append("  }")
            return out + ["}", ""]
        if self.ts and x < 0.9:
            out = ["export interface %s {" % pascal(g.words())]
            out += ["  %s%s: %s;" % (self.v(), g.pick(["", "?"]), g.pick(["string", "number", "boolean", "string[]", pascal([g.noun()])]))
                    for _ in range(g.int(2, 9))]
            return out + ["}", ""]
        out = ["export const %s = {" % style_name("_".join(g.words()), "upper")]
        out += ["  %s: %s," % (self.v(), self.lit()) for _ in range(g.int(2, 8))]
        return out + ["};", ""]


class TypeScript(JavaScript):
    name = "ts"
    ts = True


class Go(CLike):
    name = "go"
    semi = ""
    null = "nil"
    body_indent = "\t"

    def f(self):
        return pascal(self.g.func().split("_"))

    def assign_expr(self, name, expr):
        return "%s %s = %s" % (self.g.pick(["var", "const"]) if expr.startswith('"') else "var",
                               style_name(name, "camel"), expr)

    def envref(self, var):
        return 'os.Getenv("%s")' % var

    def pem(self, name, lines):
        return ["const %s = `%s" % (style_name(name, "camel"), lines[0])] + lines[1:-1] + [lines[-1] + "`"], 0

    def decl(self, name, expr):
        return "%s := %s" % (name, expr)

    def if_null(self, name):
        return "if %s == nil {" % name

    def for_each(self, item, coll):
        return "for _, %s := range %s {" % (item, coll)

    def log(self, msg, name):
        return 'log.Printf("%s: %%v", %s)' % (msg, name)

    def throw(self, msg):
        return 'return nil, fmt.Errorf("%s: %%w", err)' % msg.lower()

    consts = ["nil", "true", "false", "ctx", "ctx"]

    def recv(self):
        x = self.g.random()
        return self.v() if x < 0.25 else ("s" if x < 0.6 else ("c" if x < 0.8 else "r.db"))

    def header(self):
        g = self.g
        out = ["// Package %s %s." % (g.noun(), g.sentence().lower()), "package " + g.noun(), "", "import ("]
        for p in ["context", "fmt", "log", "os", "time", "errors", "net/http", "encoding/json", "strings", "sync"]:
            if g.chance(0.5):
                out.append('\t"%s"' % p)
        out.append('\t"github.com/acme-corp/%s/internal/%s"' % (g.pick(SERVICES), g.noun()))
        return out + [")", ""]

    def block(self):
        g = self.g
        x = g.random()
        if x < 0.6:
            recv = g.pick(["", "(s *%s) " % pascal([g.noun(), "service"]), "(r *%s) " % pascal([g.noun(), "repo"])])
            out = ["// %s %s." % (self.f(), g.sentence().lower()),
                   "func %s%s(ctx context.Context, %s string) (*%s, error) {" % (recv, self.f(), self.v(), pascal(g.words()))]
            out += self.stmts("\t", g.int(3, 12))
            return out + ["\treturn %s, nil" % self.v(), "}", ""]
        if x < 0.85:
            out = ["type %s struct {" % pascal(g.words())]
            out += ['\t%s %s `json:"%s"`' % (pascal([g.noun()]), g.pick(["string", "int64", "bool", "time.Time", "[]string", "*" + pascal([g.noun()])]), g.noun())
                    for _ in range(g.int(2, 8))]
            return out + ["}", ""]
        out = ["const ("]
        out += ["\t%s = %s" % (pascal(g.words()), self.lit()) for _ in range(g.int(2, 6))]
        return out + [")", ""]


class Java(CLike):
    name = "java"
    indent = "    "

    def assign_expr(self, name, expr):
        return "    private static final String %s = %s;" % (style_name(name, "upper"), expr)

    def envref(self, var):
        return 'System.getenv("%s")' % var

    def pem(self, name, lines):
        return (['    private static final String %s = """' % style_name(name, "upper")] +
                ["        " + l for l in lines] + ['        """;']), 1

    def decl(self, name, expr):
        return "%s %s = %s;" % (self.g.pick(["var", "final var", "String", pascal([self.g.noun()])]), name, expr)

    def for_each(self, item, coll):
        return "for (var %s : %s) {" % (item, coll)

    def log(self, msg, name):
        return 'LOG.%s("%s {}", %s);' % (self.g.pick(["info", "debug", "warn"]), msg, name)

    def throw(self, msg):
        return "throw new IllegalStateException(%s);" % jq(msg)

    def header(self):
        g = self.g
        self.cls = pascal(g.words())
        out = ["package com.acme.%s.%s;" % (g.pick(SERVICES).replace("-", ""), g.noun()), ""]
        imports = g.distinct(["java.util.List", "java.util.Map", "java.util.Optional", "java.time.Instant",
                              "java.util.concurrent.CompletableFuture", "java.util.stream.Collectors"], g.int(1, 5))
        imports += ["com.acme.%s.%s" % (g.noun(), pascal(g.words())) for _ in range(g.int(0, 4))]
        for imp in sorted(set(imports)) + ["org.slf4j.Logger", "org.slf4j.LoggerFactory"]:
            out.append("import %s;" % imp)
        return out + ["", "/**", " * %s." % g.sentence(), " */",
                      "public class %s {" % self.cls,
                      "    private static final Logger LOG = LoggerFactory.getLogger(%s.class);" % self.cls, ""]

    def footer(self):
        return ["}"]

    def block(self):
        g = self.g
        if g.chance(0.8):
            out = ["    /** %s. */" % g.sentence(),
                   "    public %s %s(%s) {" % (g.pick(["void", "String", "boolean", pascal([g.noun()]), "List<%s>" % pascal([g.noun()])]),
                                              self.f(), ", ".join("%s %s" % (g.pick(["String", "int", "long", pascal([g.noun()])]), self.v())
                                                                  for _ in range(g.int(0, 3))))]
            out += self.stmts("        ", g.int(3, 12))
            return out + ["        return %s;" % self.v(), "    }", ""]
        return ["    private %s %s;" % (g.pick(["final String", "int", "long", pascal([g.noun()])]), self.v())
                for _ in range(g.int(2, 6))] + [""]


class CSharp(CLike):
    name = "cs"

    def f(self):
        return pascal(self.g.func().split("_"))

    def assign_expr(self, name, expr):
        mod = self.g.pick(["private const string", "public static readonly string"]) if expr.startswith('"') \
            else "private static readonly string"
        return "        %s %s = %s;" % (mod, style_name(name, "pascal"), expr)

    def envref(self, var):
        return 'Environment.GetEnvironmentVariable("%s")' % var

    def pem(self, name, lines):
        return ['        private const string %s = @"%s' % (style_name(name, "pascal"), lines[0])] + lines[1:-1] + [lines[-1] + '";'], 0

    def decl(self, name, expr):
        return "var %s = %s;" % (name, expr)

    def if_null(self, name):
        return "if (%s is null) {" % name

    def for_each(self, item, coll):
        return "foreach (var %s in %s) {" % (item, coll)

    def log(self, msg, name):
        return '_logger.LogInformation("%s {Value}", %s);' % (msg, name)

    def throw(self, msg):
        return "throw new InvalidOperationException(%s);" % jq(msg)

    def header(self):
        g = self.g
        out = ["using System;", "using System.Collections.Generic;", "using System.Threading.Tasks;",
               "using Microsoft.Extensions.Logging;", "",
               "namespace Acme.%s.%s" % (pascal(g.pick(SERVICES).split("-")), pascal([g.noun()])), "{",
               "    /// <summary>%s.</summary>" % g.sentence(),
               "    public sealed class %s" % pascal(g.words()), "    {",
               "        private readonly ILogger _logger;", ""]
        return out

    def footer(self):
        return ["    }", "}"]

    def block(self):
        g = self.g
        out = ["        public async Task<%s> %sAsync(%s)" % (
            pascal([g.noun()]), self.f(),
            ", ".join("%s %s" % (g.pick(["string", "int", "Guid", pascal([g.noun()])]), self.v()) for _ in range(g.int(0, 3)))),
            "        {"]
        out += self.stmts("            ", g.int(3, 12))
        return out + ["            return %s;" % self.v(), "        }", ""]


class Php(CLike):
    name = "php"

    def v(self):
        return "$" + camel(self.g.var().split("_"))

    def call(self):
        g = self.g
        args = ", ".join([self.arg() for _ in range(g.int(0, 3))])
        x = g.random()
        recv = "$this" if x < 0.4 else (self.v() if x < 0.7 else "$this->" + g.noun())
        return "%s->%s(%s)" % (recv, self.f(), args)

    def q(self, v):
        if "'" in v or "\\" in v:
            return jq(v)
        return "'%s'" % v

    array_style = False

    def render(self, items):
        self.array_style = self.g.chance(0.5)
        return Lang.render(self, items)

    def prelude(self):
        return ["$%s = [" % self.g.pick(["config", "credentials", "settings"])] if self.array_style else []

    def postlude(self):
        return ["];"] if self.array_style else []

    def assign_expr(self, name, expr):
        if self.array_style:
            return "    '%s' => %s," % (name, expr)
        return "$%s = %s;" % (style_name(name, "camel"), expr)

    def envref(self, var):
        return self.g.pick(["getenv('%s')", "env('%s')", "$_ENV['%s']"]) % var

    def pem(self, name, lines):
        return ["$%s = <<<EOT" % style_name(name, "camel")] + lines + ["EOT;"], 1

    def decl(self, name, expr):
        return "%s = %s;" % (name, expr)

    def if_null(self, name):
        return "if (%s === null) {" % name

    def for_each(self, item, coll):
        return "foreach (%s as $%s) {" % (coll, item)

    def log(self, msg, name):
        return "$this->logger->info('%s', ['value' => %s]);" % (msg, name)

    def throw(self, msg):
        return "throw new \\RuntimeException('%s');" % msg.replace("'", "")

    def header(self):
        g = self.g
        out = ["<?php", "", "declare(strict_types=1);", "",
               "namespace App\\%s\\%s;" % (pascal(g.pick(SERVICES).split("-")), pascal([g.noun()])), ""]
        out += ["use App\\%s\\%s;" % (pascal([g.noun()]), pascal(g.words())) for _ in range(g.int(1, 5))]
        return out + [""]

    def block(self):
        g = self.g
        if g.chance(0.25):
            out = ["return ["] if g.chance(0.3) else ["$config = ["]
            out += ["    '%s' => %s," % (g.noun(), self.lit()) for _ in range(g.int(2, 8))]
            return out + ["];", ""]
        out = ["final class %s" % pascal(g.words()), "{"]
        for _ in range(g.int(1, 4)):
            out += ["    public function %s(%s): %s" % (self.f(), ", ".join("%s %s" % (g.pick(["string", "int", "array", "?string"]), self.v()) for _ in range(g.int(0, 3))),
                                                       g.pick(["array", "void", "string", "bool"])), "    {"]
            out += self.stmts("        ", g.int(2, 9))
            out += ["        return %s;" % self.v(), "    }", ""]
        return out + ["}", ""]


class Ruby(Lang):
    name = "ruby"
    style = "upper"

    def q(self, v):
        if "'" in v or "\\" in v:
            return jq(v)
        return "'%s'" % v

    def envref(self, var):
        return self.g.pick(["ENV['%s']", "ENV.fetch('%s')"]) % var

    def pem(self, name, lines):
        return ["%s = <<~PEM" % style_name(name, "upper")] + ["  " + l for l in lines] + ["PEM"], 1

    def header(self):
        g = self.g
        out = ["# frozen_string_literal: true", ""]
        out += ["require '%s'" % g.pick(["json", "net/http", "logger", "securerandom", "time", g.noun()]) for _ in range(g.int(1, 4))]
        return out + [""]

    def block(self):
        g = self.g
        out = ["# %s." % g.sentence(), "class %s < %s" % (pascal(g.words()), g.pick(["ApplicationRecord", "BaseService", "StandardError", "ApplicationController"]))]
        if g.chance(0.5):
            out.append("  attr_reader %s" % ", ".join(":" + g.var() for _ in range(g.int(1, 4))))
        for _ in range(g.int(1, 4)):
            out += ["", "  def %s(%s)" % (g.func(), ", ".join(g.var() for _ in range(g.int(0, 3))))]
            for _ in range(g.int(2, 8)):
                x = g.random()
                if x < 0.4:
                    out.append("    %s = %s.%s(%s)" % (g.var(), g.pick(["@" + g.noun(), g.var(), "client"]), g.func(), g.var()))
                elif x < 0.55:
                    out += ["    return if %s.nil?" % g.var()]
                elif x < 0.7:
                    out += ["    %s.each do |%s|" % (g.var(), g.noun()), "      %s << %s.%s" % (g.var(), g.noun(), g.noun()), "    end"]
                elif x < 0.8:
                    out.append("    Rails.logger.info(\"%s: #{%s}\")" % (g.sentence(), g.var()))
                else:
                    out.append("    @%s ||= { %s: %s, %s: '%s' }" % (g.var(), g.noun(), g.var(), g.noun(), g.noun()))
            out.append("  end")
        return out + ["end", ""]


class Shell(Lang):
    name = "shell"
    style = "upper"
    secret_weight = 2.0

    def assign_expr(self, name, expr):
        return "%s%s=%s" % (self.g.pick(["export ", "", "export "]), style_name(name, "upper"), expr)

    def envref(self, var):
        return '"${%s:?missing %s}"' % (var, var)

    def pem(self, name, lines):
        return ["cat > \"${TMPDIR:-/tmp}/%s.pem\" <<'EOF'" % name] + lines + ["EOF"], 1

    def header(self):
        g = self.g
        return ["#!/usr/bin/env bash", "# %s." % g.sentence(), "set -euo pipefail", "",
                'SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"',
                'ENVIRONMENT="${1:-%s}"' % g.pick(["staging", "production", "dev"]), ""]

    def block(self):
        g = self.g
        x = g.random()
        if x < 0.5:
            out = ["%s() {" % g.func()]
            for _ in range(g.int(2, 8)):
                out.append("  " + g.pick([
                    'echo "==> %s"' % g.sentence(),
                    'local %s="$1"' % g.var(),
                    'docker build -t "acme/%s:${VERSION:-latest}" "$SCRIPT_DIR/.."' % g.pick(SERVICES),
                    'kubectl -n "%s" rollout status deploy/%s --timeout=120s' % (g.noun(), g.pick(SERVICES)),
                    'curl -fsSL -H "Authorization: Bearer ${API_TOKEN}" "https://%s/api/v1/%s"' % (g.host(), g.noun()),
                    'aws s3 cp "s3://acme-%s/%s.tar.gz" "$WORK_DIR/"' % (g.noun(), g.noun()),
                    'if [[ -z "${%s:-}" ]]; then echo "missing %s" >&2; exit 1; fi' % (g.var().upper(), g.noun()),
                    'for f in "$SCRIPT_DIR"/%s/*.yaml; do kubectl apply -f "$f"; done' % g.noun(),
                    'jq -r \'.%s[] | .%s\' "%s.json" | sort -u' % (g.noun(), g.noun(), g.noun())]))
            return out + ["}", ""]
        if x < 0.8:
            return ["# %s" % g.sentence(), '%s="%s"' % (g.var().upper(), g.pick([g.noun(), g.version(), g.host()])), ""]
        return ['case "$ENVIRONMENT" in', "  %s) %s ;;" % (g.pick(["staging", "prod", "dev"]), g.func()),
                '  *) echo "unknown environment: $ENVIRONMENT" >&2; exit 2 ;;', "esac", ""]


class Yaml(Lang):
    name = "yaml"
    secret_weight = 3.0
    decoy_weight = 2.0

    def q(self, v):
        return jq(v) if self.g.chance(0.5) or v[:1] in "{*!&@%`[<" else v

    def assign_expr(self, name, expr):
        return "  %s: %s" % (name, expr)

    def envref(self, var):
        return "${%s}" % var

    def prelude(self):
        return [self.g.pick(["credentials:", "secrets:", "config:", "auth:"])]

    def pem(self, name, lines):
        return ["  %s: |" % name] + ["    " + l for l in lines], 1

    def header(self):
        g = self.g
        return ["# %s" % g.sentence(), "apiVersion: %s" % g.pick(["apps/v1", "v1", "batch/v1"]),
                "kind: %s" % g.pick(["Deployment", "ConfigMap", "CronJob", "Service"]),
                "metadata:", "  name: %s" % g.pick(SERVICES), "  namespace: %s" % g.noun(),
                "  labels:", "    app.kubernetes.io/name: %s" % g.pick(SERVICES), "---"]

    def block(self):
        g = self.g
        x = g.random()
        if x < 0.4:
            out = ["%s:" % g.noun()]
            for _ in range(g.int(2, 8)):
                out.append("  %s: %s" % (g.noun(), g.pick([g.noun(), str(g.int(0, 1000)), "true", "false", jq(g.host()), "%dm" % g.int(1, 60)])))
            return out
        if x < 0.7:
            out = ["containers:", "  - name: %s" % g.pick(SERVICES),
                   "    image: registry.acme-corp.test/%s:%s" % (g.pick(SERVICES), g.version()),
                   "    ports:", "      - containerPort: %d" % g.int(3000, 9000), "    env:"]
            for _ in range(g.int(2, 6)):
                out += ["      - name: %s" % g.var().upper(), "        value: %s" % jq(g.pick([g.noun(), g.version(), str(g.int(1, 100))]))]
            out += ["    resources:", "      limits:", "        cpu: %dm" % g.int(100, 2000), "        memory: %dMi" % g.int(64, 4096)]
            return out
        out = ["jobs:", "  %s:" % g.func().replace("_", "-"), "    runs-on: ubuntu-latest", "    steps:",
               "      - uses: actions/checkout@v4"]
        for _ in range(g.int(1, 4)):
            out += ["      - name: %s" % g.sentence(), "        run: make %s" % g.noun()]
        return out


class JsonLang(Lang):
    name = "json"
    secret_weight = 2.0

    def assign_expr(self, name, expr):
        return '    "%s": %s,' % (name, expr)

    def envref(self, var):
        return jq("${%s}" % var)

    def prelude(self):
        return ['  "%s": {' % self.g.pick(["credentials", "secrets", "auth", "integration"])]

    def postlude(self):
        return ['    "enabled": true', "  },"]

    def header(self):
        return ["{", '  "name": "%s",' % self.g.pick(SERVICES), '  "version": "%s",' % self.g.version()]

    def footer(self):
        return ['  "generatedAt": "2024-0%d-1%dT10:00:00Z"' % (self.g.int(1, 9), self.g.int(0, 9)), "}"]

    def block(self):
        g = self.g
        out = ['  "%s": {' % g.noun()]
        n = g.int(2, 9)
        for i in range(n):
            x = g.random()
            if x < 0.3:
                val = '"%s"' % g.noun()
            elif x < 0.5:
                val = str(g.int(0, 100000))
            elif x < 0.65:
                val = g.pick(["true", "false", "null"])
            elif x < 0.75:
                val = '"%s"' % g.uuid()
            elif x < 0.85:
                val = '"https://%s/%s"' % (g.host(), g.noun())
            else:
                val = "[%s]" % ", ".join(['"%s"' % g.noun() for _ in range(g.int(1, 4))])
            out.append('    "%s": %s%s' % (g.noun(), val, "," if i < n - 1 else ""))
        return out + ["  },"]


class DotEnv(Lang):
    name = "env"
    style = "upper"
    secret_weight = 100.0
    decoy_weight = 6.0

    def q(self, v):
        return jq(v) if self.g.chance(0.3) else v

    def assign_expr(self, name, expr):
        return "%s=%s" % (style_name(name, "upper"), expr)

    def envref(self, var):
        return "${%s}" % var

    def pem(self, name, lines):
        return ['%s="%s\\n"' % (style_name(name, "upper"), "\\n".join(lines))], 0

    def header(self):
        return ["# %s" % self.g.sentence()]

    def block(self):
        g = self.g
        return [g.pick(["NODE_ENV=production", "LOG_LEVEL=%s" % g.pick(["info", "debug", "warn"]),
                        "PORT=%d" % g.int(3000, 9000), "%s_HOST=%s" % (g.noun().upper(), g.host()),
                        "%s_ENABLED=%s" % (g.var().upper(), g.pick(["true", "false"])),
                        "REDIS_URL=redis://localhost:6379/%d" % g.int(0, 15),
                        "%s_TIMEOUT_MS=%d" % (g.noun().upper(), g.int(100, 30000)),
                        "# %s" % g.sentence(), ""])]


class DotEnvExample(DotEnv):
    secret_weight = 0.0
    decoy_weight = 60.0


class NpmRc(DotEnv):
    name = "npmrc"
    secret_weight = 600.0
    decoy_weight = 0.0

    def header(self):
        return ["registry=https://registry.npmjs.org/", "save-exact=true"]

    def block(self):
        return [self.g.pick(["always-auth=true", "fund=false", "audit=false", "engine-strict=true"])]

    def render(self, items):
        out, marks = [], []
        for it in items:
            if it[0] == "kv" and it[3] == "npm-token":
                marks.append((len(out), it[3]))
                out.append("//registry.npmjs.org/:_authToken=%s" % it[2])
        return out, marks


class Dockerfile(Lang):
    name = "docker"
    secret_weight = 3.0

    def assign_expr(self, name, expr):
        return "%s %s=%s" % (self.g.pick(["ENV", "ARG"]), style_name(name, "upper"), expr)

    def envref(self, var):
        return "${%s}" % var

    def header(self):
        g = self.g
        return ["# syntax=docker/dockerfile:1.6",
                "FROM %s AS build" % g.pick(["golang:1.22-bookworm", "node:20-slim", "python:3.12-slim", "eclipse-temurin:21-jdk"]),
                "WORKDIR /src"]

    def block(self):
        g = self.g
        return [g.pick([
            "RUN apt-get update && apt-get install -y --no-install-recommends %s && rm -rf /var/lib/apt/lists/*" % " ".join(g.pick(["curl", "git", "ca-certificates", "jq", "make", "gcc", "libpq-dev"]) for _ in range(3)),
            "COPY %s/ ./%s/" % (g.noun(), g.noun()),
            "RUN --mount=type=cache,target=/root/.cache make %s" % g.noun(),
            "EXPOSE %d" % g.int(3000, 9000),
            "ENV %s_MODE=%s" % (g.noun().upper(), g.noun()),
            "# %s" % g.sentence(),
            "HEALTHCHECK CMD curl -f http://localhost:%d/healthz || exit 1" % g.int(3000, 9000)])]

    def footer(self):
        return ["FROM gcr.io/distroless/base-debian12", "COPY --from=build /src/bin/app /app",
                'ENTRYPOINT ["/app"]']


class Terraform(Lang):
    name = "terraform"
    secret_weight = 3.0
    indent = "  "

    def envref(self, var):
        return "var.%s" % var.lower()

    def prelude(self):
        return ["locals {"] if self.g.chance(0.5) else ['provider "%s" {' % self.g.pick(["aws", "postgresql", "github"])]

    def postlude(self):
        return ["}", ""]

    def pem(self, name, lines):
        return ["  %s = <<-EOT" % name] + ["    " + l for l in lines] + ["  EOT"], 1

    def header(self):
        g = self.g
        return ["terraform {", '  required_version = ">= 1.5"', "  required_providers {",
                '    aws = { source = "hashicorp/aws", version = "~> 5.0" }', "  }", "}", ""]

    def block(self):
        g = self.g
        x = g.random()
        if x < 0.65:
            out = ['resource "%s" "%s" {' % (g.pick(TF_RESOURCES), g.var())]
            for _ in range(g.int(2, 8)):
                out.append("  %s = %s" % (g.noun(), g.pick([jq(g.noun()), str(g.int(1, 100)), "true", "var.%s" % g.var(),
                                                           "aws_iam_role.%s.arn" % g.var(), jq(g.pick(REGIONS))])))
            if g.chance(0.4):
                out += ["  tags = {", '    Team = "%s"' % g.noun(), '    Env  = "%s"' % g.pick(["prod", "staging"]), "  }"]
            return out + ["}", ""]
        if x < 0.85:
            return ['variable "%s" {' % g.var(), '  type        = %s' % g.pick(["string", "number", "bool", "list(string)"]),
                    '  description = "%s"' % g.sentence(), "}", ""]
        return ['output "%s" {' % g.var(), "  value = %s.%s.%s" % (g.pick(TF_RESOURCES), g.var(), g.pick(["id", "arn", "name"])), "}", ""]


class Markdown(Lang):
    name = "markdown"
    decoy_weight = 3.0
    secret_weight = 1.0

    def __init__(self, g):
        super().__init__(g)
        self.langs = [Python(g), JavaScript(g), Go(g), Shell(g), Yaml(g)]
        self.fence_names = ["python", "js", "go", "bash", "yaml"]

    def assign_expr(self, name, expr):
        return "export %s=%s" % (style_name(name, "upper"), expr)

    def envref(self, var):
        return '"$%s"' % var

    def prelude(self):
        return ["Set the credentials before running the examples:", "", "```bash"]

    def postlude(self):
        return ["```", ""]

    def pem(self, name, lines):
        return lines, 0

    def header(self):
        g = self.g
        return ["# %s" % pascal(g.words()), "", g.sentence() + ". " + g.sentence() + ".", ""]

    def block(self):
        g = self.g
        x = g.random()
        if x < 0.35:
            return [" ".join(g.sentence() + "." for _ in range(g.int(2, 6))), ""]
        if x < 0.5:
            return ["## %s" % g.sentence(), ""]
        if x < 0.65:
            return ["- %s" % g.sentence() for _ in range(g.int(2, 6))] + [""]
        if x < 0.75:
            out = ["| %s | %s | %s |" % (g.noun(), g.noun(), g.noun()), "|---|---|---|"]
            out += ["| `%s` | %s | %s |" % (g.var(), g.int(0, 999), g.sentence()) for _ in range(g.int(2, 8))]
            return out + [""]
        i = g.int(0, len(self.langs) - 1)
        body = self.langs[i].block()
        return ["```" + self.fence_names[i]] + body[:30] + ["```", ""]


LANGS = {
    "py": Python, "js": JavaScript, "ts": TypeScript, "go": Go, "java": Java,
    "cs": CSharp, "php": Php, "rb": Ruby, "sh": Shell, "yaml": Yaml,
    "json": JsonLang, "env": DotEnv, "envexample": DotEnvExample, "npmrc": NpmRc,
    "docker": Dockerfile, "tf": Terraform, "md": Markdown,
}


# --------------------------------------------------------------------------
# File builders
# --------------------------------------------------------------------------


class FileResult:
    __slots__ = ("data", "secrets", "decoys")

    def __init__(self, data, secrets, decoys):
        self.data = data
        self.secrets = secrets
        self.decoys = decoys


def build_code(g, lang_cls, target, rates):
    secret_rate, decoy_rate = rates
    lang = lang_cls(g)
    lines = list(lang.header())
    size = sum(len(l) + 1 for l in lines)
    secrets, decoys = [], []
    footer = lang.footer()
    fsize = sum(len(l) + 1 for l in footer)
    while size + fsize < target:
        blk = lang.block()
        lines.extend(blk)
        b = sum(len(l) + 1 for l in blk)
        size += b
        if lang.secret_weight and g.chance(b * secret_rate * lang.secret_weight):
            kind = g.weighted(SECRET_KINDS)
            if lang_cls is NpmRc:
                kind = "npm"
            out, marks = lang.render(make_secret(g, kind))
            for off, k in marks:
                secrets.append((len(lines) + off + 1, k))
            lines.extend(out)
            size += sum(len(l) + 1 for l in out)
        if lang.decoy_weight and g.chance(b * decoy_rate * lang.decoy_weight):
            out, marks = lang.render(make_decoy(g, g.weighted(DECOY_KINDS)))
            for off, k in marks:
                decoys.append((len(lines) + off + 1, k))
            lines.extend(out)
            size += sum(len(l) + 1 for l in out)
    lines.extend(footer)
    return FileResult(("\n".join(lines) + "\n").encode("utf-8"), secrets, decoys)


MIN_SNIPPETS = [
    "function {a}({b},{c}){{return {b}.{p}({c})}}",
    "var {a}={b}||{{}};",
    "{a}.prototype.{p}=function({b}){{this.{q}={b}}};",
    'if(!{a})throw new Error("{m}");',
    "{a}=Object.assign({{}},{b},{{{p}:{c}}});",
    "for(var {a}=0;{a}<{b}.length;{a}++){c}.push({b}[{a}]);",
    '"string"==typeof {a}&&({b}={a});',
    "case {n}:return {a}.{p};",
    "{a}.{p}=function(){{return{q}:{n},{p}:!0}};",
    '{a}.exports={{{p}:"{m}",{q}:{n}}};',
    "const {a}=({b},{c})=>{b}.{p}.filter({c}=>{c}.{q}!==void 0);",
    "return {a}.then(function({b}){{return {b}.json()}}).catch({c});",
    '{a}("{w}",function({b}){{{b}.preventDefault(),{c}.{p}({b}.target.value)}});',
    "{a}[{n}]=[function({b},{c},{d}){{\"use strict\";{d}.r({c});var {a}={d}({n});}}];",
]
MIN_IDS = [a for a in string.ascii_letters] + [a + b for a in "etnroias" for b in "eotnri$_"]


def build_minified(g, target, rates):
    secret_rate, _ = rates
    lines, secrets = [], []
    size = 0
    cur, cur_len = [], 0
    line_target = g.int(20000, 400000)
    pick, ids = g.pick, MIN_IDS
    while size + cur_len < target:
        s = pick(MIN_SNIPPETS).format(
            a=pick(ids), b=pick(ids), c=pick(ids), d=pick(ids),
            p=camel(g.words()), q=g.noun(), n=g.int(0, 999), m=g.sentence(), w=pick(["click", "change", "submit", "keydown"]))
        cur.append(s)
        cur_len += len(s)
        if g.chance(len(s) * secret_rate * 0.3):
            items = make_secret(g, g.weighted(INLINE_KINDS))
            it = items[-1]
            cur.append('var %s={%s:"%s"};' % (pick(ids), camel(it[1].split("_")), it[2]))
            secrets.append((len(lines) + 1, it[3]))
            cur_len += len(cur[-1])
            # at most one secret per line
            lines.append("".join(cur))
            size += cur_len + 1
            cur, cur_len = [], 0
            line_target = g.int(20000, 400000)
        elif cur_len >= line_target:
            lines.append("".join(cur))
            size += cur_len + 1
            cur, cur_len = [], 0
            line_target = g.int(20000, 400000)
    if cur:
        lines.append("".join(cur))
    lines.append("//# sourceMappingURL=%s.js.map" % g.noun())
    return FileResult(("\n".join(lines) + "\n").encode(), secrets, [])


VLQ = ALNUM + "+/"


def build_sourcemap(g, target, rates):
    js = JavaScript(g)
    sources, contents = [], []
    size = 0
    while size < target * 0.6:
        path = "webpack://%s/./src/%s/%s.js" % (g.pick(APPS), g.noun(), camel(g.words()))
        text = "\n".join(js.header() + js.block() + js.block())
        sources.append(path)
        contents.append(text)
        size += len(text) + len(path)
    segs = []
    n = 0
    while n < target * 0.4:
        s = g.chars(VLQ, g.int(4, 8))
        segs.append(s)
        n += len(s) + 1
    mappings = ";".join(",".join(segs[i:i + 12]) for i in range(0, len(segs), 12))
    doc = {"version": 3, "file": "main.js", "sources": sources, "sourcesContent": contents,
           "names": sorted(set(NOUNS[:60])), "mappings": mappings}
    return FileResult(json.dumps(doc, separators=(",", ":")).encode() + b"\n", [], [])


def sri(g):
    return "sha512-" + g.b64(64)


def npm_pkg_name(g):
    if g.chance(0.3):
        return g.pick(NPM_NAMES)
    if g.chance(0.3):
        return "@%s/%s" % (g.pick(["acme", "babel", "types", "aws-sdk", "smithy"]), "-".join(g.words()))
    return "-".join(g.words())


def build_lockfile(g, kind, target):
    lines = []
    size = 0
    if kind == "package-lock":
        lines += ["{", '  "name": "%s",' % g.pick(APPS), '  "version": "%s",' % g.version(),
                  '  "lockfileVersion": 3,', '  "requires": true,', '  "packages": {']
        while size < target:
            name, ver = npm_pkg_name(g), g.version()
            short = name.split("/")[-1]
            blk = ['    "node_modules/%s": {' % name, '      "version": "%s",' % ver,
                   '      "resolved": "https://registry.npmjs.org/%s/-/%s-%s.tgz",' % (name, short, ver),
                   '      "integrity": "%s",' % sri(g)]
            if g.chance(0.4):
                blk.append('      "dev": true,')
            if g.chance(0.5):
                blk.append('      "dependencies": {')
                deps = ['        "%s": "^%s"' % (npm_pkg_name(g), g.version()) for _ in range(g.int(1, 5))]
                blk += [d + "," for d in deps[:-1]] + [deps[-1], "      },"]
            blk += ['      "engines": {', '        "node": ">=%d"' % g.pick([12, 14, 16, 18]), "      }", "    },"]
            lines += blk
            size += sum(len(l) + 1 for l in blk)
        lines[-1] = "    }"
        lines += ["  }", "}"]
    elif kind == "yarn":
        lines += ["# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.", "# yarn lockfile v1", ""]
        while size < target:
            name, ver = npm_pkg_name(g), g.version()
            blk = ['"%s@^%s", "%s@^%s":' % (name, ver, name, g.version()), '  version "%s"' % ver,
                   '  resolved "https://registry.yarnpkg.com/%s/-/%s-%s.tgz#%s"' % (name, name.split("/")[-1], ver, g.hexs(40)),
                   "  integrity %s" % sri(g)]
            if g.chance(0.5):
                blk.append("  dependencies:")
                blk += ['    %s "^%s"' % (npm_pkg_name(g), g.version()) for _ in range(g.int(1, 4))]
            blk.append("")
            lines += blk
            size += sum(len(l) + 1 for l in blk)
    elif kind == "pnpm":
        lines += ["lockfileVersion: '6.0'", "", "packages:", ""]
        while size < target:
            name, ver = npm_pkg_name(g), g.version()
            blk = ["  /%s@%s:" % (name, ver), "    resolution: {integrity: %s}" % sri(g),
                   "    engines: {node: '>=14'}", "    dev: %s" % g.pick(["true", "false"]), ""]
            lines += blk
            size += sum(len(l) + 1 for l in blk)
    elif kind == "go.sum":
        while size < target:
            mod = "github.com/%s/%s" % (g.noun(), "-".join(g.words()))
            ver = "v" + g.version()
            blk = ["%s %s h1:%s" % (mod, ver, g.b64(32)), "%s %s/go.mod h1:%s" % (mod, ver, g.b64(32))]
            lines += blk
            size += sum(len(l) + 1 for l in blk)
    elif kind == "cargo":
        lines += ["# This file is automatically @generated by Cargo.", "# It is not intended for manual editing.", "version = 3", ""]
        while size < target:
            blk = ["[[package]]", 'name = "%s"' % "-".join(g.words()), 'version = "%s"' % g.version(),
                   'source = "registry+https://github.com/rust-lang/crates.io-index"',
                   'checksum = "%s"' % g.hexs(64)]
            if g.chance(0.5):
                blk += ["dependencies = ["] + [' "%s",' % "-".join(g.words()) for _ in range(g.int(1, 4))] + ["]"]
            blk.append("")
            lines += blk
            size += sum(len(l) + 1 for l in blk)
    else:  # poetry
        while size < target:
            name = "-".join(g.words())
            ver = g.version()
            blk = ["[[package]]", 'name = "%s"' % name, 'version = "%s"' % ver, 'description = "%s"' % g.sentence(),
                   'optional = false', 'python-versions = ">=3.8"', "files = ["]
            for tag in ["py3-none-any.whl", "tar.gz"]:
                blk.append('    {file = "%s-%s-%s", hash = "sha256:%s"},' % (name.replace("-", "_"), ver, tag, g.hexs(64)))
            blk += ["]", ""]
            lines += blk
            size += sum(len(l) + 1 for l in blk)
    return FileResult(("\n".join(lines) + "\n").encode(), [], [])


def bcrypt(g):
    return "$2b$12$" + g.chars(ALNUM + "./", 53)


def build_sql(g, target):
    table = g.noun() + "s"
    cols = ["id", "uuid", "name", "email", "password_hash", "status", "created_at", "meta"]
    lines = ["-- MySQL dump 10.13  Distrib 8.0.%d" % g.int(20, 36), "-- Host: %s" % g.host(), "",
             "DROP TABLE IF EXISTS `%s`;" % table,
             "CREATE TABLE `%s` (" % table] + ["  `%s` varchar(255) DEFAULT NULL," % c for c in cols[1:]] + [
             "  `id` bigint NOT NULL AUTO_INCREMENT,", "  PRIMARY KEY (`id`)", ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;", ""]
    size = sum(len(l) + 1 for l in lines)
    rid = 1
    while size < target:
        rows = []
        n = 0
        lim = g.int(30000, 200000)
        while n < lim:
            nm = g.pick(FIRST_NAMES)
            r = "(%d,'%s','%s %s','%s.%d@example.com','%s','%s','2023-%02d-%02d 12:%02d:00','{\"%s\":%d}')" % (
                rid, g.uuid(), nm.capitalize(), g.noun().capitalize(), nm, rid, bcrypt(g),
                g.pick(["active", "pending", "disabled"]), g.int(1, 12), g.int(1, 28), g.int(0, 59), g.noun(), g.int(0, 99))
            rows.append(r)
            n += len(r) + 1
            rid += 1
        line = "INSERT INTO `%s` VALUES %s;" % (table, ",".join(rows))
        lines.append(line)
        size += len(line) + 1
    return FileResult(("\n".join(lines) + "\n").encode(), [], [])


def build_css(g, target):
    lines = ["/* %s */" % g.sentence()]
    size = 0
    while size < target:
        x = g.random()
        if x < 0.1:
            blk = ["@font-face {", "  font-family: '%s';" % pascal(g.words()),
                   "  src: url(data:font/woff2;base64,%s) format('woff2');" % g.b64(g.int(10000, 60000)), "}"]
        elif x < 0.3:
            blk = [".%s-%s {" % (g.noun(), g.noun()),
                   '  background-image: url("data:image/png;base64,%s");' % g.b64(g.int(300, 6000)), "}"]
        else:
            blk = [".%s-%s {" % (g.noun(), g.noun())] + [
                "  %s: %s;" % g.pick([("color", "#" + g.hexs(6)), ("padding", "%dpx %dpx" % (g.int(0, 24), g.int(0, 24))),
                                      ("display", g.pick(["flex", "grid", "block"])), ("margin", "0 auto"),
                                      ("font-size", "%drem" % g.int(1, 3))]) for _ in range(g.int(2, 6))] + ["}"]
        lines += blk
        size += sum(len(l) + 1 for l in blk)
    return FileResult(("\n".join(lines) + "\n").encode(), [], [])


def build_eml(g, target):
    boundary = "----=_Part_%d_%d" % (g.int(1000, 9999), g.int(100000, 999999))
    lines = ["From: %s@acme-corp.test" % g.pick(FIRST_NAMES), "To: %s@example.com" % g.pick(FIRST_NAMES),
             "Subject: %s" % g.sentence(), "MIME-Version: 1.0",
             'Content-Type: multipart/mixed; boundary="%s"' % boundary, "", "--" + boundary,
             "Content-Type: text/plain; charset=utf-8", "", g.sentence() + ".", ""]
    size = sum(len(l) + 1 for l in lines)
    while size < target:
        b = g.b64(min(int(target - size) * 3 // 4 + 100, 200000))
        lines += ["--" + boundary, "Content-Type: application/pdf; name=\"%s.pdf\"" % g.noun(),
                  "Content-Transfer-Encoding: base64", ""]
        lines += [b[i:i + 76] for i in range(0, len(b), 76)]
        size += len(b) * 77 // 76 + 100
    lines.append("--" + boundary + "--")
    return FileResult(("\n".join(lines) + "\n").encode(), [], [])


def build_cert(g, target):
    lines = []
    while sum(len(l) + 1 for l in lines) < target:
        b = g.b64(g.int(900, 1400))
        lines += ["-----BEGIN CERTIFICATE-----"] + [b[i:i + 64] for i in range(0, len(b), 64)] + ["-----END CERTIFICATE-----"]
    return FileResult(("\n".join(lines) + "\n").encode(), [], [])


def build_keyfile(g, target):
    return FileResult(("\n".join(pem_block(g)) + "\n").encode(), [(1, "private-key")], [])


def build_binary(g, target):
    return FileResult(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + g.raw(max(64, int(target))), [], [])


# --------------------------------------------------------------------------
# File types: byte share (%), mean size (bytes), path maker, builder
# --------------------------------------------------------------------------


def p_service(g):
    return "services/" + g.pick(SERVICES)


def p_app(g):
    return "web/" + g.pick(APPS)


def dir_noun(g, scope, k=6):
    """A noun from a small fixed set per scope, so directories hold several
    files each (about 8 files per directory overall, as in real trees)."""
    names = g.layout.get(scope)
    if names is None:
        names = g.layout[scope] = g.distinct(NOUNS, k)
    return g.pick(names)


def path_for(g, t):
    w = g.words()
    svc = p_service(g)
    n = dir_noun(g, svc)
    if t == "py":
        return g.pick(["%s/%s/%s.py" % (p_service(g), g.pick(SERVICES).replace("-", "_"), "_".join(w)),
                       "%s/tests/test_%s.py" % (p_service(g), "_".join(w)),
                       "tools/%s/%s.py" % (dir_noun(g, "tools", 8), "_".join(w))])
    if t in ("js", "ts"):
        ext = t if g.chance(0.7) else t + "x"
        app = p_app(g)
        return "%s/src/%s/%s.%s" % (app, dir_noun(g, app, 30), camel(w) if g.chance(0.5) else pascal(w), ext)
    if t == "go":
        return g.pick(["%s/internal/%s/%s.go" % (svc, n, "_".join(w)),
                       "%s/internal/%s/%s_test.go" % (svc, n, "_".join(w))])
    if t == "java":
        return "%s/src/main/java/com/acme/%s/%s.java" % (svc, n, pascal(w))
    if t == "cs":
        return "dotnet/%s/%s/%s.cs" % (pascal(svc[9:].split("-")), pascal([n]), pascal(w))
    if t == "php":
        return "legacy/%s/app/%s/%s.php" % (svc[9:], pascal([n]), pascal(w))
    if t == "rb":
        return "legacy/%s/app/%s/%s.rb" % (svc[9:], g.pick(["models", "services", "controllers"]), "_".join(w))
    if t == "sh":
        return g.pick(["scripts/%s.sh" % "-".join(w), "%s/bin/%s.sh" % (svc, "-".join(w))])
    if t == "yaml":
        return g.pick(["deploy/k8s/%s/%s.yaml" % (svc[9:], "-".join(w)),
                       ".github/workflows/%s.yml" % "-".join(w),
                       "%s/config/%s.yaml" % (svc, "_".join(w))])
    if t == "json":
        return g.pick(["%s/config/%s.json" % (svc, "_".join(w)),
                       "%s/src/fixtures/%s.json" % (p_app(g), camel(w))])
    if t == "env":
        return "%s/%s" % (g.pick([svc, p_app(g)]), g.pick([".env", ".env.local", ".env.production", ".env.staging", ".env.test"]))
    if t == "envexample":
        return "%s/.env.example" % g.pick([svc, p_app(g)])
    if t == "npmrc":
        return "%s/.npmrc" % p_app(g)
    if t == "docker":
        return "%s/%s" % (svc, g.pick(["Dockerfile", "Dockerfile.dev", "docker/Dockerfile.%s" % w[-1]]))
    if t == "tf":
        return "infra/terraform/%s/%s/%s.tf" % (g.pick(["prod", "staging", "dev", "shared"]), svc[9:], "_".join(w))
    if t == "md":
        return g.pick(["docs/%s/%s.md" % (dir_noun(g, "docs", 15), "-".join(w)), "%s/README.md" % svc,
                       "docs/adr/%04d-%s.md" % (g.int(1, 300), "-".join(w))])
    if t == "minjs":
        return g.pick(["%s/public/static/js/%s.%s.js" % (p_app(g), w[-1], g.hexs(8)), "vendor/js/%s.min.js" % "-".join(w)])
    if t == "map":
        return "%s/public/static/js/%s.%s.js.map" % (p_app(g), w[-1], g.hexs(8))
    if t == "lock":
        return g.pick(["%s/package-lock.json" % p_app(g), "%s/yarn.lock" % p_app(g), "%s/pnpm-lock.yaml" % p_app(g),
                       "%s/go.sum" % svc, "tools/%s/Cargo.lock" % dir_noun(g, "tools", 8), "%s/poetry.lock" % svc])
    if t == "sql":
        return "db/dumps/%s_%s.sql" % (w[-1], g.hexs(6))
    if t == "css":
        return "%s/src/styles/%s.css" % (p_app(g), "-".join(w))
    if t == "eml":
        return "fixtures/mail/%s-%s.eml" % ("-".join(w), g.hexs(6))
    if t == "crt":
        return "deploy/certs/%s-%s.crt" % (w[-1], g.pick(["chain", "ca", "server"]))
    if t == "key":
        return "deploy/certs/%s-%s.%s" % (w[-1], g.pick(["server", "client", "deploy"]), g.pick(["key", "pem"]))
    if t == "png":
        return "%s/public/img/%s.png" % (p_app(g), "-".join(w))
    raise ValueError(t)


# type: (byte share %, mean bytes)
TYPES = [
    ("py", 14.0, 9000), ("js", 8.0, 8000), ("ts", 8.0, 7000), ("go", 9.0, 10000),
    ("java", 8.0, 9000), ("cs", 5.0, 8000), ("php", 4.0, 7000), ("rb", 3.0, 5000),
    ("sh", 2.0, 3000), ("yaml", 5.0, 3000), ("json", 4.5, 6000), ("env", 0.3, 900),
    ("envexample", 0.1, 700), ("npmrc", 0.01, 200), ("docker", 0.4, 1200), ("tf", 3.0, 5000),
    ("md", 5.0, 6000), ("minjs", 6.0, 400000), ("map", 3.0, 600000), ("lock", 6.0, 700000),
    ("sql", 2.0, 1500000), ("css", 1.5, 60000), ("eml", 1.5, 40000), ("crt", 0.2, 3000),
    ("key", 0.02, 1700), ("png", 0.3, 8000),
]
# Types used, in order, for --files mode (small trees).
SMALL_ORDER = ["py", "ts", "go", "java", "yaml", "json", "env", "docker", "tf", "md",
               "js", "sh", "cs", "rb", "php", "lock", "minjs", "envexample", "css", "npmrc"]


def build(g, t, target, rates):
    if t in LANGS:
        return build_code(g, LANGS[t], target, rates)
    if t == "minjs":
        return build_minified(g, target, rates)
    if t == "map":
        return build_sourcemap(g, target, rates)
    if t == "lock":
        return None  # chosen by path, see generate()
    if t == "sql":
        return build_sql(g, target)
    if t == "css":
        return build_css(g, target)
    if t == "eml":
        return build_eml(g, target)
    if t == "crt":
        return build_cert(g, target)
    if t == "key":
        return build_keyfile(g, target)
    if t == "png":
        return build_binary(g, target)
    raise ValueError(t)


def lock_kind(path):
    base = path.rsplit("/", 1)[-1]
    return {"package-lock.json": "package-lock", "yarn.lock": "yarn", "pnpm-lock.yaml": "pnpm",
            "go.sum": "go.sum", "Cargo.lock": "cargo", "poetry.lock": "poetry"}[base]


FALLBACK_DIRS = ["deploy", "config", "examples", "ci", "tools", "local", "legacy", "v2"]


def unique_path(g, t, used):
    for attempt in range(50):
        p = path_for(g, t)
        if attempt >= 5:
            d, b = p.rsplit("/", 1)
            if b.startswith(".") or "." not in b or b in ("README.md", "package-lock.json", "pnpm-lock.yaml",
                                                          "yarn.lock", "go.sum", "Cargo.lock", "poetry.lock"):
                p = "%s/%s/%s" % (d, g.pick(FALLBACK_DIRS), b)
                if attempt >= 20:
                    p = "%s/%s-%d/%s" % (d, g.pick(FALLBACK_DIRS), attempt, b)
            else:
                stem, ext = b.split(".", 1)
                p = "%s/%s_%d.%s" % (d, stem, attempt, ext)
        if p not in used:
            used.add(p)
            return p
    raise RuntimeError("could not find a free path for " + t)


def plan_files(g, total_bytes, nfiles):
    """Returns [(type, path, target_bytes)]."""
    used = set()
    plan = []
    if nfiles:
        per = total_bytes / nfiles
        for i in range(nfiles):
            t = SMALL_ORDER[i % len(SMALL_ORDER)]
            size = per * (0.5 + g.random())
            if t in ("env", "envexample", "docker"):
                size = min(size, 1500)
            elif t == "npmrc":
                size = min(size, 120)
            plan.append((t, unique_path(g, t, used), size))
        return plan
    weights = [(t, share / mean) for t, share, mean in TYPES]
    means = {t: mean for t, _, mean in TYPES}
    acc = 0.0
    # Plan a margin beyond the total; generate() stops once the total is written.
    while acc < total_bytes * 1.3 + 5e6:
        t = g.weighted(weights)
        size = means[t] * g.lognorm(0.8)
        size = max(200.0, min(size, means[t] * 6, 4e6))
        plan.append((t, unique_path(g, t, used), size))
        acc += size
    return plan


def generate(args):
    target_dir = os.path.abspath(args.dir.rstrip("/"))
    manifest = args.manifest or target_dir + ".manifest.jsonl"
    decoy_path = target_dir + ".decoys.jsonl"
    info_path = target_dir + ".info.json"
    if os.path.exists(target_dir):
        if not args.force:
            print("gen_corpus: %s exists (use --force to replace it)" % target_dir, file=sys.stderr)
            return 2
        shutil.rmtree(target_dir)
    for p in (info_path,):
        if os.path.exists(p):
            os.remove(p)
    tmp_dir = target_dir + ".partial"
    if os.path.exists(tmp_dir):
        shutil.rmtree(tmp_dir)
    os.makedirs(tmp_dir)

    t0 = time.time()
    g = Rand(args.seed)
    total = int(args.mb * 1e6)
    plan = plan_files(g, total, args.files)
    rates = (1.0 / (args.secret_every_kb * 1000.0), 1.0 / (args.decoy_every_kb * 1000.0))
    secrets, decoys = [], []
    written = 0
    made_dirs = set()
    nwritten = 0
    for i, (t, path, size) in enumerate(plan):
        if not args.files and written >= total:
            break
        nwritten += 1
        if t == "lock":
            res = build_lockfile(g, lock_kind(path), size)
        else:
            res = build(g, t, size, rates)
        full = os.path.join(tmp_dir, path)
        d = os.path.dirname(full)
        if d not in made_dirs:
            os.makedirs(d, exist_ok=True)
            made_dirs.add(d)
        with open(full, "wb") as fh:
            fh.write(res.data)
        written += len(res.data)
        secrets += [(path, line, kind) for line, kind in res.secrets]
        decoys += [(path, line, kind) for line, kind in res.decoys]
        if args.progress and (i + 1) % 1000 == 0:
            print("gen_corpus: %d files, %.1f of %.1f MB" % (i + 1, written / 1e6, total / 1e6), file=sys.stderr)

    os.rename(tmp_dir, target_dir)
    for out, rows in ((manifest, secrets), (decoy_path, decoys)):
        with open(out, "w") as fh:
            for path, line, kind in sorted(rows):
                fh.write(json.dumps({"path": path, "line": line, "kind": kind}) + "\n")
    info = {"generator_version": GENERATOR_VERSION, "seed": args.seed, "mb": args.mb,
            "files_requested": args.files, "files": nwritten, "bytes": written,
            "secrets": len(secrets), "decoys": len(decoys),
            "secret_every_kb": args.secret_every_kb, "decoy_every_kb": args.decoy_every_kb,
            "manifest": manifest, "decoys_manifest": decoy_path}
    with open(info_path, "w") as fh:
        json.dump(info, fh, indent=2, sort_keys=True)
        fh.write("\n")
    print("gen_corpus: wrote %d files, %.1f MB, %d planted secrets, %d decoys to %s in %.1f s" % (
        nwritten, written / 1e6, len(secrets), len(decoys), target_dir, time.time() - t0), file=sys.stderr)
    return 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dir", help="target directory for the tree (must not exist unless --force)")
    ap.add_argument("--mb", type=float, default=200.0, help="approximate total size in MB (10^6 bytes); default 200")
    ap.add_argument("--files", type=int, default=0, help="make exactly N files sharing --mb (small trees)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED, help="RNG seed (default %d)" % DEFAULT_SEED)
    ap.add_argument("--manifest", help="manifest path (default DIR.manifest.jsonl)")
    ap.add_argument("--secret-every-kb", type=float, default=None,
                    help="one planted secret per this many KB of code (before per-type weights); "
                         "default 150, or 10 with --files")
    ap.add_argument("--decoy-every-kb", type=float, default=None, help="same for decoys; default 150, or 10 with --files")
    ap.add_argument("--force", action="store_true", help="replace an existing DIR")
    ap.add_argument("--progress", action="store_true", help="print progress to stderr")
    args = ap.parse_args(argv)
    if args.secret_every_kb is None:
        args.secret_every_kb = 10.0 if args.files else 150.0
    if args.decoy_every_kb is None:
        args.decoy_every_kb = 10.0 if args.files else 150.0
    if args.mb <= 0 or args.files < 0:
        ap.error("--mb must be > 0 and --files >= 0")
    manifest_abs = os.path.abspath(args.manifest) if args.manifest else None
    if manifest_abs and (manifest_abs + "/").startswith(os.path.abspath(args.dir).rstrip("/") + "/"):
        ap.error("the manifest must not be inside the tree")
    return generate(args)


if __name__ == "__main__":
    sys.exit(main())
