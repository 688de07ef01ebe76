#!/usr/bin/env python3
"""Writes the audit check fixtures under tests/data/audit/checks/.

For every check: checks/<check-id>/fail/ holds inputs on which the check must
report, checks/<check-id>/pass/ inputs on which it must stay silent, each in
the source formats the check applies to:

    export.json     AWS CLI exports (several documents may be concatenated)
    template.yaml   CloudFormation YAML with short-form tags (!Ref, !Sub, ...)
    template.json   the same template as CDK writes it (cdk.out/*.template.json)
    plan.json       `terraform show -json` of a plan

An optional checks/<check-id>/policy.yaml is an audit policy layer applied on
top of the defaults (thresholds, trusted accounts...). The tests judge dates
as of NOW below. Deterministic: running it again rewrites the same bytes.

Values that must read as secrets are synthetic: they match the scan rules
and open nothing.

Usage: python3 tests/data/audit/make_fixtures.py
"""

import json
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "checks")

NOW = "2024-06-01T00:00:00Z"  # the tests pass this as --now
ACCOUNT = "111122223333"
OTHER_ACCOUNT = "444455556666"
REGION = "us-east-1"

# Synthetic secrets the scan engine recognises (GitHub classic token shape,
# Stripe live key shape). They are not real credentials.
FAKE_GITHUB_TOKEN = "ghp_" + "R8kXw2mN4pQ7vT1yZ5bC9dF3hJ6kL0sA2eU4"
FAKE_STRIPE_KEY = "sk_live_" + "51Hq8ZpLm3Nx7Ty2Wv4Bc6Df8Gh0Jk2Lm4Np6Qr8St0"


# --------------------------------------------------------------------------
# AWS CLI export shapes


def secret_arn(name, suffix="AbC123"):
    return f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:{name}-{suffix}"


def secret_entry(name, **over):
    """A list-secrets / describe-secret entry of a healthy secret."""
    entry = {
        "ARN": secret_arn(name),
        "Name": name,
        "Description": "Managed by the platform team",
        "KmsKeyId": f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        "RotationEnabled": True,
        "RotationLambdaARN": f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:rotate-secrets",
        "RotationRules": {"AutomaticallyAfterDays": 30,
                          "ScheduleExpression": "rate(30 days)"},
        "LastRotatedDate": "2024-05-10T02:00:00+00:00",
        "LastChangedDate": "2024-05-10T02:00:05+00:00",
        "LastAccessedDate": "2024-05-31T00:00:00+00:00",
        "NextRotationDate": "2024-06-09T23:59:59+00:00",
        "CreatedDate": "2024-01-15T09:30:00.123000+00:00",
        "Tags": [{"Key": "Environment", "Value": name.split("/")[0]}],
        "SecretVersionsToStages": {
            "01234567-89ab-cdef-0123-456789abcdef": ["AWSCURRENT"]},
    }
    for k, v in over.items():
        if v is None:
            entry.pop(k, None)
        else:
            entry[k] = v
    return entry


def list_secrets(*entries):
    return {"SecretList": list(entries)}


def parameter_entry(name, **over):
    entry = {
        "Name": name,
        "ARN": f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter{name if name.startswith('/') else '/' + name}",
        "Type": "String",
        "LastModifiedDate": "2024-05-02T11:00:00.512000+00:00",
        "LastModifiedUser": f"arn:aws:iam::{ACCOUNT}:user/deploy",
        "Version": 3,
        "Tier": "Standard",
        "Policies": [],
        "DataType": "text",
    }
    for k, v in over.items():
        if v is None:
            entry.pop(k, None)
        else:
            entry[k] = v
    return entry


def describe_parameters(*entries):
    return {"Parameters": list(entries)}


def resource_policy(name, statements):
    return {"ARN": secret_arn(name), "Name": name,
            "ResourcePolicy": json.dumps(
                {"Version": "2012-10-17", "Statement": statements})}


def authorization_details(role, statements, managed=None):
    doc = {
        "UserDetailList": [],
        "GroupDetailList": [],
        "RoleDetailList": [{
            "Path": "/",
            "RoleName": role,
            "RoleId": "AROAEXAMPLEID0000001",
            "Arn": f"arn:aws:iam::{ACCOUNT}:role/{role}",
            "RolePolicyList": [{
                "PolicyName": f"{role}-secrets",
                "PolicyDocument": {"Version": "2012-10-17",
                                   "Statement": statements},
            }],
            "AttachedManagedPolicies": [],
        }],
        "Policies": [],
    }
    if managed:
        name, mstatements = managed
        doc["Policies"].append({
            "PolicyName": name,
            "Arn": f"arn:aws:iam::{ACCOUNT}:policy/{name}",
            "DefaultVersionId": "v2",
            "PolicyVersionList": [
                {"Document": {"Version": "2012-10-17",
                              "Statement": mstatements},
                 "VersionId": "v2", "IsDefaultVersion": True},
                {"Document": {"Version": "2012-10-17", "Statement": []},
                 "VersionId": "v1", "IsDefaultVersion": False},
            ],
        })
    return doc


def list_functions(name, variables):
    return {"Functions": [{
        "FunctionName": name,
        "FunctionArn": f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}",
        "Runtime": "python3.12",
        "Role": f"arn:aws:iam::{ACCOUNT}:role/{name}-role",
        "Handler": "app.handler",
        "Environment": {"Variables": variables},
    }]}


