import os

from aws_secretsmanager_caching import SecretCache

cache = SecretCache()


def handler(event, context):
    # Must not flag: cached fetch, name from configuration
    secret = cache.get_secret_string(os.environ["DB_SECRET_NAME"])
    return {"ok": bool(secret)}
