#include "auditor/live_source.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "auditor/audit_summary.h"
#include "auditor/aws_shapes.h"
#include "auditor/aws_time.h"
#include "auditor/doc.h"
#include "auditor/text_util.h"

namespace keylint {
namespace {

// Runs fn(0..n-1), `concurrency` at a time.
template <typename Fn>
void ParallelFor(size_t n, int concurrency, const Fn& fn) {
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next++) < n;) fn(i);
  };
  size_t threads =
      std::min<size_t>(n, static_cast<size_t>(std::max(1, concurrency)));
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
}

// Errors after which no other call can succeed either.
bool IsFatal(const AwsResult& r) {
  static constexpr std::string_view kFatal[] = {"ConnectionError",
                                                "RequestTimeout",
                                                "ExpiredCredentials",
                                                "ExpiredToken",
                                                "ExpiredTokenException",
                                                "RequestExpired",
                                                "InvalidClientTokenId",
                                                "UnrecognizedClientException",
                                                "SignatureDoesNotMatch",
                                                "IncompleteSignature",
                                                "MissingAuthenticationToken",
                                                "AuthFailure",
                                                "InvalidAccessKeyId"};
  for (std::string_view c : kFatal) {
    if (r.code == c) return true;
  }
  return false;
}

class LiveReader {
 public:
  LiveReader(AwsClient* client, const LiveAuditOptions& options,
             AuditRunInfo* info)
      : client_(client), options_(options), info_(info) {}

  void ReadRegion(const std::string& region, InventoryBuilder* builder);
  bool Account(std::string* account, Status* fatal);
  std::vector<std::string> Regions(const std::string& first, Status* fatal);

 private:
  void Unreadable(std::string_view service, std::string_view op,
                  const std::string& region, std::string resource,
                  const AwsResult& r) {
    std::lock_guard<std::mutex> lock(mu_);
    info_->unreadable.push_back({std::string(service), std::string(op), region,
                                 std::move(resource), r.code, r.message});
  }
  // The parsed body of a successful call; nullopt (recorded as unreadable)
  // on failure.
  std::optional<DocNode> Json(std::string_view service, std::string_view op,
                              const std::string& region,
                              const std::string& resource,
                              const AwsRequest& request);
  void ReadSecrets(const std::string& region, InventoryBuilder* builder);
  void ReadParameters(const std::string& region, InventoryBuilder* builder);
  void ReadFunctions(const std::string& region, InventoryBuilder* builder);

  AwsClient* client_;
  const LiveAuditOptions& options_;
  AuditRunInfo* info_;
  std::mutex mu_;
};

std::string Where(const std::string& region, std::string_view service) {
  return fmt::format("aws/{}/{}", region, service);
}

std::optional<DocNode> LiveReader::Json(std::string_view service,
                                        std::string_view op,
                                        const std::string& region,
                                        const std::string& resource,
                                        const AwsRequest& request) {
  AwsResult r = client_->Call(service, op, region, request);
  if (!r.ok()) {
    Unreadable(service, op, region, resource, r);
    return std::nullopt;
  }
  DocNode doc;
  DocParseError err;
  if (!ParseJsonDocument(r.body, &doc, &err) || !doc.IsObject()) {
    r.code = "InvalidResponse";
    r.message = fmt::format("the answer is not a JSON object (line {}: {})",
                            err.line, err.cause);
    Unreadable(service, op, region, resource, r);
    return std::nullopt;
  }
  // Positions inside an HTTP answer mean nothing in a report.
  SetPositions(&doc, 0, 0);
  return doc;
}

// Pages until the token is empty (or repeats: a server bug must not loop
// forever). `page` fetches the page of a token and returns the next token,
// or nullopt to stop.
template <typename Page>
void Paginate(const Page& page) {
  std::set<std::string> seen;
  std::string token;
  do {
    std::optional<std::string> next = page(token);
    if (!next) return;
    token = *next;
  } while (!token.empty() && seen.insert(token).second);
}

