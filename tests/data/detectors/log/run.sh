#!/bin/bash
SECRET=$(aws secretsmanager get-secret-value --secret-id "$NAME" --query SecretString --output text)
echo "db password is $DB_PASSWORD" # expect: log-secret-in-log-call
echo "secret: ${API_TOKEN}" # expect: log-secret-in-log-call
echo "fetched secret $SECRET_NAME"
echo "token length ${#API_TOKEN}"
