import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class Secrets {
  private static final Logger LOG = LoggerFactory.getLogger(Secrets.class);

  String load(SecretsManagerClient client, String name) {
    GetSecretValueResponse resp = client.getSecretValue(GetSecretValueRequest.builder().secretId(name).build());
    String secret = resp.secretString();
    LOG.info("loaded secret {}", secret); // expect: log-secret-in-log-call
    System.out.println("secret=" + secret); // expect: log-secret-in-log-call
    if (secret.isEmpty()) {
      throw new IllegalStateException("bad secret " + secret); // expect: log-secret-in-exception
    }
    LOG.info("loaded secret {} ({} chars)", name, secret.length());
    return secret;
  }
}
