#include "auditor/aws_client.h"

#include <fmt/format.h>

#include <chrono>
#include <ctime>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "auditor/text_util.h"

namespace keylint {
namespace {

// The allowlist. Read-only metadata operations only: nothing here returns a
// secret's or a parameter's value. Adding an operation is a reviewed
// change: docs/iam-policy.json and tests/aws_client_test.cc follow it.
const std::vector<AwsOperation>& Table() {
  static const std::vector<AwsOperation> kOps = {
      {"secretsmanager", "ListSecrets", AwsProtocol::kJson11, "secretsmanager",
       "", true, true},
      {"secretsmanager", "GetResourcePolicy", AwsProtocol::kJson11,
       "secretsmanager", "", true, true},
      {"ssm", "DescribeParameters", AwsProtocol::kJson11, "AmazonSSM", "", true,
       true},
      {"ssm", "ListTagsForResource", AwsProtocol::kJson11, "AmazonSSM", "",
       true, true},
      {"lambda", "ListFunctions", AwsProtocol::kRestJson, "",
       "/2015-03-31/functions/", true, true},
      {"ec2", "DescribeRegions", AwsProtocol::kQuery, "2016-11-15", "", true,
       true},
      {"sts", "GetCallerIdentity", AwsProtocol::kQuery, "2011-06-15", "", true,
       true},
      // Obtaining credentials (--role-arn, web identity): permissions of the
      // caller, not of the audited account.
      {"sts", "AssumeRole", AwsProtocol::kQuery, "2011-06-15", "", true, false},
      {"sts", "AssumeRoleWithWebIdentity", AwsProtocol::kQuery, "2011-06-15",
       "", false, false},
  };
  return kOps;
}

bool IsLoopbackHost(std::string_view host) {
  if (host == "localhost" || host == "[::1]") return true;
  if (!host.starts_with("127.")) return false;
  for (char c : host) {
    if (!(c == '.' || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

// "https://host:port/x" -> "host:port".
std::string_view UrlAuthority(std::string_view url) {
  size_t start = url.find("://");
  if (start == std::string_view::npos) return {};
  start += 3;
  size_t end = url.find_first_of("/?#", start);
  return url.substr(start, end == std::string_view::npos ? end : end - start);
}

std::string_view HostOnly(std::string_view authority) {
  if (authority.starts_with("[")) {
    size_t close = authority.find(']');
    return authority.substr(
        0, close == std::string_view::npos ? close : close + 1);
  }
  return authority.substr(0, authority.find(':'));
}

std::string EncodeParams(
    const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out;
  for (const auto& [k, v] : params) {
    if (!out.empty()) out += '&';
    out += AwsUriEncode(k, false) + "=" + AwsUriEncode(v, false);
  }
  return out;
}

std::string OneLine(std::string_view text, size_t max = 300) {
  std::string out;
  for (char c : text) {
    if (out.size() >= max) {
      out += "...";
      break;
    }
    out.push_back(c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
  }
  return out;
}

// The error code and message of a failed response, whatever the protocol.
void ParseError(AwsProtocol protocol, const HttpResponse& r, std::string* code,
                std::string* message) {
  // Query services answer in XML; so do gateways, and moto when it denies
  // a JSON request.
  if (protocol == AwsProtocol::kQuery ||
      r.body.find("<Code>") != std::string::npos) {
    *code = XmlText(r.body, "Code");
    *message = XmlText(r.body, "Message");
  } else {
    std::string type = r.Header("x-amzn-ErrorType");
    nlohmann::json j = nlohmann::json::parse(r.body, nullptr, false);
    if (j.is_object()) {
      for (const char* key : {"__type", "code", "Code"}) {
        if (type.empty() && j.contains(key) && j[key].is_string()) {
          type = j[key].get<std::string>();
        }
      }
      for (const char* key : {"message", "Message", "errorMessage"}) {
        if (message->empty() && j.contains(key) && j[key].is_string()) {
          *message = j[key].get<std::string>();
        }
      }
    }
    // "com.amazonaws.x#Code", "Code:http://..." -> "Code".
    if (size_t hash = type.rfind('#'); hash != std::string::npos) {
      type = type.substr(hash + 1);
    }
    *code = type.substr(0, type.find(':'));
  }
  if (code->empty()) {
    *code =
        r.status >= 500 ? "InternalFailure" : fmt::format("Http{}", r.status);
  }
  if (message->empty()) *message = fmt::format("HTTP status {}", r.status);
}

bool IsExpiredCode(std::string_view code) {
  return code == "ExpiredToken" || code == "ExpiredTokenException" ||
         code == "RequestExpired" || code == "TokenRefreshRequired";
}

int64_t SystemNow() { return static_cast<int64_t>(std::time(nullptr)); }

}  // namespace

const std::vector<AwsOperation>& AllowedOperations() { return Table(); }

const AwsOperation* FindAllowedOperation(std::string_view service,
                                         std::string_view name) {
  for (const AwsOperation& op : Table()) {
    if (op.service == service && op.name == name) return &op;
  }
  return nullptr;
}

Status ValidateEndpointUrl(const std::string& url) {
  std::string_view authority = UrlAuthority(url);
  if (authority.empty()) {
    return Status::InvalidArgument(fmt::format(
        "--endpoint-url '{}': not a URL (https://host[:port])", url));
  }
  if (url.starts_with("https://")) return Status::Ok();
  if (url.starts_with("http://") && IsLoopbackHost(HostOnly(authority))) {
    return Status::Ok();
  }
  return Status::InvalidArgument(fmt::format(
      "--endpoint-url '{}': use https:// (plain http:// is accepted only for "
      "a loopback address such as a local moto)",
      url));
}

std::string RedactCredentials(std::string_view text,
                              const AwsCredentials& creds) {
  std::string out(text);
  for (const std::string* secret :
       {&creds.session_token, &creds.secret_access_key, &creds.access_key_id}) {
    if (secret->size() < 4) continue;
    for (size_t pos = out.find(*secret); pos != std::string::npos;
         pos = out.find(*secret, pos)) {
      out.replace(pos, secret->size(), "<redacted>");
    }
  }
  // Any other access key id (a key named in a server message).
  for (size_t i = 0; i + 20 <= out.size(); ++i) {
    std::string_view w(out.data() + i, 4);
    if (w != "AKIA" && w != "ASIA") continue;
    size_t j = i + 4;
    while (
        j < out.size() && j < i + 20 &&
        ((out[j] >= 'A' && out[j] <= 'Z') || (out[j] >= '0' && out[j] <= '9')))
      ++j;
    if (j == i + 20) out.replace(i, 20, "<redacted>");
  }
  return out;
}

bool IsRetryableAwsError(std::string_view code, int http_status) {
  static constexpr std::string_view kRetryable[] = {
      // Throttling (AWS's standard retry mode).
      "Throttling", "ThrottlingException", "ThrottledException",
      "RequestThrottledException", "TooManyRequestsException",
      "ProvisionedThroughputExceededException",
      "TransactionInProgressException", "RequestLimitExceeded",
      "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
      "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
      // Transient.
      "RequestTimeout", "RequestTimeoutException", "InternalError",
      "InternalFailure", "ServiceUnavailable", "ConnectionError"};
  for (std::string_view c : kRetryable) {
    if (code == c) return true;
  }
  return http_status >= 500 || http_status == 429;
}

std::vector<std::string> XmlTexts(std::string_view xml, std::string_view tag) {
  std::vector<std::string> out;
  std::string open = "<" + std::string(tag) + ">";
  std::string close = "</" + std::string(tag) + ">";
  size_t pos = 0;
  while ((pos = xml.find(open, pos)) != std::string_view::npos) {
    size_t start = pos + open.size();
    size_t end = xml.find(close, start);
    if (end == std::string_view::npos) break;
    std::string_view raw = xml.substr(start, end - start);
    std::string text;
    for (size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '&') {
        static constexpr std::pair<std::string_view, char> kEntities[] = {
            {"&amp;", '&'},
            {"&lt;", '<'},
            {"&gt;", '>'},
            {"&quot;", '"'},
            {"&apos;", '\''}};
        bool done = false;
        for (const auto& [entity, c] : kEntities) {
          if (raw.substr(i).starts_with(entity)) {
            text.push_back(c);
            i += entity.size() - 1;
            done = true;
            break;
          }
        }
        if (done) continue;
      }
      text.push_back(raw[i]);
    }
    out.push_back(std::move(text));
    pos = end + close.size();
  }
  return out;
}

std::string XmlText(std::string_view xml, std::string_view tag) {
  std::vector<std::string> all = XmlTexts(xml, tag);
  return all.empty() ? std::string() : std::move(all.front());
}

AwsClient::AwsClient(AwsCredentials credentials, AwsClientOptions options,
                     std::shared_ptr<HttpTransport> transport)
    : credentials_(std::move(credentials)),
      options_(std::move(options)),
      transport_(std::move(transport)) {
  while (!options_.endpoint_url.empty() &&
         options_.endpoint_url.back() == '/') {
    options_.endpoint_url.pop_back();
  }
  if (options_.max_attempts < 1) options_.max_attempts = 1;
  if (!options_.sleep) {
    options_.sleep = [](int64_t ms) {
      std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    };
  }
  if (!options_.random) {
    auto rng = std::make_shared<std::mt19937_64>(std::random_device{}());
    auto rng_mu = std::make_shared<std::mutex>();
    options_.random = [rng, rng_mu] {
      std::lock_guard<std::mutex> lock(*rng_mu);
      return std::uniform_real_distribution<double>(0.0, 1.0)(*rng);
    };
  }
  if (!options_.now) options_.now = SystemNow;
}

double AwsClient::seconds_outstanding() const {
  std::lock_guard<std::mutex> lock(mu_);
  auto total = outstanding_;
  if (in_flight_ > 0) {
    total += std::chrono::steady_clock::now() - outstanding_since_;
  }
  return std::chrono::duration<double>(total).count();
}

std::map<std::string, uint64_t> AwsClient::SentOperations() const {
  std::lock_guard<std::mutex> lock(mu_);
  return sent_;
}

AwsResult AwsClient::Call(std::string_view service, std::string_view operation,
                          const std::string& region,
                          const AwsRequest& request) {
  const AwsOperation* op = FindAllowedOperation(service, operation);
  if (op == nullptr) {
    AwsResult r;
    r.code = "OperationNotAllowed";
    r.message = fmt::format(
        "{}:{} is not one of the read-only metadata operations keylint may "
        "send; refused",
        service, operation);
    return r;
  }
  if (op->sign && credentials_.expiration &&
      *credentials_.expiration <= options_.now()) {
    AwsResult r;
    r.code = "ExpiredCredentials";
    r.message = fmt::format(
        "the AWS credentials from {} have expired; refresh them",
        credentials_.source.empty() ? "the environment" : credentials_.source);
    return r;
  }
  for (int attempt = 1;; ++attempt) {
    AwsResult r = Attempt(*op, region, request, attempt);
    r.attempts = attempt;
    if (r.ok()) return r;
    if (IsExpiredCode(r.code)) {
      r.message = fmt::format(
          "the AWS credentials from {} have expired or are no longer valid "
          "({}); refresh them",
          credentials_.source.empty() ? "the environment" : credentials_.source,
          r.code);
      return r;
    }
    if (!IsRetryableAwsError(r.code, r.http_status) ||
        attempt >= options_.max_attempts) {
      if (attempt > 1)
        r.message += fmt::format(" (after {} attempts)", attempt);
      return r;
    }
    int64_t cap = options_.base_backoff_ms;
    for (int i = 1; i < attempt && cap < options_.max_backoff_ms; ++i) cap *= 2;
    cap = std::min(cap, options_.max_backoff_ms);
    options_.sleep(
        static_cast<int64_t>(options_.random() * static_cast<double>(cap)));
  }
}

AwsResult AwsClient::Attempt(const AwsOperation& op, const std::string& region,
                             const AwsRequest& request, int attempt) {
  std::string base =
      options_.endpoint_url.empty()
          ? fmt::format("https://{}.{}.amazonaws.com", op.service, region)
          : options_.endpoint_url;
  SignableRequest req;
  req.headers.emplace_back("Host", std::string(UrlAuthority(base)));
  std::string target;
  switch (op.protocol) {
    case AwsProtocol::kJson11:
      req.method = "POST";
      target = fmt::format("{}.{}", op.target, op.name);
      req.headers.emplace_back("Content-Type", "application/x-amz-json-1.1");
      req.headers.emplace_back("X-Amz-Target", target);
      req.body = request.json_body;
      break;
    case AwsProtocol::kRestJson:
      req.method = "GET";
      req.path = std::string(op.http_path);
      req.query = EncodeParams(request.params);
      target = std::string(op.name);
      break;
    case AwsProtocol::kQuery: {
      req.method = "POST";
      std::vector<std::pair<std::string, std::string>> params = {
          {"Action", std::string(op.name)},
          {"Version", std::string(op.target)}};
      params.insert(params.end(), request.params.begin(), request.params.end());
      req.body = EncodeParams(params);
      req.headers.emplace_back("Content-Type",
                               "application/x-www-form-urlencoded; "
                               "charset=utf-8");
      target = std::string(op.name);
      break;
    }
  }
  if (op.sign) {
    SigningOptions so;
    so.region = region;
    so.service = std::string(op.service);
    so.time = options_.now();
    SignRequest(credentials_, so, &req);
  }
  std::string url = base + AwsUriEncode(req.path, true);
  if (!req.query.empty()) url += "?" + req.query;

  auto start = std::chrono::steady_clock::now();
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++sent_[fmt::format("{}:{}", op.service, op.name)];
    if (in_flight_++ == 0) outstanding_since_ = start;
  }
  ++requests_sent_;
  HttpResponse resp = transport_->Send(url, req, options_.timeout_ms);
  auto end = std::chrono::steady_clock::now();
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (--in_flight_ == 0) outstanding_ += end - outstanding_since_;
  }
  auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(end - start)
          .count();
  micros_waiting_ += static_cast<uint64_t>(micros);

  AwsResult r;
  r.http_status = resp.status;
  if (resp.status == 0) {
    r.code = resp.timed_out ? "RequestTimeout" : "ConnectionError";
    r.message = Redact(fmt::format("cannot reach {}: {}", base, resp.error));
  } else if (resp.status < 200 || resp.status >= 300) {
    ParseError(op.protocol, resp, &r.code, &r.message);
    r.message = Redact(OneLine(r.message));
  } else if (op.protocol != AwsProtocol::kQuery &&
             !nlohmann::json::accept(resp.body)) {
    r.code = "InvalidResponse";
    r.message = fmt::format("the response is not JSON ({} bytes from {})",
                            resp.body.size(), base);
  } else {
    r.body = std::move(resp.body);
  }

  if (options_.debug) {
    std::string headers;
    for (const auto& [name, value] : req.headers) {
      bool hidden = EqualsIgnoreCase(name, "Authorization") ||
                    EqualsIgnoreCase(name, "X-Amz-Security-Token");
      headers += fmt::format(" {}: {};", name, hidden ? "<redacted>" : value);
    }
    std::string outcome =
        r.ok() ? fmt::format("{} ({} bytes)", resp.status, r.body.size())
               : fmt::format(
                     "{} {}",
                     resp.status == 0 ? "error" : std::to_string(resp.status),
                     r.code);
    options_.debug(Redact(fmt::format(
        "{} {} [{}:{} attempt {}/{}] ->{} in {} ms; request headers:{}",
        req.method, url, op.service, op.name, attempt, options_.max_attempts,
        " " + outcome, micros / 1000, headers)));
  }
  return r;
}

}  // namespace keylint
