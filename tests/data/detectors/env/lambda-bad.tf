resource "aws_lambda_function" "api" {
  function_name = "api"
  environment {
    variables = {
      DB_PASSWORD    = "Vq7rT2mK9pX4sB6c" # expect: env-secret-in-terraform
      DB_SECRET_NAME = "prod/payments/db"
      API_TOKEN      = var.api_token
      LOG_LEVEL      = "info"
    }
  }
}

resource "aws_ecs_task_definition" "app" {
  family = "app"
  container_definitions = jsonencode([
    {
      name  = "app"
      image = "app:1"
      environment = [
        { name = "API_SECRET", value = "s3cR8vQ2mK7pN1sB6cD3f" }, # expect: env-secret-in-terraform
        { name = "REGION", value = "us-east-1" }
      ]
      secrets = [
        { name = "DB_PASSWORD", valueFrom = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db" }
      ]
    }
  ])
}
