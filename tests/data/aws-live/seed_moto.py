"""Seeds a moto server with an account for tests/aws_live_test.cc.

Usage: seed_moto.py ENDPOINT (account|auth|bulk N_SECRETS N_PARAMETERS|read)

account: secrets and parameters that trip the naming, rotation, policy and
placement checks, next to well-kept ones, plus a Lambda function with a
secret in its environment.
auth: an IAM user whose access key the test then signs with, while moto
checks signatures (INITIAL_NO_AUTH_ACTION_COUNT=3: exactly the three IAM
calls below run unauthenticated), and one secret created with that key.
Prints "KEY_ID SECRET_KEY".
bulk: many plain secrets and parameters (bench/aws_bench.sh).
read: the peer of the benchmark: boto3 reading what keylint reads
(ListSecrets, GetResourcePolicy, DescribeParameters, ListTagsForResource,
sequentially); prints "SECONDS REQUESTS".

Dummy credentials only; nothing here is real.
"""
import json
import sys

import boto3

ENDPOINT = sys.argv[1]
MODE = sys.argv[2]
REGION = "us-east-1"


def client(service, **kw):
    return boto3.client(service, endpoint_url=ENDPOINT, region_name=REGION,
                        aws_access_key_id="testing",
                        aws_secret_access_key="testing", **kw)


def seed_account():
    iam = client("iam")
    role = iam.create_role(
        RoleName="lambda-role",
        AssumeRolePolicyDocument=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow",
                           "Principal": {"Service": "lambda.amazonaws.com"},
                           "Action": "sts:AssumeRole"}]}))
    lam = client("lambda")
    code = {"ZipFile": b"PK\x05\x06" + b"\x00" * 18}
    rotate = lam.create_function(
        FunctionName="rotate", Runtime="python3.12",
        Role=role["Role"]["Arn"], Handler="index.handler", Code=code)
    lam.create_function(
        FunctionName="payments-worker", Runtime="python3.12",
        Role=role["Role"]["Arn"], Handler="index.handler",
        Code=code,
        Environment={"Variables": {
            "STRIPE_SECRET_KEY": "sk_live_" + "51Hx9QvKq8Z7bT2mN4pR6sV1w",
            "LOG_LEVEL": "info"}})

    sm = client("secretsmanager")
    # Well named, rotated by a function every 30 days.
    sm.create_secret(Name="/prod/payments/db/password",
                     SecretString="unused-in-the-audit-1",
                     Tags=[{"Key": "environment", "Value": "prod"}])
    sm.rotate_secret(
        SecretId="/prod/payments/db/password",
        RotationLambdaARN=rotate["FunctionArn"],
        RotationRules={"AutomaticallyAfterDays": 30})
    # Badly named, never rotated, readable by everyone.
    sm.create_secret(Name="legacy-api-token",
                     SecretString="unused-in-the-audit-2")
    sm.put_resource_policy(
        SecretId="legacy-api-token",
        ResourcePolicy=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": "*",
                           "Action": "secretsmanager:GetSecretValue",
                           "Resource": "*"}]}))
    # Configuration kept in Secrets Manager.
    sm.create_secret(Name="/prod/payments/config/feature-flags",
                     SecretString='{"dark_mode": true}')

    ssm = client("ssm")
    ssm.put_parameter(Name="/prod/payments/config/db-host",
                      Value="db.internal", Type="String",
                      Tags=[{"Key": "environment", "Value": "prod"}])
    # A password stored as a plain String.
    ssm.put_parameter(Name="/prod/payments/db/password", Type="String",
                      Value="Zq8!vW3#kP9$mL2@xR7")
    ssm.put_parameter(Name="/prod/payments/api/key", Type="SecureString",
                      Value="unused-in-the-audit-3")



def seed_auth():
    iam = client("iam")
    iam.create_user(UserName="auditor")
    iam.put_user_policy(
        UserName="auditor", PolicyName="audit",
        PolicyDocument=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": [
                "secretsmanager:ListSecrets", "secretsmanager:CreateSecret",
                "ssm:DescribeParameters", "lambda:ListFunctions",
                "sts:GetCallerIdentity"],
                "Resource": "*"}]}))
    key = iam.create_access_key(UserName="auditor")["AccessKey"]
    # From here on moto checks signatures: sign with the user's key.
    boto3.client("secretsmanager", endpoint_url=ENDPOINT, region_name=REGION,
                 aws_access_key_id=key["AccessKeyId"],
                 aws_secret_access_key=key["SecretAccessKey"]).create_secret(
        Name="legacy-api-token", SecretString="unused-in-the-audit-4")
    print(key["AccessKeyId"], key["SecretAccessKey"])


def seed_bulk(n_secrets, n_parameters):
    sm = client("secretsmanager")
    for i in range(n_secrets):
        sm.create_secret(Name=f"/prod/app{i % 20}/db/secret-{i}",
                         SecretString="x")
    ssm = client("ssm")
    for i in range(n_parameters):
        ssm.put_parameter(Name=f"/prod/app{i % 20}/config/param-{i}",
                          Value="v", Type="String")


def read_like_keylint():
    import time
    start = time.monotonic()
    requests = 0
    sm = client("secretsmanager")
    for page in sm.get_paginator("list_secrets").paginate(MaxResults=100):
        requests += 1
        for entry in page["SecretList"]:
            sm.get_resource_policy(SecretId=entry["ARN"])
            requests += 1
    ssm = client("ssm")
    for page in ssm.get_paginator("describe_parameters").paginate(
            MaxResults=50):
        requests += 1
        for p in page["Parameters"]:
            ssm.list_tags_for_resource(ResourceType="Parameter",
                                       ResourceId=p["Name"])
            requests += 1
    print(f"{time.monotonic() - start:.3f} {requests}")


if MODE == "account":
    seed_account()
elif MODE == "auth":
    seed_auth()
elif MODE == "bulk":
    seed_bulk(int(sys.argv[3]), int(sys.argv[4]))
elif MODE == "read":
    read_like_keylint()
else:
    sys.exit(f"unknown mode {MODE}")
