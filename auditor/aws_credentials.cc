#include "auditor/aws_credentials.h"

#include <fmt/format.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "auditor/aws_time.h"
#include "auditor/text_util.h"

namespace keylint {
namespace {

using Section = std::map<std::string, std::string>;
using IniFile = std::map<std::string, Section>;

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

// The AWS shared-file INI dialect: [section], key = value, '#'/';'
// comments; indented lines (nested values such as s3 settings) are skipped.
// `config_style` strips the "profile " prefix of config-file sections.
IniFile ReadIni(const std::string& path, bool config_style) {
  IniFile ini;
  std::ifstream in(path);
  std::string line, section;
  while (std::getline(in, line)) {
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) continue;
    std::string t = Trim(line);
    if (t.empty() || t[0] == '#' || t[0] == ';') continue;
    if (t.front() == '[' && t.back() == ']') {
      section = Trim(t.substr(1, t.size() - 2));
      if (config_style && section.starts_with("profile ")) {
        section = Trim(section.substr(8));
      }
      ini[section];
      continue;
    }
    size_t eq = t.find('=');
    if (eq == std::string::npos || section.empty()) continue;
    ini[section][ToLower(Trim(t.substr(0, eq)))] = Trim(t.substr(eq + 1));
  }
  return ini;
}

struct Env {
  std::function<const char*(const char*)> get;
  std::string operator()(const char* name) const {
    const char* v = get(name);
    return v ? v : "";
  }
};

struct SharedFiles {
  IniFile credentials, config;
};

SharedFiles LoadSharedFiles(const Env& env) {
  std::string home = env("HOME");
  std::string creds = env("AWS_SHARED_CREDENTIALS_FILE");
  std::string config = env("AWS_CONFIG_FILE");
  if (creds.empty() && !home.empty()) creds = home + "/.aws/credentials";
  if (config.empty() && !home.empty()) config = home + "/.aws/config";
  SharedFiles f;
  if (!creds.empty()) f.credentials = ReadIni(creds, false);
  if (!config.empty()) f.config = ReadIni(config, true);
  return f;
}

// A profile's settings: the credentials file wins over the config file.
Section ProfileSettings(const SharedFiles& files, const std::string& name,
                        bool* found) {
  Section s;
  *found = false;
  if (auto it = files.config.find(name); it != files.config.end()) {
    s = it->second;
    *found = true;
  }
  if (auto it = files.credentials.find(name); it != files.credentials.end()) {
    for (const auto& [k, v] : it->second) s[k] = v;
    *found = true;
  }
  return s;
}

std::string ProfileName(const CredentialOptions& o, const Env& env) {
  if (!o.profile.empty()) return o.profile;
  std::string p = env("AWS_PROFILE");
  return p.empty() ? "default" : p;
}

// Credentials from a JSON object with the given key names; `expiration`
// as an ISO 8601 string.
bool CredentialsFromJson(const nlohmann::json& j, const char* token_key,
                         AwsCredentials* out) {
  if (!j.is_object()) return false;
  auto str = [&j](const char* k) {
    return j.contains(k) && j[k].is_string() ? j[k].get<std::string>()
                                             : std::string();
  };
  out->access_key_id = str("AccessKeyId");
  out->secret_access_key = str("SecretAccessKey");
  out->session_token = str(token_key);
  if (std::string exp = str("Expiration"); !exp.empty()) {
    out->expiration = ParseAwsTimestamp(exp);
  }
  return !out->empty();
}

Status RunCredentialProcess(const std::string& command,
                            const std::string& profile, AwsCredentials* out) {
  std::string what = fmt::format("credential_process of profile '{}'", profile);
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    return Status::IoError(what + ": cannot start it");
  }
  std::string output;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0 &&
         output.size() < (1 << 20)) {
    output.append(buf, n);
  }
  int status = pclose(pipe);
  if (status != 0) {
    return Status::IoError(
        fmt::format("{}: exited with status {}", what,
                    WIFEXITED(status) ? WEXITSTATUS(status) : status));
  }
  nlohmann::json j = nlohmann::json::parse(output, nullptr, false);
  if (!j.is_object() || !j.contains("Version") || j["Version"] != 1 ||
      !CredentialsFromJson(j, "SessionToken", out)) {
    // Its output is never quoted: it holds the secret key.
    return Status::InvalidArgument(
        what + ": did not print a Version 1 credentials JSON object");
  }
  out->source = what;
  return Status::Ok();
}

