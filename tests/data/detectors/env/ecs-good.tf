resource "aws_ecs_task_definition" "app" {
  family                = "app"
  container_definitions = <<DEFS
[
  {
    "name": "app",
    "environment": [
      {"name": "DB_SECRET_NAME", "value": "prod/payments/db"},
      {"name": "API_TOKEN", "value": "${var.api_token}"}
    ],
    "secrets": [
      {"name": "DB_PASSWORD", "valueFrom": "arn:aws:ssm:us-east-1:123456789012:parameter/db"}
    ]
  }
]
DEFS
}

resource "aws_lambda_function" "fn" {
  environment {
    variables = {
      DB_PASSWORD = data.aws_secretsmanager_secret_version.db.secret_string
      API_KEY     = ""
    }
  }
}