void LiveReader::ReadSecrets(const std::string& region,
                             InventoryBuilder* builder) {
  SourceLocation where{Where(region, "secretsmanager"), 0, 0};
  std::vector<Secret> secrets;
  Paginate([&](const std::string& token) -> std::optional<std::string> {
    nlohmann::json body = {{"MaxResults", 100}};
    if (!token.empty()) body["NextToken"] = token;
    std::optional<DocNode> doc = Json("secretsmanager", "ListSecrets", region,
                                      "", AwsRequest{body.dump(), {}});
    if (!doc) return std::nullopt;
    if (const DocNode* list = doc->Get("SecretList"); list && list->IsArray()) {
      for (const DocNode& e : list->items) {
        secrets.push_back(SecretFromApi(e, where));
      }
    }
    return std::string(doc->GetStr("NextToken"));
  });

  std::vector<std::optional<ResourcePolicy>> policies(secrets.size());
  ParallelFor(secrets.size(), options_.concurrency, [&](size_t i) {
    const Secret& s = secrets[i];
    std::string id = s.arn.empty() ? s.name : s.arn;
    nlohmann::json body = {{"SecretId", id}};
    std::optional<DocNode> doc = Json("secretsmanager", "GetResourcePolicy",
                                      region, id, AwsRequest{body.dump(), {}});
    if (!doc) return;
    ResourcePolicy p;
    std::string error;
    if (!ResourcePolicyFromApi(*doc, where, &p, &error)) {
      AwsResult bad;
      bad.code = "InvalidPolicy";
      bad.message = error;
      Unreadable("secretsmanager", "GetResourcePolicy", region, id, bad);
      return;
    }
    if (!p.document.statements.empty()) policies[i] = std::move(p);
  });
  for (Secret& s : secrets) {
    s.origin.format = SourceFormat::kAwsApi;
    builder->AddSecret(std::move(s));
  }
  for (auto& p : policies) {
    if (!p) continue;
    p->origin.format = SourceFormat::kAwsApi;
    builder->AddResourcePolicy(std::move(*p));
  }
}

void LiveReader::ReadParameters(const std::string& region,
                                InventoryBuilder* builder) {
  SourceLocation where{Where(region, "ssm"), 0, 0};
  std::vector<Parameter> parameters;
  Paginate([&](const std::string& token) -> std::optional<std::string> {
    nlohmann::json body = {{"MaxResults", 50}};
    if (!token.empty()) body["NextToken"] = token;
    std::optional<DocNode> doc = Json("ssm", "DescribeParameters", region, "",
                                      AwsRequest{body.dump(), {}});
    if (!doc) return std::nullopt;
    if (const DocNode* list = doc->Get("Parameters"); list && list->IsArray()) {
      for (const DocNode& e : list->items) {
        parameters.push_back(ParameterFromApi(e, where));
      }
    }
    return std::string(doc->GetStr("NextToken"));
  });

  ParallelFor(parameters.size(), options_.concurrency, [&](size_t i) {
    Parameter& p = parameters[i];
    nlohmann::json body = {{"ResourceType", "Parameter"},
                           {"ResourceId", p.name}};
    std::optional<DocNode> doc =
        Json("ssm", "ListTagsForResource", region,
             p.arn.empty() ? p.name : p.arn, AwsRequest{body.dump(), {}});
    if (!doc) return;
    if (const DocNode* tags = doc->Get("TagList")) p.tags = TagsFromApi(*tags);
  });
  for (Parameter& p : parameters) {
    p.origin.format = SourceFormat::kAwsApi;
    if (p.region.empty()) p.region = region;
    builder->AddParameter(std::move(p));
  }
}

