"""A fault-injecting HTTP proxy for AWS's wire protocols, in front of moto's
server, for tests/aws_live_test.cc (MotoFaultTest). Python stdlib only.

Usage: fault_proxy.py PORT UPSTREAM_URL STATS_FILE [--slow SECONDS]
                      [--no-faults] [--tls CERT_PEM KEY_PEM]

--no-faults forwards everything untouched (a plain proxy: as a TLS front
for moto with --tls, or as the http_proxy of a client, which sends it
absolute URLs). --tls serves HTTPS with the given certificate.

Every distinct request (service target, path, query and body: what stays
the same when a client retries it) is faulted on its first attempt, the
faults taken in turn from the list below; every fourth one is faulted on
its second attempt too, so a client has to use a third attempt. A client
that retries AWS's way with at least 3 attempts therefore gets every
answer, and sends exactly one more request per injected fault than it
would to moto directly.

  throttle-400   400 ThrottlingException (JSON 1.1), Throttling (Query),
                 429 TooManyRequestsException (REST-JSON, Lambda's answer)
  throttle-429   429 TooManyRequestsException
  error-500      500 InternalFailure
  error-503      503 ServiceUnavailable
  slow           forwarded after SLOW_SECONDS (past the client's timeout,
                 when it sets one below SLOW_SECONDS: a timeout)
  drop           the connection closed without an answer
  truncate       moto's status line and headers, half the body, then closed

And a list request's first page (ListSecrets, DescribeParameters,
ListFunctions) is answered empty, with a NextToken (NextMarker) that the
proxy maps back to the page's real token on the next request: AWS may send
empty pages that still carry a token, and a client must follow it.

Rewritten bodies and tokens break the client's signature: run moto without
IAM authentication behind this proxy.

STATS_FILE holds, after every request, a JSON object: "requests" forwarded
or answered, "faults" by kind, "empty_pages", and "absolute" (requests
whose target was an absolute URL: sent to the proxy as a proxy).
"""
import argparse
import base64
import http.client
import http.server
import json
import os
import socketserver
import ssl
import sys
import threading
import time
import urllib.parse

ARGS = argparse.ArgumentParser()
ARGS.add_argument("port", type=int)
ARGS.add_argument("upstream")
ARGS.add_argument("stats_file")
ARGS.add_argument("--slow", type=float, default=1.5)
ARGS.add_argument("--no-faults", action="store_true")
ARGS.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
OPTIONS = ARGS.parse_args()
UPSTREAM = urllib.parse.urlsplit(OPTIONS.upstream)
STATS_FILE = OPTIONS.stats_file
SLOW_SECONDS = OPTIONS.slow

FAULTS = ["throttle-400", "throttle-429", "error-500", "error-503", "slow",
          "drop", "truncate"]
TOKEN_PREFIX = "keylint-fault-proxy."
# The JSON 1.1 list operations: their list field and token field.
JSON_LISTS = {
    "secretsmanager.ListSecrets": ("SecretList", "NextToken"),
    "AmazonSSM.DescribeParameters": ("Parameters", "NextToken"),
}

lock = threading.Lock()
attempts = {}  # request key -> attempts seen
order = {}  # request key -> its rank in order of first sight
stats = {"requests": 0, "faults": {}, "empty_pages": 0, "absolute": 0}


def wrap_token(real):
    return TOKEN_PREFIX + base64.urlsafe_b64encode(
        (real or "").encode()).decode()


def unwrap_token(token):
    if not token or not token.startswith(TOKEN_PREFIX):
        return None
    return base64.urlsafe_b64decode(token[len(TOKEN_PREFIX):]).decode()


def protocol(target, path):
    if target:
        return "json"
    if path.startswith("/2015-03-31/functions"):
        return "rest"
    return "query"


