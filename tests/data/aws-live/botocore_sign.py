"""Signs a recorded request with botocore's SigV4 signer (an independent
implementation: the AWS SDK for Python's own), for tests/aws_assume_role_test.cc.

Usage: botocore_sign.py REQUEST_JSON

REQUEST_JSON: {"method", "url", "headers": [[name, value], ...] (the headers
the request was signed over, as sent), "body", "access_key", "secret_key",
"session_token", "region", "service"}. The time is the request's
X-Amz-Date header. Prints the Authorization header botocore computes.
Exit status 3 when botocore cannot be imported.

Dummy credentials only; nothing here is real.
"""
import json
import sys

try:
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
except ImportError:
    sys.exit(3)

with open(sys.argv[1]) as f:
    req = json.load(f)

headers = dict(req["headers"])
request = AWSRequest(method=req["method"], url=req["url"],
                     data=req["body"].encode(), headers=headers)
amz_date = next(v for k, v in headers.items() if k.lower() == "x-amz-date")
request.context["timestamp"] = amz_date
creds = Credentials(req["access_key"], req["secret_key"],
                    req["session_token"] or None)
auth = SigV4Auth(creds, req["service"], req["region"])
canonical = auth.canonical_request(request)
signature = auth.signature(auth.string_to_sign(request, canonical), request)
scope = f"{amz_date[:8]}/{req['region']}/{req['service']}/aws4_request"
signed = auth.signed_headers(auth.headers_to_sign(request))
print(f"AWS4-HMAC-SHA256 Credential={req['access_key']}/{scope}, "
      f"SignedHeaders={signed}, Signature={signature}")
