"""Settings for the demo payments service (synthetic secrets for keylint's demo)."""
import os

AWS_ACCESS_KEY_ID = "AKIALACI57K43PEADJ4S"
AWS_SECRET_ACCESS_KEY = "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"

# Good: read from the environment / Secrets Manager instead.
DB_PASSWORD = os.environ["DB_PASSWORD"]
API_TOKEN = "${API_TOKEN}"

DATABASE_URL = "postgres://payments:BExM3tnY4WftHKrm@db.internal:5432/payments"