// STS answers (AssumeRole, AssumeRoleWithWebIdentity).
Status CredentialsFromSts(const AwsResult& r, const std::string& what,
                          AwsCredentials* out) {
  if (!r.ok()) {
    return Status::IoError(fmt::format("{}: {}: {}", what, r.code, r.message));
  }
  out->access_key_id = XmlText(r.body, "AccessKeyId");
  out->secret_access_key = XmlText(r.body, "SecretAccessKey");
  out->session_token = XmlText(r.body, "SessionToken");
  if (std::string exp = XmlText(r.body, "Expiration"); !exp.empty()) {
    out->expiration = ParseAwsTimestamp(exp);
  }
  if (out->empty()) {
    return Status::IoError(what + ": the STS answer holds no credentials");
  }
  out->source = what;
  return Status::Ok();
}

Status AssumeRole(const CredentialOptions& o,
                  std::shared_ptr<HttpTransport> transport,
                  const AwsCredentials& base, const std::string& role_arn,
                  AwsCredentials* out) {
  AwsClient sts(base, o.client, std::move(transport));
  AwsRequest req;
  req.params = {{"RoleArn", role_arn},
                {"RoleSessionName", o.role_session_name}};
  AwsCredentials got;
  KL_RETURN_IF_ERROR(CredentialsFromSts(
      sts.Call("sts", "AssumeRole", o.sts_region, req),
      fmt::format("assuming role {} (with credentials from {})", role_arn,
                  base.source),
      &got));
  *out = std::move(got);
  return Status::Ok();
}

Status WebIdentity(const CredentialOptions& o,
                   std::shared_ptr<HttpTransport> transport,
                   const std::string& token_file, const std::string& role_arn,
                   std::string session, AwsCredentials* out) {
  std::ifstream in(token_file);
  if (!in) {
    return Status::IoError(
        fmt::format("web identity token file {}: cannot read it", token_file));
  }
  std::stringstream ss;
  ss << in.rdbuf();
  std::string token = Trim(ss.str());
  if (session.empty()) session = o.role_session_name;
  AwsClient sts(AwsCredentials{}, o.client, std::move(transport));
  AwsRequest req;
  req.params = {{"RoleArn", role_arn},
                {"RoleSessionName", session},
                {"WebIdentityToken", token}};
  return CredentialsFromSts(
      sts.Call("sts", "AssumeRoleWithWebIdentity", o.sts_region, req),
      fmt::format("web identity for role {}", role_arn), out);
}

