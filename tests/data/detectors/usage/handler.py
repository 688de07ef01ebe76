import json
import os

import boto3

sm = boto3.client("secretsmanager")
ssm = boto3.client("ssm")


def lambda_handler(event, context):
    resp = sm.get_secret_value(SecretId="prod/payments/db")  # expect: usage-hardcoded-secret-name,usage-secret-fetched-per-request
    url = sm.get_secret_value(SecretId="prod/payments/api-base-url")  # expect: usage-hardcoded-secret-name,usage-non-sensitive-config-in-secrets-manager
    pw = ssm.get_parameter(Name="/prod/db/password")  # expect: usage-parameter-without-decryption
    return {"statusCode": 200}


def worker():
    # Must not flag: name from configuration, decrypted parameter, not a handler
    resp = sm.get_secret_value(SecretId=os.environ["DB_SECRET_NAME"])
    pw = ssm.get_parameter(Name="/prod/db/password", WithDecryption=True)
    region = ssm.get_parameter(Name="/prod/app/region")
    return resp, pw, region
