#!/bin/bash
export DB_PASSWORD=Vq7rT2mK9pX4sB6c # expect: env-secret-exported-in-shell
export API_TOKEN="t0k3nR8vQ2mK7pN1sB6c" # expect: env-secret-exported-in-shell
export DB_SECRET_NAME=prod/payments/db
export API_KEY="$(aws secretsmanager get-secret-value --secret-id x --query SecretString --output text)"
export TOKEN="${UPSTREAM}"
export REGION=us-east-1
