#!/usr/bin/env python3
"""Generates AWS CLI exports of a large account for benchmarking
`keylint audit`: by default 10,000 secrets and 50,000 parameters.

Deterministic (seeded): the same arguments write the same bytes. Written the
way the AWS CLI writes them:

  list-secrets.json            pages of 100 entries, concatenated (a loop
                               over --starting-token appending to one file)
  describe-parameters.json     one document (the CLI's auto-pagination)
  get-parameters-by-path.json  values of a tenth of the parameters
  resource-policies.json       get-resource-policy of a tenth of the secrets
  list-functions.json          500 Lambda functions with environments
  tags/<encoded name>.json     list-tags-for-resource of 200 parameters

About a fifth of the resources break a rule (names, rotation, placement,
policies) so that the checks have work to do. Values that look like secrets
are synthetic.

Usage: gen_audit_exports.py [OUT_DIR] [--secrets N] [--parameters N]
"""

import argparse
import json
import os
import random
import urllib.parse

ACCOUNT = "111122223333"
REGIONS = ["us-east-1", "eu-west-1"]
ENVS = ["prod", "staging", "dev", "test"]
APPS = ["payments", "orders", "search", "billing", "identity", "catalog",
        "shipping", "reports", "ledger", "notify"]
SECRET_WORDS = ["db-password", "api-token", "signing-key", "oauth-client",
                "smtp-password", "webhook-secret", "redis-auth"]
CONFIG_WORDS = ["db-host", "queue-url", "feature-flags", "log-level",
                "endpoint", "region", "timeout", "bucket"]
BASE = 1717200000  # 2024-06-01T00:00:00Z: the benchmark passes --now 2024-06-01


