const { SecretsManagerClient, GetSecretValueCommand } = require("@aws-sdk/client-secrets-manager");
const { SSMClient, GetParameterCommand } = require("@aws-sdk/client-ssm");
const client = new SecretsManagerClient({});
const ssm = new SSMClient({});

exports.handler = async (event, context) => {
  const resp = await client.send(new GetSecretValueCommand({ SecretId: "prod/payments/db" })); // expect: usage-hardcoded-secret-name,usage-secret-fetched-per-request
  const p = await ssm.send(new GetParameterCommand({ Name: "/prod/api/token" })); // expect: usage-parameter-without-decryption
  const q = await ssm.send(new GetParameterCommand({ Name: "/prod/api/token", WithDecryption: true }));
  return { statusCode: 200 };
};