def error_response(proto, status, code, message):
    """Status, headers and body of an AWS error in the request's protocol."""
    if proto == "query":
        body = ("<ErrorResponse><Error><Type>Sender</Type>"
                f"<Code>{code}</Code><Message>{message}</Message></Error>"
                "<RequestId>fault-proxy</RequestId></ErrorResponse>")
        return status, {"Content-Type": "text/xml"}, body.encode()
    headers = {"Content-Type": "application/x-amz-json-1.1",
               "x-amzn-ErrorType": code}
    body = json.dumps({"__type": code, "message": message})
    return status, headers, body.encode()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.handle_one()

    def do_POST(self):
        self.handle_one()

    def handle_one(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        target = self.headers.get("X-Amz-Target", "")
        split = urllib.parse.urlsplit(self.path)
        proto = protocol(target, split.path)
        key = (self.command, target, self.path, body)

        # A token the proxy made up goes back to the real one (none, for a
        # first page) on its way to moto.
        body, query, unwrapped = self.unwrap(target, split.query, body)
        path = split.path + ("?" + query if query else "")

        with lock:
            stats["requests"] += 1
            stats["absolute"] += self.path.startswith("http://")
            n = attempts.get(key, 0)
            attempts[key] = n + 1
            index = order.setdefault(key, len(order))
            is_list = (target in JSON_LISTS or
                       (proto == "rest" and self.command == "GET"))
            fault = None
            if OPTIONS.no_faults:
                pass
            elif is_list and not unwrapped and n == 0 and \
                    not self.has_token(target, split.query, body):
                fault = "empty"
                stats["empty_pages"] += 1
            elif n == 0 or (n == 1 and index % 4 == 0):
                given = sum(stats["faults"].values())
                fault = FAULTS[given % len(FAULTS)]
                stats["faults"][fault] = stats["faults"].get(fault, 0) + 1
            self.write_stats()

        if fault == "empty":
            # The real first page's token stands behind the made-up one.
            self.reply(200, {"Content-Type": "application/x-amz-json-1.1"},
                       self.empty_page(target, proto))
            return
        if fault in ("throttle-400", "throttle-429", "error-500",
                     "error-503"):
            self.reply(*self.fault_answer(fault, proto))
            return
        if fault == "drop":
            self.close_connection = True
            self.connection.shutdown(2)
            return
        if fault == "slow":
            time.sleep(SLOW_SECONDS)

        status, headers, answer = self.forward(path, body)
        if fault == "truncate":
            self.send_response(status)
            for name, value in headers:
                if name.lower() not in ("content-length", "connection",
                                        "transfer-encoding"):
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer[: len(answer) // 2])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(2)
            return
        self.reply(status, dict(headers), answer)

    @staticmethod
    def has_token(target, query, body):
        if target:
            try:
                return bool(json.loads(body or b"{}").get("NextToken"))
            except ValueError:
                return False
        return "Marker=" in query

    @staticmethod
    def unwrap(target, query, body):
        """Replaces a made-up token with the real one (or none)."""
        if target in JSON_LISTS:
            try:
                doc = json.loads(body or b"{}")
            except ValueError:
                return body, query, False
            real = unwrap_token(doc.get("NextToken"))
            if real is None:
                return body, query, False
            if real:
                doc["NextToken"] = real
            else:
                doc.pop("NextToken")
            return json.dumps(doc).encode(), query, True
        pairs = urllib.parse.parse_qsl(query, keep_blank_values=True)
        out, changed = [], False
        for name, value in pairs:
            real = unwrap_token(value) if name == "Marker" else None
            if real is None:
                out.append((name, value))
            else:
                changed = True
                if real:
                    out.append((name, real))
        return body, urllib.parse.urlencode(out), changed

    @staticmethod
    def empty_page(target, proto):
        if proto == "rest":
            return json.dumps({"Functions": [],
                               "NextMarker": wrap_token("")}).encode()
        items, token = JSON_LISTS[target]
        return json.dumps({items: [], token: wrap_token("")}).encode()

    @staticmethod
    def fault_answer(fault, proto):
        if fault == "throttle-400":
            if proto == "query":
                return error_response(proto, 400, "Throttling",
                                      "Rate exceeded")
            if proto == "rest":
                return error_response(proto, 429,
                                      "TooManyRequestsException",
                                      "Rate exceeded")
            return error_response(proto, 400, "ThrottlingException",
                                  "Rate exceeded")
        if fault == "throttle-429":
            return error_response(proto, 429, "TooManyRequestsException",
                                  "Rate exceeded")
        if fault == "error-500":
            return error_response(proto, 500, "InternalFailure",
                                  "injected by the fault proxy")
        return error_response(proto, 503, "ServiceUnavailable",
                              "injected by the fault proxy")

    def forward(self, path, body):
        conn = http.client.HTTPConnection(UPSTREAM.hostname, UPSTREAM.port,
                                          timeout=60)
        headers = {k: v for k, v in self.headers.items()
                   if k.lower() not in ("host", "content-length",
                                        "connection")}
        conn.request(self.command, path, body=body, headers=headers)
        resp = conn.getresponse()
        answer = resp.read()
        conn.close()
        return resp.status, resp.getheaders(), answer

    def reply(self, status, headers, body):
        self.send_response(status)
        for name, value in headers.items():
            if name.lower() not in ("content-length", "connection",
                                    "transfer-encoding", "server", "date"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:  # the client gave up on a slow answer
            self.close_connection = True

    @staticmethod
    def write_stats():
        with open(STATS_FILE + ".tmp", "w") as f:
            json.dump(stats, f)
        os.replace(STATS_FILE + ".tmp", STATS_FILE)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], OSError):  # not a hang-up
            super().handle_error(request, client_address)


if __name__ == "__main__":
    server = Server(("127.0.0.1", OPTIONS.port), Handler)
    if OPTIONS.tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*OPTIONS.tls)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    server.serve_forever()
