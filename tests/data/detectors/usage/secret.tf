resource "aws_secretsmanager_secret_version" "db" {
  secret_id     = aws_secretsmanager_secret.db.id
  secret_string = "Vq7rT2mK9pX4sB6c" # expect: usage-secret-value-in-infrastructure-code
}

resource "aws_secretsmanager_secret_version" "api" {
  secret_id     = aws_secretsmanager_secret.api.id
  secret_string = random_password.api.result
}

resource "aws_secretsmanager_secret_version" "json" {
  secret_id     = aws_secretsmanager_secret.json.id
  secret_string = jsonencode({ password = var.password })
}
