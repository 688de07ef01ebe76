"""moto's server, seeded in-process with many secrets and parameters, for
bench/aws_bench.sh.

Usage: moto_bulk_server.py PORT N_SECRETS N_PARAMETERS

Seeding 25,000 resources through moto's HTTP front end costs about 13 ms
each (moto parses, dispatches and serialises every call in Python, one at a
time: more client threads do not help), over five minutes. So this process
fills moto's backends directly and then serves them: moto's documentation
(server mode) says ThreadedMotoServer shares its state with everything else
in the process. The backends' create_secret / put_parameter are the
methods moto's own request handlers call (documented per service in moto's
docs, "services/secretsmanager", "services/ssm"); where an installed moto
takes other arguments, the seed falls back to boto3 under mock_aws, in
process (about 200 resources/s instead of 30,000/s).

Prints "ready SECONDS" on stdout once seeded and listening, then serves
until killed. Dummy values only; nothing here is real.
"""
import sys
import time

import boto3
from moto import mock_aws
from moto.core import DEFAULT_ACCOUNT_ID
from moto.secretsmanager.models import secretsmanager_backends
from moto.server import ThreadedMotoServer
from moto.ssm.models import ssm_backends

REGION = "us-east-1"


def secret_name(i):
    return f"/prod/app{i % 20}/db/secret-{i}"


def parameter_name(i):
    return f"/prod/app{i % 20}/config/param-{i}"


def seed_backends(n_secrets, n_parameters):
    sm = secretsmanager_backends[DEFAULT_ACCOUNT_ID][REGION]
    for i in range(n_secrets):
        sm.create_secret(name=secret_name(i), secret_string="x",
                         secret_binary=None, description=None, tags=None,
                         kms_key_id=None, client_request_token=None,
                         replica_regions=[], force_overwrite=False)
    ssm = ssm_backends[DEFAULT_ACCOUNT_ID][REGION]
    for i in range(n_parameters):
        ssm.put_parameter(name=parameter_name(i), description=None,
                          value="v", parameter_type="String",
                          allowed_pattern=None, keyid=None, overwrite=False,
                          tags=[], data_type="text", tier=None,
                          policies=None)


def seed_boto3(n_secrets, n_parameters, first_secret, first_parameter):
    kw = {"region_name": REGION, "aws_access_key_id": "testing",
          "aws_secret_access_key": "testing"}
    sm = boto3.client("secretsmanager", **kw)
    for i in range(first_secret, n_secrets):
        sm.create_secret(Name=secret_name(i), SecretString="x")
    ssm = boto3.client("ssm", **kw)
    for i in range(first_parameter, n_parameters):
        ssm.put_parameter(Name=parameter_name(i), Value="v", Type="String")


def main():
    port, n_secrets, n_parameters = (int(a) for a in sys.argv[1:4])
    start = time.monotonic()
    # mock_aws stays on for the life of the process: it keeps boto3 in
    # process and the backends' state alive; the server shares that state.
    with mock_aws():
        try:
            seed_backends(n_secrets, n_parameters)
        except TypeError as e:
            print(f"moto_bulk_server: backend API differs ({e}); "
                  "seeding through boto3 in process", file=sys.stderr)
            sm = secretsmanager_backends[DEFAULT_ACCOUNT_ID][REGION]
            ssm = ssm_backends[DEFAULT_ACCOUNT_ID][REGION]
            seed_boto3(n_secrets, n_parameters, len(sm.secrets),
                       len(ssm._parameters))
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=port,
                                    verbose=False)
        server.start()
        print(f"ready {time.monotonic() - start:.2f}", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            server.stop()


if __name__ == "__main__":
    main()
