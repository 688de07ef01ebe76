class Secrets {
  String load(SecretsManagerClient client) {
    return client.getSecretValue(GetSecretValueRequest.builder().secretId("prod/payments/db").build()).secretString(); // expect: usage-hardcoded-secret-name
  }
}
