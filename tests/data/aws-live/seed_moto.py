"""Seeds a moto server with an account for tests/aws_live_test.cc.

Usage: seed_moto.py ENDPOINT (account|auth|role|other-account|warm|read|
                              lambda-probe KEY_ID SECRET_KEY)

account: secrets and parameters that trip the naming, rotation, policy and
placement checks, next to well-kept ones, plus a Lambda function with a
secret in its environment.
auth: an IAM user whose access key the test then signs with, while moto
checks signatures (INITIAL_NO_AUTH_ACTION_COUNT=3: exactly the three IAM
calls below run unauthenticated), and one secret created with that key.
Prints "KEY_ID SECRET_KEY".
role: with IAM authentication on (INITIAL_NO_AUTH_ACTION_COUNT=5: the
five IAM calls below), a user who may only assume the role "audit-target",
and that role, which may read what the audit reads; one secret created
through the role. Prints the user's "KEY_ID SECRET_KEY".
other-account: a secret in account 444455556666 (moto switches accounts
for credentials from an AssumeRole into another account's role).
lambda-probe: boto3's own ListFunctions signed with the given key; prints
"ok", or "rejected CODE" with the error code moto answered.
warm: one cheap call to each service keylint reads (moto loads a service
on its first request), for bench/aws_bench.sh.
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


def client(service, key_id="testing", secret="testing", token=None):
    return boto3.client(service, endpoint_url=ENDPOINT, region_name=REGION,
                        aws_access_key_id=key_id,
                        aws_secret_access_key=secret,
                        aws_session_token=token)


def role_client(service, creds):
    """A client signing with an STS answer's credentials."""
    return client(service, creds["AccessKeyId"], creds["SecretAccessKey"],
                  creds["SessionToken"])


def allow(*actions):
    """An IAM policy document allowing `actions` on everything."""
    return json.dumps({"Version": "2012-10-17",
                       "Statement": [{"Effect": "Allow",
                                      "Action": list(actions),
                                      "Resource": "*"}]})


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
        PolicyDocument=allow(
            "secretsmanager:ListSecrets", "secretsmanager:CreateSecret",
            "ssm:DescribeParameters", "lambda:ListFunctions",
            "sts:GetCallerIdentity"))
    key = iam.create_access_key(UserName="auditor")["AccessKey"]
    # From here on moto checks signatures: sign with the user's key.
    client("secretsmanager", key["AccessKeyId"],
           key["SecretAccessKey"]).create_secret(
        Name="legacy-api-token", SecretString="unused-in-the-audit-4")
    print(key["AccessKeyId"], key["SecretAccessKey"])


# What the audit reads, as IAM actions (docs/iam-policy.json's list).
AUDIT_ACTIONS = ["sts:GetCallerIdentity", "secretsmanager:ListSecrets",
                 "secretsmanager:GetResourcePolicy", "ssm:DescribeParameters",
                 "ssm:ListTagsForResource", "lambda:ListFunctions"]


def seed_role():
    iam = client("iam")
    iam.create_user(UserName="auditor")
    iam.put_user_policy(UserName="auditor", PolicyName="assume-only",
                        PolicyDocument=allow("sts:AssumeRole"))
    iam.create_role(
        RoleName="audit-target",
        AssumeRolePolicyDocument=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow",
                           "Principal": {
                               "AWS": "arn:aws:iam::123456789012:user/auditor"},
                           "Action": "sts:AssumeRole"}]}))
    iam.put_role_policy(
        RoleName="audit-target", PolicyName="audit",
        PolicyDocument=allow(*AUDIT_ACTIONS, "secretsmanager:CreateSecret"))
    key = iam.create_access_key(UserName="auditor")["AccessKey"]
    # From here on moto checks signatures and permissions.
    creds = client("sts", key["AccessKeyId"], key["SecretAccessKey"]) \
        .assume_role(RoleArn="arn:aws:iam::123456789012:role/audit-target",
                     RoleSessionName="seed")["Credentials"]
    role_client("secretsmanager", creds).create_secret(
        Name="role-only-token", SecretString="unused-in-the-audit-5")
    print(key["AccessKeyId"], key["SecretAccessKey"])


def seed_other_account():
    creds = client("sts").assume_role(
        RoleArn="arn:aws:iam::444455556666:role/seed",
        RoleSessionName="seed")["Credentials"]
    role_client("secretsmanager", creds).create_secret(
        Name="other-account-token", SecretString="unused-in-the-audit-6")


def lambda_probe(key_id, secret):
    import botocore.exceptions
    try:
        client("lambda", key_id, secret).list_functions()
        print("ok")
    except botocore.exceptions.ClientError as e:
        # moto answers Lambda's auth errors in XML, which boto3's REST-JSON
        # parser does not read: take the code from the text.
        text = str(e)
        code = text.split("<Code>")[1].split("</Code>")[0] \
            if "<Code>" in text else e.response["Error"].get("Code")
        print("rejected", code)


def warm():
    client("sts").get_caller_identity()
    client("secretsmanager").list_secrets(MaxResults=1)
    client("ssm").describe_parameters(MaxResults=1)
    client("lambda").list_functions()


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
elif MODE == "role":
    seed_role()
elif MODE == "other-account":
    seed_other_account()
elif MODE == "lambda-probe":
    lambda_probe(sys.argv[3], sys.argv[4])
elif MODE == "warm":
    warm()
elif MODE == "read":
    read_like_keylint()
else:
    sys.exit(f"unknown mode {MODE}")