def task_definition(family, environment, secrets=()):
    return {"taskDefinition": {
        "taskDefinitionArn": f"arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/{family}:7",
        "family": family,
        "revision": 7,
        "containerDefinitions": [{
            "name": "app",
            "image": f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/{family}:1.4.2",
            "environment": [{"name": k, "value": v} for k, v in environment],
            "secrets": [{"name": k, "valueFrom": v} for k, v in secrets],
        }],
    }}


# --------------------------------------------------------------------------
# CloudFormation: written as JSON (long form, as CDK does) and as YAML with
# short-form tags from the same dict.


def ref(x):
    return {"Ref": x}


def sub(x):
    return {"Fn::Sub": x}


def getatt(resource, attribute):
    return {"Fn::GetAtt": [resource, attribute]}


def template(resources, parameters=None):
    t = {"AWSTemplateFormatVersion": "2010-09-09",
         "Description": "keylint audit fixture"}
    if parameters:
        t["Parameters"] = parameters
    t["Resources"] = resources
    return t


def yaml_scalar(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    s = str(v)
    plain = (s and s.strip() == s and not any(c in s for c in ":#{}[],&*!|>'\"%@`")
             and s.lower() not in ("true", "false", "yes", "no", "null", "on", "off")
             and not s[0].isdigit() and not s.startswith("-"))
    return s if plain else json.dumps(s)


SHORT_TAGS = {"Ref": "!Ref", "Fn::Sub": "!Sub", "Fn::GetAtt": "!GetAtt",
              "Fn::Join": "!Join", "Fn::Select": "!Select",
              "Fn::ImportValue": "!ImportValue", "Fn::If": "!If"}


def yaml_tagged(d):
    """A one-key intrinsic as a short-form tag, or None."""
    if not (isinstance(d, dict) and len(d) == 1):
        return None
    (k, v), = d.items()
    tag = SHORT_TAGS.get(k)
    if tag is None:
        return None
    if k == "Fn::GetAtt" and isinstance(v, list):
        return f"{tag} {'.'.join(v)}"
    if isinstance(v, (str, int)):
        return f"{tag} {yaml_scalar(v)}"
    return f"{tag} {json.dumps(v)}"  # flow style for lists


def yaml_lines(v, indent=0):
    pad = "  " * indent
    lines = []
    if isinstance(v, dict):
        for k, item in v.items():
            tagged = yaml_tagged(item)
            if tagged is not None:
                lines.append(f"{pad}{yaml_scalar(k)}: {tagged}")
            elif isinstance(item, (dict, list)) and item:
                lines.append(f"{pad}{yaml_scalar(k)}:")
                lines.extend(yaml_lines(item, indent + 1))
            elif isinstance(item, (dict, list)):
                lines.append(f"{pad}{yaml_scalar(k)}: {'{}' if isinstance(item, dict) else '[]'}")
            else:
                lines.append(f"{pad}{yaml_scalar(k)}: {yaml_scalar(item)}")
    elif isinstance(v, list):
        for item in v:
            tagged = yaml_tagged(item)
            if tagged is not None:
                lines.append(f"{pad}- {tagged}")
            elif isinstance(item, (dict, list)) and item:
                sub_lines = yaml_lines(item, indent + 1)
                first = sub_lines[0].lstrip()
                lines.append(f"{pad}- {first}")
                lines.extend(sub_lines[1:])
            else:
                lines.append(f"{pad}- {yaml_scalar(item)}")
    return lines


def cdk_json(t):
    """The template as cdk synth writes it: resources carry aws:cdk:path."""
    t = json.loads(json.dumps(t))
    for lid, res in t["Resources"].items():
        meta = res.setdefault("Metadata", {})
        meta["aws:cdk:path"] = f"AuditFixtureStack/{lid}/Resource"
    return t


def cfn_secret(name, **props):
    p = {"Name": name, "Description": "Managed by the platform team",
         "KmsKeyId": ref("SecretsKey"),
         "GenerateSecretString": {"PasswordLength": 32,
                                  "ExcludePunctuation": True},
         "Tags": [{"Key": "Environment", "Value": name.split("/")[0]}]}
    for k, v in props.items():
        if v is None:
            p.pop(k, None)
        else:
            p[k] = v
    return {"Type": "AWS::SecretsManager::Secret", "Properties": p}


def cfn_rotation(secret_logical_id, **props):
    p = {"SecretId": ref(secret_logical_id),
         "RotationLambdaARN": getatt("RotationFunction", "Arn"),
         "RotationRules": {"ScheduleExpression": "rate(30 days)",
                           "Duration": "2h"}}
    for k, v in props.items():
        if v is None:
            p.pop(k, None)
        else:
            p[k] = v
    return {"Type": "AWS::SecretsManager::RotationSchedule", "Properties": p}


def cfn_parameter(name, value, **props):
    p = {"Name": name, "Type": "String", "Value": value,
         "Tags": {"Environment": name.strip("/").split("/")[0]}}
    p.update(props)
    return {"Type": "AWS::SSM::Parameter", "Properties": p}


def cfn_resource_policy(secret_logical_id, statements):
    return {"Type": "AWS::SecretsManager::ResourcePolicy",
            "Properties": {"SecretId": ref(secret_logical_id),
                           "BlockPublicPolicy": True,
                           "ResourcePolicy": {"Version": "2012-10-17",
                                              "Statement": statements}}}


def cfn_role_policy(statements):
    return {"Type": "AWS::IAM::Policy",
            "Properties": {"PolicyName": "app-secrets",
                           "Roles": [ref("AppRole")],
                           "PolicyDocument": {"Version": "2012-10-17",
                                              "Statement": statements}}}


def cfn_function(variables):
    return {"Type": "AWS::Lambda::Function",
            "Properties": {"FunctionName": "payments-api",
                           "Runtime": "python3.12",
                           "Handler": "app.handler",
                           "Role": getatt("AppRole", "Arn"),
                           "Code": {"ZipFile": "def handler(e, c): return 0"},
                           "Environment": {"Variables": variables}}}


def cfn_task(environment, secrets=()):
    return {"Type": "AWS::ECS::TaskDefinition",
            "Properties": {"Family": "payments-worker",
                           "ContainerDefinitions": [{
                               "Name": "app",
                               "Image": "public.ecr.aws/docker/library/python:3.12",
                               "Environment": [{"Name": k, "Value": v}
                                               for k, v in environment],
                               "Secrets": [{"Name": k, "ValueFrom": v}
                                           for k, v in secrets]}]}}


# --------------------------------------------------------------------------
# Terraform plan JSON


def tf(type_, name, values, expressions=None, module=None, index=None):
    return {"type": type_, "name": name, "values": values,
            "expressions": expressions or {}, "module": module,
            "index": index}


def plan(resources):
    """`terraform show -json` of a plan holding `resources` (root module or
    module.<name>, one level or nested as "a.b")."""
    def address(r):
        a = f"{r['type']}.{r['name']}"
        if r["index"] is not None:
            a += f"[{json.dumps(r['index'])}]"
        if r["module"]:
            a = ".".join(f"module.{m}" for m in r["module"].split(".")) + "." + a
        return a

    def planned(r):
        out = {"address": address(r), "mode": "managed", "type": r["type"],
               "name": r["name"]}
        if r["index"] is not None:
            out["index"] = r["index"]
        out.update({"provider_name": "registry.terraform.io/hashicorp/aws",
                    "schema_version": 0, "values": r["values"],
                    "sensitive_values": {}})
        return out

    root = {"resources": [], "child_modules": []}
    modules = {"": root}

    def module_node(path):
        if path in modules:
            return modules[path]
        parent_path = path.rsplit(".", 1)[0] if "." in path else ""
        parent = module_node(parent_path)
        node = {"resources": [], "address": ".".join(
            f"module.{m}" for m in path.split(".")), "child_modules": []}
        parent["child_modules"].append(node)
        modules[path] = node
        return node

    config_root = {"resources": [], "module_calls": {}}
    config_modules = {"": config_root}

    def config_node(path):
        if path in config_modules:
            return config_modules[path]
        parent_path, _, last = path.rpartition(".")
        parent = config_node(parent_path)
        node = {"resources": [], "module_calls": {}}
        parent["module_calls"][last] = {"source": f"./modules/{last}",
                                        "module": node}
        config_modules[path] = node
        return node

    seen_config = set()
    for r in resources:
        module_node(r["module"] or "")["resources"].append(planned(r))
        key = (r["module"], r["type"], r["name"])
        if key in seen_config:
            continue
        seen_config.add(key)
        config_node(r["module"] or "")["resources"].append({
            "address": f"{r['type']}.{r['name']}", "mode": "managed",
            "type": r["type"], "name": r["name"],
            "provider_config_key": "aws", "expressions": r["expressions"],
            "schema_version": 0})

    def prune(node):
        if not node.get("child_modules"):
            node.pop("child_modules", None)
        for c in node.get("child_modules", []):
            prune(c)

    def prune_config(node):
        if not node["module_calls"]:
            node.pop("module_calls")
        for call in node.get("module_calls", {}).values():
            prune_config(call["module"])

    prune(root)
    prune_config(config_root)
    return {"format_version": "1.2", "terraform_version": "1.7.5",
            "planned_values": {"root_module": root},
            "resource_changes": [],
            "configuration": {"provider_config": {"aws": {"name": "aws"}},
                              "root_module": config_root},
            "timestamp": "2024-06-01T00:00:00Z", "errored": False}


def tf_secret(name, **over):
    v = {"name": name, "name_prefix": None, "description": "Managed by Terraform",
         "kms_key_id": f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab",
         "recovery_window_in_days": 30, "policy": None,
         "tags": {"Environment": name.split("/")[0]},
         "tags_all": {"Environment": name.split("/")[0]},
         "replica": [], "force_overwrite_replica_secret": False}
    v.update(over)
    return v


def tf_rotation_values(days=None, schedule="rate(30 days)", lambda_arn=True):
    rules = {"automatically_after_days": days, "duration": "2h",
             "schedule_expression": schedule}
    return {"rotation_lambda_arn": f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:rotate-secrets" if lambda_arn else None,
            "rotation_rules": [rules], "rotate_immediately": True}


def secret_ref(name):
    return {"references": [f"aws_secretsmanager_secret.{name}.id",
                           f"aws_secretsmanager_secret.{name}"]}


def tf_parameter(name, value, type_="String", **over):
    v = {"name": name, "type": type_, "value": value, "insecure_value": None,
         "tier": "Standard", "key_id": None, "data_type": "text",
         "description": None, "overwrite": None,
         "tags": {"Environment": name.strip("/").split("/")[0]},
         "tags_all": {"Environment": name.strip("/").split("/")[0]}}
    v.update(over)
    return v


def tf_policy_json(statements):
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


# --------------------------------------------------------------------------
# Statements used by several policy checks

READER_ROLE = f"arn:aws:iam::{ACCOUNT}:role/payments-api"


def own(resource):
    """A principal of the secret's own account, as a template writes it; the
    export and plan fixtures get the account resolved."""
    return sub("arn:aws:iam::${AWS::AccountId}:" + resource)


def resolved(obj):
    """`obj` with Fn::Sub of ${AWS::AccountId} resolved, for exports and
    plans (where the account is known)."""
    if isinstance(obj, dict):
        if list(obj) == ["Fn::Sub"]:
            return obj["Fn::Sub"].replace("${AWS::AccountId}", ACCOUNT)
        return {k: resolved(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [resolved(v) for v in obj]
    return obj


def allow(principal, actions, **extra):
    s = {"Effect": "Allow", "Principal": principal, "Action": actions,
         "Resource": "*"}
    s.update(extra)
    return s


GOOD_RESOURCE_STATEMENT = allow({"AWS": READER_ROLE},
                                "secretsmanager:GetSecretValue",
                                Sid="PaymentsApiReads")


def good_identity_statements():
    return [{"Sid": "ReadPaymentsSecrets", "Effect": "Allow",
             "Action": ["secretsmanager:GetSecretValue",
                        "secretsmanager:DescribeSecret"],
             "Resource": f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:prod/payments/*"},
            {"Sid": "ReadPaymentsParameters", "Effect": "Allow",
             "Action": "ssm:GetParametersByPath",
             "Resource": f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter/prod/payments/*"},
            {"Sid": "DecryptViaSsm", "Effect": "Allow", "Action": "kms:Decrypt",
             "Resource": "*",
             "Condition": {"StringEquals": {"kms:ViaService": f"ssm.{REGION}.amazonaws.com"}}}]


def policy_fixtures(bad, good=(GOOD_RESOURCE_STATEMENT,)):
    """Export, CloudFormation and Terraform fixtures for a resource-policy
    check: `bad` statements must be reported, `good` ones not."""
    name = "prod/payments/secrets/db-password"

    def export(statements):
        return [list_secrets(secret_entry(name)),
                resource_policy(name, resolved(list(statements)))]

    def cfn(statements):
        return template({
            "DbPassword": cfn_secret(name),
            "DbPasswordRotation": cfn_rotation("DbPassword"),
            "DbPasswordPolicy": cfn_resource_policy("DbPassword",
                                                    list(statements))})

    def terraform(statements):
        return plan([
            tf("aws_secretsmanager_secret", "db", tf_secret(name)),
            tf("aws_secretsmanager_secret_rotation", "db",
               tf_rotation_values(), {"secret_id": secret_ref("db")}),
            tf("aws_secretsmanager_secret_policy", "db",
               {"secret_arn": None, "block_public_policy": True,
                "policy": tf_policy_json(resolved(list(statements)))},
               {"secret_arn": {"references": [
                   "aws_secretsmanager_secret.db.arn",
                   "aws_secretsmanager_secret.db"]}})])

    return {"fail": {"export": export(bad), "cfn": cfn(bad),
                     "tf": terraform(bad)},
            "pass": {"export": export(good), "cfn": cfn(good),
                     "tf": terraform(good)}}


def identity_fixtures(bad, good=None):
    good = good or good_identity_statements()

    def export(statements):
        return [authorization_details("payments-api", list(statements))]

    def cfn(statements):
        return template({
            "AppRole": {"Type": "AWS::IAM::Role", "Properties": {
                "AssumeRolePolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [{"Effect": "Allow",
                                   "Principal": {"Service": "lambda.amazonaws.com"},
                                   "Action": "sts:AssumeRole"}]}}},
            "AppPolicy": cfn_role_policy(list(statements))})

    def terraform(statements):
        return plan([
            tf("aws_iam_role_policy", "app",
               {"name": "payments-api-secrets", "role": "payments-api",
                "policy": tf_policy_json(list(statements))})])

    return {"fail": {"export": export(bad), "cfn": cfn(bad),
                     "tf": terraform(bad)},
            "pass": {"export": export(good), "cfn": cfn(good),
                     "tf": terraform(good)}}


# --------------------------------------------------------------------------
# The fixtures, check by check

GOOD_SECRET = "prod/payments/secrets/db-password"
GOOD_PARAM = "/prod/payments/config/db-host"


def secret_fixtures(bad_name, good_name=GOOD_SECRET, bad_over=None,
                    good_over=None, bad_props=None, good_props=None,
                    bad_tf=None, good_tf=None):
    """Fixtures for a check about a secret's own properties."""
    def export(name, over):
        return [list_secrets(secret_entry(name, **(over or {})))]

    def cfn(name, props):
        return template({"Secret": cfn_secret(name, **(props or {})),
                         "SecretRotation": cfn_rotation("Secret")})

    def terraform(name, over):
        return plan([
            tf("aws_secretsmanager_secret", "this",
               tf_secret(name, **(over or {}))),
            tf("aws_secretsmanager_secret_rotation", "this",
               tf_rotation_values(), {"secret_id": secret_ref("this")})])

    return {"fail": {"export": export(bad_name, bad_over),
                     "cfn": cfn(bad_name, bad_props),
                     "tf": terraform(bad_name, bad_tf)},
            "pass": {"export": export(good_name, good_over),
                     "cfn": cfn(good_name, good_props),
                     "tf": terraform(good_name, good_tf)}}


def parameter_fixtures(bad_name, bad_value="db.internal.example.com",
                       good_name=GOOD_PARAM, good_value="db.internal.example.com",
                       bad_export=None, good_export=None, bad_type="String",
                       good_type="String", cfn_ok=True, bad_tags=None,
                       good_tags=None):
    def export(name, over, tags):
        doc = describe_parameters(parameter_entry(name, **(over or {})))
        docs = [doc]
        if tags is not None:
            docs.append({"ResourceId": name,
                         "TagList": [{"Key": k, "Value": v} for k, v in tags]})
        return docs

    def cfn(name, value, tags):
        p = cfn_parameter(name, value)
        if tags is not None:
            p["Properties"]["Tags"] = dict(tags)
        return template({"Parameter": p})

    def terraform(name, value, type_, tags):
        over = {}
        if tags is not None:
            over = {"tags": dict(tags), "tags_all": dict(tags)}
        return plan([tf("aws_ssm_parameter", "this",
                        tf_parameter(name, value, type_, **over))])

    out = {"fail": {"export": export(bad_name, bad_export, bad_tags),
                    "tf": terraform(bad_name, bad_value, bad_type, bad_tags)},
           "pass": {"export": export(good_name, good_export, good_tags),
                    "tf": terraform(good_name, good_value, good_type,
                                    good_tags)}}
    if cfn_ok:
        out["fail"]["cfn"] = cfn(bad_name, bad_value, bad_tags)
        out["pass"]["cfn"] = cfn(good_name, good_value, good_tags)
    return out


def fixtures():
    f = {}

    # ---- naming
    f["naming-parameter-path"] = parameter_fixtures("prod/Payments/DB_HOST")
    f["naming-secret-path"] = secret_fixtures("/Production/payments-db")
    f["naming-environment-tag"] = {
        "fail": {
            "export": [list_secrets(secret_entry(
                GOOD_SECRET, Tags=[{"Key": "Environment", "Value": "dev"}]))],
            "cfn": template({"Secret": cfn_secret(
                GOOD_SECRET, Tags=[{"Key": "Environment", "Value": "staging"}]),
                "SecretRotation": cfn_rotation("Secret")}),
            "tf": plan([tf("aws_ssm_parameter", "host", tf_parameter(
                GOOD_PARAM, "db.internal.example.com",
                tags={"Environment": "test"}))]),
        },
        "pass": {
            "export": [list_secrets(secret_entry(GOOD_SECRET))],
            "cfn": template({"Secret": cfn_secret(GOOD_SECRET),
                             "SecretRotation": cfn_rotation("Secret")}),
            "tf": plan([tf("aws_ssm_parameter", "host", tf_parameter(
                GOOD_PARAM, "db.internal.example.com"))]),
        },
    }
    f["naming-scope-mismatch"] = secret_fixtures(
        "prod/payments/config/feature-flags")
    f["naming-reserved-prefix"] = {
        "fail": {
            "export": [describe_parameters(parameter_entry("/aws/payments/config/region"))],
            "cfn": template({"Parameter": cfn_parameter(
                "/ssm-payments/prod/config/region", "us-east-1")}),
            "tf": plan([tf("aws_secretsmanager_secret", "this",
                           tf_secret("aws-payments/prod/secrets/key"))]),
        },
        "pass": {
            "export": [describe_parameters(parameter_entry("/prod/payments/config/region"))],
            "cfn": template({"Parameter": cfn_parameter(
                "/prod/payments/config/region", "us-east-1")}),
            "tf": plan([tf("aws_secretsmanager_secret", "this",
                           tf_secret("prod/payments/secrets/aws-key"))]),
        },
    }
    f["naming-secret-random-suffix"] = secret_fixtures(
        "prod/payments/secrets/db-Ab12Cd", "prod/payments/secrets/db-password")

    # ---- rotation
    f["rotation-disabled"] = {
        "fail": {
            "export": [list_secrets(secret_entry(
                GOOD_SECRET, RotationEnabled=False, RotationLambdaARN=None,
                RotationRules=None, NextRotationDate=None))],
            "cfn": template({"Secret": cfn_secret(GOOD_SECRET)}),
            "tf": plan([tf("aws_secretsmanager_secret", "this",
                           tf_secret(GOOD_SECRET))]),
        },
        "pass": {
            # Rotated, or owned by a service that rotates it.
            "export": [list_secrets(
                secret_entry(GOOD_SECRET),
                secret_entry("rds!db-0123abcd-4567-89ef-0123-456789abcdef",
                             RotationEnabled=False, RotationLambdaARN=None,
                             OwningService="rds"))],
            "cfn": template({"Secret": cfn_secret(GOOD_SECRET),
                             "SecretRotation": cfn_rotation("Secret")}),
            "tf": plan([tf("aws_secretsmanager_secret", "this",
                           tf_secret(GOOD_SECRET)),
                        tf("aws_secretsmanager_secret_rotation", "this",
                           tf_rotation_values(),
                           {"secret_id": secret_ref("this")})]),
        },
    }
    f["rotation-interval-too-long"] = {
        "fail": {
            "export": [list_secrets(secret_entry(
                GOOD_SECRET, RotationRules={"AutomaticallyAfterDays": 180}))],
            "cfn": template({"Secret": cfn_secret(GOOD_SECRET),
                             "SecretRotation": cfn_rotation(
                                 "Secret", RotationRules={
                                     "ScheduleExpression": "cron(0 4 1 */3 ? *)"})}),
            "tf": plan([tf("aws_secretsmanager_secret", "this",
                           tf_secret(GOOD_SECRET)),
                        tf("aws_secretsmanager_secret_rotation", "this",
                           tf_rotation_values(schedule="rate(120 days)"),
                           {"secret_id": secret_ref("this")})]),
        },
        "pass": {
            "export": [list_secrets(secret_entry(
                GOOD_SECRET, RotationRules={
                    "AutomaticallyAfterDays": 31,
                    "ScheduleExpression": "cron(0 4 1 * ? *)"}))],
            "cfn": template({"Secret": cfn_secret(GOOD_SECRET),
                             "SecretRotation": cfn_rotation(
                                 "Secret", RotationRules={
                                     "ScheduleExpression": "cron(0 4 ? * MON#1 *)"})}),
            "tf": plan([tf("aws_secretsmanager_secret", "this",
                           tf_secret(GOOD_SECRET)),
                        tf("aws_secretsmanager_secret_rotation", "this",
                           tf_rotation_values(schedule="rate(12 hours)"),
                           {"secret_id": secret_ref("this")})]),
        },
    }
    f["rotation-overdue"] = {
        "fail": {"export": [list_secrets(
            secret_entry(GOOD_SECRET, LastRotatedDate="2023-10-01T00:00:00+00:00"),
            secret_entry("prod/payments/secrets/api-key", LastRotatedDate=None,
                         CreatedDate=1672531200.0))]},
        "pass": {"export": [list_secrets(
            secret_entry(GOOD_SECRET),
            secret_entry("prod/payments/secrets/api-key", LastRotatedDate=None,
                         CreatedDate="2024-05-20T00:00:00Z"))]},
    }
    f["rotation-failing"] = {
        "fail": {"export": [list_secrets(secret_entry(
            GOOD_SECRET, NextRotationDate="2024-04-09T23:59:59+00:00"))]},
        "pass": {"export": [list_secrets(secret_entry(GOOD_SECRET))]},
    }
    f["rotation-no-function"] = {
        "fail": {
            "export": [list_secrets(secret_entry(GOOD_SECRET,
                                                 RotationLambdaARN=None))],
            "cfn": template({"Secret": cfn_secret(GOOD_SECRET),
                             "SecretRotation": cfn_rotation(
                                 "Secret", RotationLambdaARN=None)}),
            "tf": plan([tf("aws_secretsmanager_secret", "this",
                           tf_secret(GOOD_SECRET)),
                        tf("aws_secretsmanager_secret_rotation", "this",
                           tf_rotation_values(lambda_arn=False),
                           {"secret_id": secret_ref("this")})]),
        },
        "pass": {
            "export": [list_secrets(secret_entry(GOOD_SECRET))],
            "cfn": template({"Secret": cfn_secret(GOOD_SECRET),
                             "SecretRotation": cfn_rotation(
                                 "Secret", RotationLambdaARN=None,
                                 HostedRotationLambda={
                                     "RotationType": "PostgreSQLSingleUser"})}),
            "tf": plan([tf("aws_secretsmanager_secret", "this",
                           tf_secret(GOOD_SECRET)),
                        tf("aws_secretsmanager_secret_rotation", "this",
                           tf_rotation_values(),
                           {"secret_id": secret_ref("this")})]),
        },
    }
    f["rotation-unused-secret"] = {
        "fail": {"export": [list_secrets(
            secret_entry(GOOD_SECRET, LastAccessedDate="2024-01-02T00:00:00+00:00"),
            secret_entry("prod/payments/secrets/api-key", LastAccessedDate=None,
                         CreatedDate="2023-11-01T00:00:00Z"))]},
        "pass": {"export": [list_secrets(
            secret_entry(GOOD_SECRET),
            secret_entry("prod/payments/secrets/api-key", LastAccessedDate=None,
                         CreatedDate="2024-05-20T00:00:00Z"))]},
    }

    # ---- resource policies
    f["policy-public-principal"] = policy_fixtures(
        bad=[allow("*", "secretsmanager:GetSecretValue", Sid="Everyone"),
             allow({"AWS": "*"}, "secretsmanager:GetSecretValue",
                   Condition={"StringNotEquals": {"aws:PrincipalOrgID": "o-abc123def4"}})],
        good=[allow({"AWS": "*"}, "secretsmanager:GetSecretValue",
                    Condition={"StringEquals": {"aws:PrincipalOrgID": "o-abc123def4"}}),
              GOOD_RESOURCE_STATEMENT])
    f["policy-untrusted-account"] = policy_fixtures(
        bad=[allow({"AWS": [READER_ROLE, f"arn:aws:iam::{OTHER_ACCOUNT}:root"]},
                   "secretsmanager:GetSecretValue")],
        good=[allow({"AWS": [READER_ROLE, "999988887777"]},
                    "secretsmanager:GetSecretValue")])
    f["policy-untrusted-account"]["policy"] = {
        "policy": {"trusted_accounts": [ACCOUNT, "999988887777"]}}
    f["policy-wildcard-action"] = policy_fixtures(
        bad=[allow({"AWS": f"arn:aws:iam::{OTHER_ACCOUNT}:role/auditor"},
                   "secretsmanager:*")],
        good=[allow({"AWS": own("root")}, "secretsmanager:*"),
              GOOD_RESOURCE_STATEMENT])
    f["policy-management-action"] = policy_fixtures(
        bad=[allow({"AWS": f"arn:aws:iam::{OTHER_ACCOUNT}:role/ops"},
                   ["secretsmanager:GetSecretValue", "secretsmanager:Put*"])],
        good=[allow({"AWS": own("role/secrets-admin")},
                    ["secretsmanager:PutResourcePolicy",
                     "secretsmanager:DeleteSecret"]),
              GOOD_RESOURCE_STATEMENT])
    f["policy-allow-not-principal"] = policy_fixtures(
        bad=[{"Effect": "Allow",
              "NotPrincipal": {"AWS": f"arn:aws:iam::{ACCOUNT}:role/blocked"},
              "Action": "secretsmanager:GetSecretValue", "Resource": "*"}],
        good=[{"Effect": "Deny",
               "NotPrincipal": {"AWS": READER_ROLE},
               "Action": "secretsmanager:GetSecretValue", "Resource": "*"},
              GOOD_RESOURCE_STATEMENT])
    f["policy-allow-not-action"] = policy_fixtures(
        bad=[{"Effect": "Allow", "Principal": {"AWS": READER_ROLE},
              "NotAction": "secretsmanager:DeleteSecret", "Resource": "*"}])
    f["policy-identity-secret-read-wildcard"] = identity_fixtures(
        bad=[{"Effect": "Allow", "Action": ["ssm:GetParameter*"],
              "Resource": "*"},
             {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue",
              "Resource": f"arn:aws:secretsmanager:*:{ACCOUNT}:secret:*"}])
    f["policy-identity-kms-decrypt-wildcard"] = identity_fixtures(
        bad=[{"Effect": "Allow", "Action": ["kms:Decrypt", "kms:DescribeKey"],
              "Resource": "*"}])

    # ---- placement
    f["placement-plaintext-parameter"] = parameter_fixtures(
        "/prod/payments/secrets/stripe-key", bad_value=FAKE_STRIPE_KEY,
        good_name="/prod/payments/secrets/stripe-key", good_value=FAKE_STRIPE_KEY,
        good_export={"Type": "SecureString",
                     "KeyId": f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"},
        good_type="SecureString", cfn_ok=False)
    f["placement-cfn-sensitive-parameter"] = {
        "fail": {"cfn": template(
            {"TokenParameter": cfn_parameter("/prod/payments/config/github",
                                             FAKE_GITHUB_TOKEN),
             "PasswordParameter": cfn_parameter("/prod/payments/secrets/db-password",
                                                ref("DbPassword"))},
            parameters={"DbPassword": {"Type": "String", "NoEcho": True}})},
        "pass": {"cfn": template(
            {"HostParameter": cfn_parameter("/prod/payments/config/db-host",
                                            "db.internal.example.com"),
             "ArnParameter": cfn_parameter(
                 "/prod/payments/config/db-password-arn", ref("DbSecret")),
             "DbSecret": cfn_secret(GOOD_SECRET),
             "DbSecretRotation": cfn_rotation("DbSecret")})},
    }
    f["placement-literal-secret-string"] = {
        "fail": {
            "cfn": template({"Secret": cfn_secret(
                GOOD_SECRET, GenerateSecretString=None,
                SecretString='{"username":"payments","password":"Zq8#mW2!vR5xT9kL"}'),
                "SecretRotation": cfn_rotation("Secret")}),
            "tf": plan([
                tf("aws_secretsmanager_secret", "this", tf_secret(GOOD_SECRET)),
                tf("aws_secretsmanager_secret_version", "this",
                   {"secret_id": None, "secret_string": FAKE_STRIPE_KEY,
                    "secret_binary": None},
                   {"secret_id": secret_ref("this"),
                    "secret_string": {"constant_value": FAKE_STRIPE_KEY}})]),
        },
        "pass": {
            "cfn": template({"Secret": cfn_secret(GOOD_SECRET),
                             "SecretRotation": cfn_rotation("Secret")}),
            "tf": plan([
                tf("aws_secretsmanager_secret", "this", tf_secret(GOOD_SECRET)),
                tf("aws_secretsmanager_secret_version", "this",
                   {"secret_id": None, "secret_string": "generated-at-apply-0x9",
                    "secret_binary": None},
                   {"secret_id": secret_ref("this"),
                    "secret_string": {"references": ["random_password.db.result",
                                                     "random_password.db"]}})]),
        },
    }
    f["placement-config-in-secrets-manager"] = secret_fixtures(
        "prod/payments/settings/api-endpoint",
        "prod/payments/secrets/api-token")
    f["placement-aws-managed-key"] = secret_fixtures(
        GOOD_SECRET, GOOD_SECRET, bad_over={"KmsKeyId": None},
        bad_props={"KmsKeyId": None}, bad_tf={"kms_key_id": None})
    f["placement-aws-managed-key"]["policy"] = {
        "placement": {"require_customer_managed_key": True,
                      "customer_key_id": "alias/payments-secrets"}}
    big = "-----BEGIN CERTIFICATE-----\n" + ("MIIC" + "A" * 60 + "\n") * 80 + \
        "-----END CERTIFICATE-----\n"
    f["placement-standard-tier-oversize"] = {
        "fail": {
            "export": [describe_parameters(parameter_entry(
                "/prod/payments/config/ca-bundle", Value=big))],
            "cfn": template({"Parameter": cfn_parameter(
                "/prod/payments/config/ca-bundle", big)}),
            "tf": plan([tf("aws_ssm_parameter", "ca", tf_parameter(
                "/prod/payments/config/ca-bundle", big))]),
        },
        "pass": {
            "export": [describe_parameters(parameter_entry(
                "/prod/payments/config/ca-bundle", Value=big, Tier="Advanced"))],
            "cfn": template({"Parameter": cfn_parameter(
                "/prod/payments/config/ca-bundle", big, Tier="Advanced")}),
            "tf": plan([tf("aws_ssm_parameter", "ca", tf_parameter(
                "/prod/payments/config/ca-bundle", "x" * 100))]),
        },
    }
    secret_arn_ref = secret_arn(GOOD_SECRET)
    f["placement-secret-in-environment"] = {
        "fail": {
            "export": [
                list_functions("payments-api", {"GITHUB_TOKEN": FAKE_GITHUB_TOKEN,
                                                "LOG_LEVEL": "info"}),
                task_definition("payments-worker",
                                [("STRIPE_API_KEY", FAKE_STRIPE_KEY)])],
            "cfn": template(
                {"Function": cfn_function({
                    "DB_PASSWORD": "{{resolve:secretsmanager:prod/payments/secrets/db-password:SecretString:password}}",
                    "LOG_LEVEL": "info"}),
                 "Task": cfn_task([("API_TOKEN", ref("ApiToken"))])},
                parameters={"ApiToken": {"Type": "String", "NoEcho": True}}),
            "tf": plan([tf("aws_lambda_function", "api", {
                "function_name": "payments-api", "runtime": "python3.12",
                "environment": [{"variables": {"STRIPE_KEY": FAKE_STRIPE_KEY}}]})]),
        },
        "pass": {
            "export": [
                list_functions("payments-api", {"DB_SECRET_ARN": secret_arn_ref,
                                                "LOG_LEVEL": "info"}),
                task_definition("payments-worker", [("LOG_LEVEL", "info")],
                                [("STRIPE_API_KEY", secret_arn_ref)])],
            "cfn": template({"Function": cfn_function({
                "DB_SECRET_ARN": ref("DbSecret"), "LOG_LEVEL": "info"}),
                "DbSecret": cfn_secret(GOOD_SECRET),
                "DbSecretRotation": cfn_rotation("DbSecret")}),
            "tf": plan([tf("aws_lambda_function", "api", {
                "function_name": "payments-api", "runtime": "python3.12",
                "environment": [{"variables": {"DB_SECRET_ARN": secret_arn_ref}}]})]),
        },
    }
    return f


def write_json_docs(path, docs):
    with open(path, "w", encoding="utf-8") as out:
        for doc in docs:
            out.write(json.dumps(doc, indent=4))
            out.write("\n")


def write_fixture(directory, fmt, content):
    os.makedirs(directory, exist_ok=True)
    if fmt == "export":
        write_json_docs(os.path.join(directory, "export.json"), content)
    elif fmt == "tf":
        with open(os.path.join(directory, "plan.json"), "w") as out:
            # terraform show -json writes one line.
            out.write(json.dumps(content, separators=(",", ":")))
            out.write("\n")
    elif fmt == "cfn":
        with open(os.path.join(directory, "template.yaml"), "w") as out:
            out.write("\n".join(yaml_lines(content)) + "\n")
        with open(os.path.join(directory, "template.json"), "w") as out:
            out.write(json.dumps(cdk_json(content), indent=1))
            out.write("\n")


def yaml_policy(layer):
    return "\n".join(yaml_lines(layer)) + "\n"


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    for check, spec in sorted(fixtures().items()):
        base = os.path.join(OUT, check)
        for outcome in ("fail", "pass"):
            for fmt, content in sorted(spec[outcome].items()):
                write_fixture(os.path.join(base, outcome), fmt, content)
        if "policy" in spec:
            with open(os.path.join(base, "policy.yaml"), "w") as out:
                out.write("# Audit policy layer for this check's fixtures.\n")
                out.write(yaml_policy(spec["policy"]))


if __name__ == "__main__":
    main()