Status FromProfile(const CredentialOptions& o,
                   std::shared_ptr<HttpTransport> transport,
                   const SharedFiles& files, const std::string& name, int depth,
                   AwsCredentials* out, bool* found) {
  Section s = ProfileSettings(files, name, found);
  if (!*found) return Status::Ok();
  if (depth > 5) {
    return Status::InvalidArgument(
        fmt::format("profile '{}': source_profile chain too long", name));
  }
  std::string role = s["role_arn"];
  if (!role.empty() && !s["web_identity_token_file"].empty()) {
    return WebIdentity(o, transport, s["web_identity_token_file"], role,
                       s["role_session_name"], out);
  }
  if (!role.empty() && !s["source_profile"].empty()) {
    AwsCredentials base;
    bool base_found = false;
    if (s["source_profile"] == name) {
      // A profile may name itself to combine static keys with role_arn.
      base.access_key_id = s["aws_access_key_id"];
      base.secret_access_key = s["aws_secret_access_key"];
      base.session_token = s["aws_session_token"];
      base.source = fmt::format("profile {}", name);
      base_found = !base.empty();
    } else {
      KL_RETURN_IF_ERROR(FromProfile(o, transport, files, s["source_profile"],
                                     depth + 1, &base, &base_found));
    }
    if (!base_found || base.empty()) {
      return Status::InvalidArgument(
          fmt::format("profile '{}': source_profile '{}' has no credentials",
                      name, s["source_profile"]));
    }
    return AssumeRole(o, transport, base, role, out);
  }
  if (!s["aws_access_key_id"].empty() || !s["aws_secret_access_key"].empty()) {
    out->access_key_id = s["aws_access_key_id"];
    out->secret_access_key = s["aws_secret_access_key"];
    out->session_token = s["aws_session_token"];
    out->source = fmt::format("profile {}", name);
    if (out->empty()) {
      return Status::InvalidArgument(fmt::format(
          "profile '{}': aws_access_key_id and aws_secret_access_key must "
          "both be set",
          name));
    }
    return Status::Ok();
  }
  if (!s["credential_process"].empty()) {
    return RunCredentialProcess(s["credential_process"], name, out);
  }
  *found = false;
  return Status::Ok();
}

HttpResponse MetadataGet(HttpTransport* t, const std::string& url,
                         const std::string& method, HttpHeaders headers,
                         int timeout_ms) {
  SignableRequest req;
  req.method = method;
  req.headers = std::move(headers);
  return t->Send(url, req, timeout_ms);
}

Status FromContainer(const CredentialOptions& o, const Env& env,
                     HttpTransport* t, AwsCredentials* out, bool* found) {
  std::string relative = env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
  std::string full = env("AWS_CONTAINER_CREDENTIALS_FULL_URI");
  std::string url =
      !relative.empty() ? "http://169.254.170.2" + relative : full;
  *found = !url.empty();
  if (!*found) return Status::Ok();
  HttpHeaders headers;
  std::string token = env("AWS_CONTAINER_AUTHORIZATION_TOKEN");
  if (std::string file = env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
      !file.empty()) {
    std::ifstream in(file);
    std::stringstream ss;
    ss << in.rdbuf();
    token = Trim(ss.str());
  }
  if (!token.empty()) headers.emplace_back("Authorization", token);
  HttpResponse r =
      MetadataGet(t, url, "GET", headers, o.metadata_timeout_ms * 3);
  if (r.status != 200) {
    return Status::IoError(fmt::format(
        "container credentials endpoint: {}",
        r.status == 0 ? r.error : fmt::format("HTTP status {}", r.status)));
  }
  if (!CredentialsFromJson(nlohmann::json::parse(r.body, nullptr, false),
                           "Token", out)) {
    return Status::IoError(
        "container credentials endpoint: no credentials "
        "in its answer");
  }
  out->source = "container credentials endpoint";
  return Status::Ok();
}

Status FromInstanceMetadata(const CredentialOptions& o, const Env& env,
                            HttpTransport* t, AwsCredentials* out,
                            bool* found) {
  *found = false;
  if (ToLower(env("AWS_EC2_METADATA_DISABLED")) == "true") return Status::Ok();
  std::string base = env("AWS_EC2_METADATA_SERVICE_ENDPOINT");
  if (base.empty()) base = "http://169.254.169.254";
  while (!base.empty() && base.back() == '/') base.pop_back();
  HttpResponse tok =
      MetadataGet(t, base + "/latest/api/token", "PUT",
                  {{"X-aws-ec2-metadata-token-ttl-seconds", "21600"}},
                  o.metadata_timeout_ms);
  if (tok.status == 0) return Status::Ok();  // not on EC2
  HttpHeaders auth;
  if (tok.status == 200) {
    auth.emplace_back("X-aws-ec2-metadata-token", Trim(tok.body));
  } else if (tok.status != 403 && tok.status != 404 && tok.status != 405) {
    return Status::Ok();
  }
  *found = true;
  std::string path = base + "/latest/meta-data/iam/security-credentials/";
  HttpResponse role = MetadataGet(t, path, "GET", auth, o.metadata_timeout_ms);
  std::string name = Trim(role.body.substr(0, role.body.find('\n')));
  if (role.status != 200 || name.empty()) {
    return Status::IoError(
        "instance metadata: no IAM role is attached to this instance");
  }
  HttpResponse creds =
      MetadataGet(t, path + name, "GET", auth, o.metadata_timeout_ms);
  if (creds.status != 200 ||
      !CredentialsFromJson(nlohmann::json::parse(creds.body, nullptr, false),
                           "Token", out)) {
    return Status::IoError(fmt::format(
        "instance metadata: cannot read the credentials of role {}", name));
  }
  out->source = fmt::format("instance metadata (role {})", name);
  return Status::Ok();
}