void LiveReader::ReadFunctions(const std::string& region,
                               InventoryBuilder* builder) {
  SourceLocation where{Where(region, "lambda"), 0, 0};
  Paginate([&](const std::string& marker) -> std::optional<std::string> {
    AwsRequest req;
    req.params = {{"MaxItems", "50"}};
    if (!marker.empty()) req.params.emplace_back("Marker", marker);
    std::optional<DocNode> doc =
        Json("lambda", "ListFunctions", region, "", req);
    if (!doc) return std::nullopt;
    if (const DocNode* list = doc->Get("Functions"); list && list->IsArray()) {
      for (const DocNode& e : list->items) {
        LambdaFunction f = FunctionFromApi(e, where);
        f.origin.format = SourceFormat::kAwsApi;
        builder->AddFunction(std::move(f));
      }
    }
    return std::string(doc->GetStr("NextMarker"));
  });
}

void LiveReader::ReadRegion(const std::string& region,
                            InventoryBuilder* builder) {
  ReadSecrets(region, builder);
  ReadParameters(region, builder);
  if (options_.functions) ReadFunctions(region, builder);
}

bool LiveReader::Account(std::string* account, Status* fatal) {
  const std::string& region = options_.regions.front();
  AwsResult r = client_->Call("sts", "GetCallerIdentity", region, {});
  if (r.ok()) {
    *account = XmlText(r.body, "Account");
    return true;
  }
  if (IsFatal(r)) {
    *fatal = Status::IoError(fmt::format(
        "AWS sts GetCallerIdentity ({}): {}: {}", region, r.code, r.message));
    return false;
  }
  Unreadable("sts", "GetCallerIdentity", region, "", r);
  return true;
}

std::vector<std::string> LiveReader::Regions(const std::string& first,
                                             Status* fatal) {
  AwsResult r = client_->Call("ec2", "DescribeRegions", first, {});
  if (!r.ok()) {
    *fatal = Status::IoError(
        fmt::format("--all-regions: ec2 DescribeRegions ({}): {}: {}", first,
                    r.code, r.message));
    return {};
  }
  std::vector<std::string> regions = XmlTexts(r.body, "regionName");
  std::sort(regions.begin(), regions.end());
  regions.erase(std::unique(regions.begin(), regions.end()), regions.end());
  if (regions.empty()) {
    *fatal = Status::IoError(
        "--all-regions: ec2 DescribeRegions named no "
        "region");
  }
  return regions;
}

}  // namespace

Status LoadLiveAccount(AwsClient* client, const LiveAuditOptions& options,
                       Inventory* inventory, AuditRunInfo* info,
                       LiveAuditStats* stats) {
  if (options.regions.empty()) {
    return Status::InvalidArgument("no AWS region given (--region)");
  }
  auto start = std::chrono::steady_clock::now();
  info->source = "aws";
  if (info->started_at.empty()) {
    info->started_at = FormatRfc3339(static_cast<int64_t>(std::time(nullptr)));
  }
  LiveReader reader(client, options, info);
  Status fatal;
  std::string account;
  if (!reader.Account(&account, &fatal)) return fatal;
  std::vector<std::string> regions = options.regions;
  if (options.all_regions) {
    regions = reader.Regions(options.regions.front(), &fatal);
    if (!fatal.ok()) return fatal;
  }
  InventoryBuilder builder;
  for (const std::string& region : regions) reader.ReadRegion(region, &builder);
  *inventory = builder.Finish();

  std::set<std::string> accounts(info->accounts.begin(), info->accounts.end());
  if (!account.empty()) accounts.insert(account);
  info->accounts.assign(accounts.begin(), accounts.end());
  std::set<std::string> all(info->regions.begin(), info->regions.end());
  all.insert(regions.begin(), regions.end());
  info->regions.assign(all.begin(), all.end());
  std::sort(info->unreadable.begin(), info->unreadable.end(),
            [](const UnreadableItem& a, const UnreadableItem& b) {
              return std::tie(a.region, a.service, a.operation, a.resource) <
                     std::tie(b.region, b.service, b.operation, b.resource);
            });
  if (stats != nullptr) {
    stats->requests = client->requests_sent();
    stats->seconds_waiting = client->seconds_waiting();
    stats->seconds_outstanding = client->seconds_outstanding();
    stats->wall_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
  }
  return Status::Ok();
}

}  // namespace keylint
