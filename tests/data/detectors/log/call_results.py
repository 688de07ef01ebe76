"""Call results: a secret passed into a call does not make its result a
secret (distlib's sign_file, oauthlib's realm list), unless the call hands it
back (parse, encode, format)."""
import base64
import logging

logger = logging.getLogger(__name__)


def sign(self, filename, signer, sign_password, request):
    # Must not flag: the result of a call is not the secret passed into it
    # (a return code, a connection, a realm list).
    cmd, sig_file = get_sign_command(filename, signer, sign_password)
    rc, out, err = run_command(cmd, sign_password)
    if rc != 0:
        raise SignError("sign command failed with error code %s" % rc)
    conn = psycopg2.connect(host="db.internal", password=sign_password)
    logger.info("connected to %s", conn)
    request.realms = self.request_validator.get_default_realms(
        request.client_key, request)
    if not self.request_validator.check_realms(request.realms):
        raise InvalidRequestError("Invalid realm {}".format(request.realms))
    # A transform of the secret still is the secret.
    encoded = base64.b64encode(sign_password)
    logger.debug("signing with %s", encoded)  # expect: log-secret-in-log-call


def issue(self, request, token_handler):
    # A call named for the secret it hands out returns one (oauthlib's
    # create_token); passing it through a modifier keeps it one.
    token = token_handler.create_token(request, self.refresh_token)
    for modifier in self._token_modifiers:
        token = modifier(token)
    log.debug("Issuing token %r to client %r", token, request.client_id)  # expect: log-secret-in-log-call
    # Must not flag: a check's verdict and a count are not the token.
    token = validate_token(request, self.refresh_token)
    log.debug("token valid: %s", token)
    remaining = get_token_count(request, self.refresh_token)
    log.debug("tokens left: %s", remaining)


def offline_credential(client, request):
    resp = client.GenerateOfflineCredential(request)
    # Must not flag: when a credential expires is not the credential.
    log.warning("This offline credential will expire at " + resp.expireTime)
    log.info("created %s", resp.create_time)
    print("Access ID: %s" % resp.metadata.accessId)
    print("user %s" % resp.user_id)
    log.debug("credential: %s", resp)  # expect: log-secret-in-log-call


def helpers(registries):
    # Must not flag: a registry of credential helpers is not a credential.
    mappings = BuildCredentialHelperRegistries(registries)
    raise ValueError("bad credential helper mappings %s" % mappings)
