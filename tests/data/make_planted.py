#!/usr/bin/env python3
"""Writes tests/data/planted/ (a tree with synthetic secrets) and
tests/data/planted-manifest.json (what must and must not be found).
Deterministic; re-run only to change the fixture."""
import json, os, random, string

rnd = random.Random(7331)
ALNUM = string.ascii_letters + string.digits
def r(n, alpha=ALNUM): return ''.join(rnd.choice(alpha) for _ in range(n))

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'planted')
files, manifest = {}, []

def plant(path, lines, secrets):
    files[path] = '\n'.join(lines) + '\n'
    for line_no, secret, expect in secrets:
        manifest.append({'path': path, 'line': line_no, 'secret': secret,
                         'expect': expect, 'lines': 1})

akia = 'AKIA' + r(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')
awssec = r(40, ALNUM + '/+')
plant('app/settings.py', [
    '# demo settings',
    'import os',
    f'aws_access_key_id = "{akia}"',
    f'aws_secret_access_key = "{awssec}"',
    'DB_PASSWORD = os.environ["DB_PASSWORD"]',
], [(3, akia, 'found'), (4, awssec, 'found')])

ghp = 'ghp_' + r(36)
ghp_allowed = 'ghp_' + r(36)
ghp_next = 'ghp_' + r(36)
plant('app/client.ts', [
    'export const config = {',
    f'  githubToken: "{ghp}",',
    f'  fixtureToken: "{ghp_allowed}", // keylint:allow',
    '  // keylint:allow-next-line=github-classic-pat',
    f'  otherToken: "{ghp_next}",',
    '};',
], [(2, ghp, 'found'), (3, ghp_allowed, 'allowed'), (5, ghp_next, 'allowed')])

xoxb = f'xoxb-{r(12, string.digits)}-{r(13, string.digits)}-{r(24)}'
stripe = 'sk_live_' + r(24)
plant('services/billing/main.go', [
    'package main',
    '',
    f'const slackToken = "{xoxb}"',
    f'var stripeKey = "{stripe}" // two secrets, one file',
], [(3, xoxb, 'found'), (4, stripe, 'found')])

pgpw = r(18)
plant('deploy/docker-compose.yml', [
    'services:',
    '  api:',
    '    environment:',
    f'      DATABASE_URL: postgres://api:{pgpw}@db:5432/api',
    '      PLACEHOLDER: ${DATABASE_URL}',
], [(4, pgpw, 'found')])

pw = r(5) + '-' + r(7) + '#' + r(3)
plant('config/app.properties', [
    'app.name=demo',
    f'db.password={pw}',
    'db.password.placeholder=changeme',
    'cache.password=${CACHE_PASSWORD}',
], [(2, pw, 'found')])

ignored = 'ghp_' + r(36)
plant('.gitignore', ['secrets.local', 'build/'], [])
plant('secrets.local', [f'token = "{ignored}"'], [(1, ignored, 'ignored')])
in_build = 'sk_live_' + r(24)
plant('build/out.js', [f'var k="{in_build}";'], [(1, in_build, 'ignored')])

pem_body = [r(64, ALNUM + '+/') for _ in range(10)]
plant('keys/id_rsa', ['-----BEGIN RSA PRIVATE KEY-----', *pem_body,
                      '-----END RSA PRIVATE KEY-----'],
      [(1, pem_body[0], 'found')])
manifest[-1]['lines'] = len(pem_body) + 2  # a finding anywhere in the block

# Secret on a very long line (minified bundle).
glpat = 'glpat-' + r(20, ALNUM + '_-')
filler = ';'.join(f'var a{i}=function(){{return {i}}}' for i in range(400))
plant('web/bundle.min.js', [filler + f';var t="{glpat}";' + filler],
      [(1, glpat, 'found')])

# Control characters in a file name are escaped in every output format.
nl = 'sk_live_' + r(24)
plant('odd\nname.txt', [f'stripe_key = "{nl}"'], [(1, nl, 'found')])

for path, content in files.items():
    full = os.path.join(root, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, 'w') as f:
        f.write(content)
# A binary file holding a secret: skipped.
binsecret = 'ghp_' + r(36)
with open(os.path.join(root, 'assets/logo.bin'), 'wb') if os.makedirs(
        os.path.join(root, 'assets'), exist_ok=True) is None else None as f:
    f.write(b'\x89PNG\x00\x00' + binsecret.encode() + b'\x00')
manifest.append({'path': 'assets/logo.bin', 'line': 1, 'secret': binsecret,
                 'expect': 'binary', 'lines': 1})
with open(os.path.join(os.path.dirname(root), 'planted-manifest.json'), 'w') as f:
    json.dump(manifest, f, indent=1)
    f.write('\n')