def iso(seconds):
    import datetime
    return datetime.datetime.fromtimestamp(
        seconds, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


def token(rng, n=36):
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    return "".join(rng.choice(alphabet) for _ in range(n))


def secret_entry(rng, i):
    env = ENVS[i % 4]
    app = APPS[(i // 4) % len(APPS)]
    word = SECRET_WORDS[i % len(SECRET_WORDS)]
    name = f"{env}/{app}/secrets/{word}-{i}"
    if i % 17 == 0:
        name = f"{app.capitalize()}_{word}_{i}"  # off-convention
    region = REGIONS[i % 2]
    arn = f"arn:aws:secretsmanager:{region}:{ACCOUNT}:secret:{name}-{token(rng, 6)}"
    created = BASE - rng.randint(10, 900) * 86400
    entry = {
        "ARN": arn,
        "Name": name,
        "Description": f"{word} for {app}",
        "KmsKeyId": f"arn:aws:kms:{region}:{ACCOUNT}:key/{token(rng, 8).lower()}",
        "RotationEnabled": i % 5 != 0,
        "CreatedDate": iso(created),
        "LastChangedDate": iso(created + 3600),
        "LastAccessedDate": iso(BASE - rng.randint(0, 200) * 86400),
        "Tags": [{"Key": "Environment", "Value": env},
                 {"Key": "Owner", "Value": app}],
        "SecretVersionsToStages": {token(rng, 32).lower(): ["AWSCURRENT"]},
    }
    if entry["RotationEnabled"]:
        entry["RotationLambdaARN"] = (
            f"arn:aws:lambda:{region}:{ACCOUNT}:function:rotate-{app}")
        days = rng.choice([30, 30, 60, 90, 120])
        entry["RotationRules"] = {"AutomaticallyAfterDays": days}
        if i % 7 == 0:
            entry["RotationRules"]["ScheduleExpression"] = "cron(0 4 1 */2 ? *)"
        last = BASE - rng.randint(1, 150) * 86400
        entry["LastRotatedDate"] = iso(last)
        entry["NextRotationDate"] = iso(last + days * 86400)
    if i % 29 == 0:
        entry["OwningService"] = "rds"
    return entry


def policy_for(rng, entry, i):
    statements = [{
        "Sid": "AppReads", "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:role/app-{i % 50}"},
        "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]
    if i % 3 == 0:
        statements.append({
            "Effect": "Allow", "Principal": {"AWS": "444455556666"},
            "Action": ["secretsmanager:GetSecretValue", "secretsmanager:Put*"],
            "Resource": "*"})
    if i % 11 == 0:
        statements.append({"Effect": "Allow", "Principal": "*",
                           "Action": "secretsmanager:GetSecretValue",
                           "Resource": "*"})
    return {"ARN": entry["ARN"], "Name": entry["Name"],
            "ResourcePolicy": json.dumps({"Version": "2012-10-17",
                                          "Statement": statements})}


def parameter_entry(rng, i):
    env = ENVS[i % 4]
    app = APPS[(i // 4) % len(APPS)]
    secretish = i % 6 == 0
    word = (SECRET_WORDS if secretish else CONFIG_WORDS)[i % 7 % (7 if secretish else 8)]
    scope = "secrets" if secretish else "config"
    name = f"/{env}/{app}/{scope}/{word}-{i}"
    if i % 19 == 0:
        name = f"{env}/{app.upper()}/{word}"  + f"-{i}"
    region = REGIONS[i % 2]
    ptype = "SecureString" if secretish and i % 4 != 0 else "String"
    entry = {
        "Name": name,
        "ARN": f"arn:aws:ssm:{region}:{ACCOUNT}:parameter/{name.lstrip('/')}",
        "Type": ptype,
        "LastModifiedDate": iso(BASE - rng.randint(1, 400) * 86400),
        "LastModifiedUser": f"arn:aws:iam::{ACCOUNT}:user/deploy",
        "Version": rng.randint(1, 30),
        "Tier": "Advanced" if i % 97 == 0 else "Standard",
        "Policies": [],
        "DataType": "text",
    }
    if ptype == "SecureString":
        entry["KeyId"] = "alias/aws/ssm" if i % 2 else f"alias/{app}"
    return entry


def value_for(rng, entry, i):
    if entry["Type"] == "SecureString":
        return None
    if i % 50 == 0:
        return "ghp_" + token(rng)  # a plaintext token-shaped value
    if i % 333 == 0:
        return "x" * 5000  # over the Standard tier
    return f"{entry['Name'].rsplit('/', 1)[-1]}.internal.example.com"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out", nargs="?", default="/tmp/keylint-audit-bench")
    ap.add_argument("--secrets", type=int, default=10000)
    ap.add_argument("--parameters", type=int, default=50000)
    ap.add_argument("--functions", type=int, default=500)
    args = ap.parse_args()
    rng = random.Random(20240601)
    os.makedirs(os.path.join(args.out, "tags"), exist_ok=True)

    secrets = [secret_entry(rng, i) for i in range(args.secrets)]
    with open(os.path.join(args.out, "list-secrets.json"), "w") as f:
        for start in range(0, len(secrets), 100):
            page = {"SecretList": secrets[start:start + 100]}
            if start + 100 < len(secrets):
                page["NextToken"] = token(rng, 40)
            f.write(json.dumps(page, indent=4) + "\n")
    with open(os.path.join(args.out, "resource-policies.json"), "w") as f:
        for i, s in enumerate(secrets):
            if i % 10 == 0:
                f.write(json.dumps(policy_for(rng, s, i), indent=4) + "\n")

    params = [parameter_entry(rng, i) for i in range(args.parameters)]
    with open(os.path.join(args.out, "describe-parameters.json"), "w") as f:
        f.write(json.dumps({"Parameters": params}, indent=4) + "\n")
    valued = []
    for i, p in enumerate(params):
        if i % 10 == 0:
            v = value_for(rng, p, i)
            if v is not None:
                valued.append({"Name": p["Name"], "Type": p["Type"],
                               "Value": v, "Version": p["Version"],
                               "LastModifiedDate": p["LastModifiedDate"],
                               "ARN": p["ARN"], "DataType": "text"})
    with open(os.path.join(args.out, "get-parameters-by-path.json"), "w") as f:
        f.write(json.dumps({"Parameters": valued}, indent=4) + "\n")
    for i, p in enumerate(params[:200]):
        env = p["Name"].strip("/").split("/")[0]
        tags = {"TagList": [{"Key": "Environment",
                             "Value": env if i % 9 else "prod"},
                            {"Key": "CostCenter", "Value": f"cc-{i % 13}"}]}
        fname = urllib.parse.quote(p["Name"], safe="") + ".tags.json"
        with open(os.path.join(args.out, "tags", fname), "w") as f:
            f.write(json.dumps(tags, indent=4) + "\n")

    functions = []
    for i in range(args.functions):
        env = {"LOG_LEVEL": "info",
               "DB_SECRET_ARN": secrets[i % len(secrets)]["ARN"] if secrets else ""}
        if i % 25 == 0:
            env["API_TOKEN"] = "ghp_" + token(rng)
        functions.append({
            "FunctionName": f"fn-{i}",
            "FunctionArn": f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:fn-{i}",
            "Runtime": "python3.12", "Handler": "app.handler",
            "Environment": {"Variables": env}})
    with open(os.path.join(args.out, "list-functions.json"), "w") as f:
        f.write(json.dumps({"Functions": functions}, indent=4) + "\n")

    total = sum(os.path.getsize(os.path.join(dp, fn))
                for dp, _, fns in os.walk(args.out) for fn in fns)
    print(f"wrote {args.secrets} secrets, {args.parameters} parameters, "
          f"{args.functions} functions to {args.out} "
          f"({total / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
