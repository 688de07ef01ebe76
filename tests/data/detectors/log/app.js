const { SecretsManagerClient, GetSecretValueCommand } = require("@aws-sdk/client-secrets-manager");
const client = new SecretsManagerClient({});

async function load(name) {
  const resp = await client.send(new GetSecretValueCommand({ SecretId: name }));
  const secret = JSON.parse(resp.SecretString);
  console.log(`loaded ${secret.password}`); // expect: log-secret-in-log-call
  console.log("secret", secret); // expect: log-secret-in-log-call
  if (!secret.host) {
    throw new Error("bad secret " + JSON.stringify(secret)); // expect: log-secret-in-exception
  }
  console.log(`loaded secret ${name}, length ${secret.password.length}`);
  console.info("fetched", resp.Name);
  return secret;
}

function auth(req) {
  const apiKey = process.env.PARTNER_API_KEY;
  logger.debug(`calling partner with ${apiKey}`); // expect: log-secret-in-log-call
  logger.debug(`calling partner with key of length ${apiKey.length}`);
}
