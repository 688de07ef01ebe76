import os
import boto3

os.environ["DB_PASSWORD"] = "Vq7rT2mK9pX4sB6c"  # expect: env-secret-set-in-code
os.putenv("API_TOKEN", "t0k3nR8vQ2mK7pN1sB6c")  # expect: env-secret-set-in-code


def load():
    client = boto3.client("secretsmanager")
    secret = client.get_secret_value(SecretId=os.environ["DB_SECRET_NAME"])
    os.environ["DB_PASSWORD"] = secret["SecretString"]  # expect: env-secret-set-in-code


# Must not flag: names, references, placeholders
os.environ["DB_SECRET_NAME"] = "prod/payments/db"
os.environ["API_TOKEN"] = ""
os.environ.setdefault("REGION", "us-east-1")
os.environ["JWT_SECRET"] = "changeme"
