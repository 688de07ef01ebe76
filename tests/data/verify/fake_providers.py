#!/usr/bin/env python3
"""A fake of the providers' identity endpoints for the --verify tests.

HTTPS on 127.0.0.1 with the certificate given (the tests make a self-signed
one with openssl). Every provider lives under its own path prefix,
https://127.0.0.1:PORT/<provider>/..., so that a test can point each
provider's endpoint override here and see which providers were asked.

usage: fake_providers.py CERT KEY ACCOUNTS_JSON LOG PORT_FILE

ACCOUNTS_JSON maps a credential (the token, or for AWS the access key id,
for Twilio the account SID) to {"identity": NAME} (valid), or to
{"status": 429} / {"delay": SECONDS} for the error cases. Any other
credential is refused the way the provider refuses it.

LOG gets one JSON line per request: provider, method, path, and the
SHA-256 of the credential presented (never the credential itself).
"""
import base64
import hashlib
import http.server
import json
import re
import ssl
import sys
import threading
import time

CERT, KEY, ACCOUNTS, LOG, PORT_FILE = sys.argv[1:6]
with open(ACCOUNTS) as f:
    accounts = json.load(f)
log_lock = threading.Lock()


def credential(provider, headers):
    auth = headers.get("Authorization", "")
    if provider == "aws":
        m = re.search(r"Credential=([A-Z0-9]+)/", auth)
        return m.group(1) if m else ""
    if auth.startswith("Basic "):
        user, _, _ = base64.b64decode(auth[6:]).decode().partition(":")
        return user  # Twilio: the account SID
    if auth.startswith("Bearer "):
        return auth[7:]
    for h in ("PRIVATE-TOKEN", "x-api-key", "DD-API-KEY"):
        if headers.get(h):
            return headers[h]
    return ""


def twilio_secret(headers):
    auth = headers.get("Authorization", "")
    if not auth.startswith("Basic "):
        return ""
    return base64.b64decode(auth[6:]).decode().partition(":")[2]


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        parts = self.path.split("/", 2)
        provider = parts[1] if len(parts) > 1 else ""
        cred = credential(provider, self.headers)
        with log_lock, open(LOG, "a") as f:
            f.write(json.dumps({
                "provider": provider, "method": self.command,
                "path": self.path,
                "credential_sha256": hashlib.sha256(cred.encode()).hexdigest(),
                "body_sha256": hashlib.sha256(body).hexdigest(),
            }) + "\n")
        account = accounts.get(cred)
        if provider == "twilio" and account is not None:
            if twilio_secret(self.headers) != account.get("token"):
                account = None
        if account and "delay" in account:
            time.sleep(account["delay"])
        if account and "status" in account:
            return self.reply(account["status"], {"error": "slow down"})
        ident = account.get("identity", "") if account else None
        if provider == "slack":
            if ident is None:
                return self.reply(200, {"ok": False, "error": "invalid_auth"})
            return self.reply(200, {"ok": True, "user": ident, "team": "T"})
        if provider == "aws":
            if ident is None:
                return self.reply_xml(403, "<ErrorResponse><Error><Type>Sender"
                                      "</Type><Code>InvalidClientTokenId</Code>"
                                      "<Message>bad</Message></Error>"
                                      "</ErrorResponse>")
            return self.reply_xml(200, "<GetCallerIdentityResponse>"
                                  "<GetCallerIdentityResult><Arn>" + ident +
                                  "</Arn><Account>123456789012</Account>"
                                  "</GetCallerIdentityResult>"
                                  "</GetCallerIdentityResponse>")
        if ident is None:
            return self.reply(401, {"message": "Bad credentials"})
        fields = {"github": "login", "gitlab": "username", "npm": "username",
                  "stripe": "id", "twilio": "friendly_name",
                  "huggingface": "name"}
        doc = {"valid": True}
        if provider in fields:
            doc[fields[provider]] = ident
        return self.reply(200, doc)

    def reply(self, status, doc):
        data = json.dumps(doc).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def reply_xml(self, status, text):
        data = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = handle_any
    do_POST = handle_any


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(CERT, KEY)
server.socket = ctx.wrap_socket(server.socket, server_side=True)
with open(PORT_FILE + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
import os  # noqa: E402
os.rename(PORT_FILE + ".tmp", PORT_FILE)
server.serve_forever()