Status BaseCredentials(const CredentialOptions& o, const Env& env,
                       std::shared_ptr<HttpTransport> transport,
                       AwsCredentials* out) {
  if (o.profile.empty()) {
    std::string id = env("AWS_ACCESS_KEY_ID");
    std::string secret = env("AWS_SECRET_ACCESS_KEY");
    if (!id.empty() || !secret.empty()) {
      if (id.empty() || secret.empty()) {
        return Status::InvalidArgument(
            "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must both be set");
      }
      out->access_key_id = id;
      out->secret_access_key = secret;
      out->session_token = env("AWS_SESSION_TOKEN");
      out->source = "environment variables";
      return Status::Ok();
    }
  }
  SharedFiles files = LoadSharedFiles(env);
  std::string profile = ProfileName(o, env);
  bool found = false;
  KL_RETURN_IF_ERROR(FromProfile(o, transport, files, profile, 0, out, &found));
  if (found) return Status::Ok();
  if (!o.profile.empty() || !env("AWS_PROFILE").empty()) {
    return Status::NotFound(fmt::format(
        "AWS profile '{}' not found or without credentials", profile));
  }
  std::string token_file = env("AWS_WEB_IDENTITY_TOKEN_FILE");
  std::string role = env("AWS_ROLE_ARN");
  if (!token_file.empty() && !role.empty()) {
    return WebIdentity(o, transport, token_file, role,
                       env("AWS_ROLE_SESSION_NAME"), out);
  }
  KL_RETURN_IF_ERROR(FromContainer(o, env, transport.get(), out, &found));
  if (found) return Status::Ok();
  KL_RETURN_IF_ERROR(
      FromInstanceMetadata(o, env, transport.get(), out, &found));
  if (found) return Status::Ok();
  return Status::NotFound(
      "no AWS credentials found (looked at AWS_ACCESS_KEY_ID, the shared "
      "files' profile 'default', web identity, the container and the "
      "instance metadata endpoints); set them or pass --profile");
}

Env MakeEnv(const CredentialOptions& o) {
  return Env{o.getenv ? o.getenv
                      : std::function<const char*(const char*)>(
                            [](const char* n) { return std::getenv(n); })};
}

}  // namespace

std::string ProfileRegion(const CredentialOptions& options) {
  Env env = MakeEnv(options);
  SharedFiles files = LoadSharedFiles(env);
  bool found = false;
  Section s = ProfileSettings(files, ProfileName(options, env), &found);
  return s["region"];
}

Status ResolveAwsCredentials(const CredentialOptions& options,
                             std::shared_ptr<HttpTransport> transport,
                             AwsCredentials* out) {
  Env env = MakeEnv(options);
  AwsCredentials base;
  KL_RETURN_IF_ERROR(BaseCredentials(options, env, transport, &base));
  if (options.role_arn.empty()) {
    *out = std::move(base);
    return Status::Ok();
  }
  return AssumeRole(options, std::move(transport), base, options.role_arn, out);
}

}  // namespace keylint
