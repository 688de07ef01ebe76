// Call results in JS: a fetch handed to a client call is what the call
// returns; any other call's result is not the secret passed into it.
const { GetSecretValueCommand } = require("@aws-sdk/client-secrets-manager");
const { GetParameterCommand } = require("@aws-sdk/client-ssm");

async function load(client, ssm, name) {
  const resp = await client.send(new GetSecretValueCommand({ SecretId: name }));
  console.log("loaded", resp); // expect: log-secret-in-log-call
  const p = await ssm.send(new GetParameterCommand({ Name: "/prod/api/key", WithDecryption: true }));
  console.debug("parameter", p); // expect: log-secret-in-log-call
}

async function deploy(cmd, password) {
  // Must not flag: an exit code and a session are not the password.
  const code = await run(cmd, password);
  console.log("deploy exited with", code);
  const session = await login({ user: "deploy", password });
  console.log("session", session);
}
