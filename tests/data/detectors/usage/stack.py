from aws_cdk import SecretValue, Stack
from aws_cdk import aws_secretsmanager as sm


class AppStack(Stack):
    def __init__(self, scope, id):
        super().__init__(scope, id)
        sm.Secret(self, "Db", secret_string_value=SecretValue.unsafe_plain_text("Vq7rT2mK9pX4sB6c"))  # expect: usage-secret-value-in-infrastructure-code
        # Must not flag: generated secret, reference
        sm.Secret(self, "Api", generate_secret_string=sm.SecretStringGenerator())
        sm.Secret(self, "Ref", secret_string_value=SecretValue.secrets_manager("prod/api"))
