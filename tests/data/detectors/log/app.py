import logging
import os

import boto3
from aws_lambda_powertools.utilities import parameters

logger = logging.getLogger(__name__)
client = boto3.client("secretsmanager")


def connect():
    resp = client.get_secret_value(SecretId=os.environ["DB_SECRET_NAME"])
    secret = resp["SecretString"]
    logger.info(f"Loaded secret {secret}")  # expect: log-secret-in-log-call
    creds = json.loads(secret)
    logging.debug("db password is %s" % creds["password"])  # expect: log-secret-in-log-call
    print("pw: {}".format(creds["password"]))  # expect: log-secret-in-log-call
    if not creds.get("host"):
        raise ValueError(f"bad secret {secret}")  # expect: log-secret-in-exception
    # Must not flag: the name, a length, a hash, a masked value
    logger.info("Fetched secret %s", os.environ["DB_SECRET_NAME"])
    logger.info("secret length %d", len(secret))
    logger.debug("secret hash %s", hashlib.sha256(secret.encode()).hexdigest())
    logger.info(f"secret prefix {secret[:4]}...")
    logger.info("secret name %s arn %s", resp["Name"], resp["ARN"])
    return creds


def from_env():
    api_key = os.getenv("STRIPE_API_KEY")
    logger.warning("using key " + api_key)  # expect: log-secret-in-log-call
    region = os.getenv("AWS_REGION")
    logger.info("region %s", region)


def from_ssm():
    token = parameters.get_parameter("/prod/api/token", decrypt=True)
    logger.info("token=%s", token)  # expect: log-secret-in-log-call
    value = parameters.get_secret("prod/api")  # expect: usage-hardcoded-secret-name
    print(value)  # expect: log-secret-in-log-call


def user(password):
    logger.error("login failed for %s with %s", username, password)  # expect: log-secret-in-log-call
    logger.info("password changed for %s", username)
    logger.info("token count %d", max_tokens)
    logger.info("next page %s", next_token)


def decrypt(token, api_token):
    # Must not flag: the exception's type names a token, its message holds
    # none; a key's fingerprint is public.
    if not token:
        raise InvalidToken
    if len(token) < 8:
        raise errors.InvalidTokenError("token too short")
    signing_key_fingerprint = lookup(token)
    raise KeyError("recv failed for '%s'" % signing_key_fingerprint)
    raise AuthError("rejected: %s" % api_token)  # expect: log-secret-in-exception
