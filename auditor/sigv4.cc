#include "auditor/sigv4.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <ctime>

#include "auditor/aws_time.h"
#include "auditor/text_util.h"
#include "rules/sha256.h"

namespace keylint {
namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";

std::string Hmac(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out,
       &len);
  return std::string(reinterpret_cast<const char*>(out), len);
}

std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Trims and collapses every run of whitespace (a folded multi-line value
// included) into one space.
std::string CanonicalHeaderValue(std::string_view v) {
  std::string out;
  bool pending_space = false;
  for (char c : v) {
    if (IsSpace(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

}  // namespace

std::string AwsUriEncode(std::string_view s, bool keep_slash) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                      (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                      c == '.' || c == '~';
    if (unreserved || (keep_slash && c == '/')) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kDigits[c >> 4]);
      out.push_back(kDigits[c & 15]);
    }
  }
  return out;
}

std::string CanonicalUri(std::string_view path, bool normalize) {
  if (path.empty()) return "/";
  if (!normalize) return AwsUriEncode(path, /*keep_slash=*/true);
  // RFC 3986 dot-segment removal, plus collapsing empty segments ("//").
  std::vector<std::string_view> kept;
  bool trailing_slash = false;
  size_t pos = 0;
  while (pos <= path.size()) {
    size_t slash = path.find('/', pos);
    if (slash == std::string_view::npos) slash = path.size();
    std::string_view seg = path.substr(pos, slash - pos);
    bool last = slash == path.size();
    if (seg.empty() || seg == ".") {
      trailing_slash = last;
    } else if (seg == "..") {
      if (!kept.empty()) kept.pop_back();
      trailing_slash = last;
    } else {
      kept.push_back(seg);
      trailing_slash = false;
    }
    pos = slash + 1;
  }
  std::string out;
  for (std::string_view seg : kept) {
    out += '/';
    out += AwsUriEncode(seg, /*keep_slash=*/false);
  }
  if (out.empty() || trailing_slash) out += '/';
  return out;
}

std::string CanonicalQueryString(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> params;
  size_t pos = 0;
  while (pos <= query.size()) {
    size_t amp = query.find('&', pos);
    if (amp == std::string_view::npos) amp = query.size();
    std::string_view part = query.substr(pos, amp - pos);
    if (!part.empty()) {
      size_t eq = part.find('=');
      std::string_view key = part.substr(0, eq);
      std::string_view value = eq == std::string_view::npos
                                   ? std::string_view()
                                   : part.substr(eq + 1);
      params.emplace_back(AwsUriEncode(PercentDecode(key), false),
                          AwsUriEncode(PercentDecode(value), false));
    }
    pos = amp + 1;
  }
  std::sort(params.begin(), params.end());
  std::string out;
  for (const auto& [k, v] : params) {
    if (!out.empty()) out += '&';
    out += k;
    out += '=';
    out += v;
  }
  return out;
}

std::string AmzDate(int64_t unix_seconds) {
  return FormatUtc(unix_seconds, "%Y%m%dT%H%M%SZ");
}

void SignRequest(const AwsCredentials& credentials,
                 const SigningOptions& options, SignableRequest* request,
                 SigningTrace* trace) {
  HttpHeaders& headers = request->headers;
  std::erase_if(headers, [](const auto& h) {
    std::string n = ToLower(h.first);
    return n == "authorization" || n == "x-amz-date" ||
           n == "x-amz-security-token" || n == "x-amz-content-sha256";
  });
  std::string amz_date = AmzDate(options.time);
  std::string date = amz_date.substr(0, 8);
  std::string payload_hash = Sha256Hex(request->body);
  headers.emplace_back("X-Amz-Date", amz_date);
  if (options.add_content_sha256) {
    headers.emplace_back("x-amz-content-sha256", payload_hash);
  }
  bool token = !credentials.session_token.empty();
  if (token && !options.omit_session_token) {
    headers.emplace_back("X-Amz-Security-Token", credentials.session_token);
  }

  // Canonical headers: lower-case names in byte order, the values of a
  // repeated name joined with ',' in the order given.
  std::vector<std::pair<std::string, std::string>> canonical;
  for (const auto& [name, value] : headers) {
    canonical.emplace_back(ToLower(name), CanonicalHeaderValue(value));
  }
  std::stable_sort(
      canonical.begin(), canonical.end(),
      [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string canonical_headers, signed_headers;
  for (size_t i = 0; i < canonical.size(); ++i) {
    if (i > 0 && canonical[i].first == canonical[i - 1].first) {
      canonical_headers.back() = ',';
      canonical_headers += canonical[i].second + "\n";
      continue;
    }
    canonical_headers += canonical[i].first + ":" + canonical[i].second + "\n";
    if (!signed_headers.empty()) signed_headers += ';';
    signed_headers += canonical[i].first;
  }

  std::string canonical_request =
      request->method + "\n" +
      CanonicalUri(request->path, options.normalize_path) + "\n" +
      CanonicalQueryString(request->query) + "\n" + canonical_headers + "\n" +
      signed_headers + "\n" + payload_hash;
  std::string scope =
      date + "/" + options.region + "/" + options.service + "/aws4_request";
  std::string string_to_sign = std::string(kAlgorithm) + "\n" + amz_date +
                               "\n" + scope + "\n" +
                               Sha256Hex(canonical_request);

  std::string key = Hmac("AWS4" + credentials.secret_access_key, date);
  key = Hmac(key, options.region);
  key = Hmac(key, options.service);
  key = Hmac(key, "aws4_request");
  std::string signature = Hex(Hmac(key, string_to_sign));

  headers.emplace_back("Authorization",
                       std::string(kAlgorithm) +
                           " Credential=" + credentials.access_key_id + "/" +
                           scope + ", SignedHeaders=" + signed_headers +
                           ", Signature=" + signature);
  if (token && options.omit_session_token) {
    headers.emplace_back("X-Amz-Security-Token", credentials.session_token);
  }
  if (trace != nullptr) {
    trace->canonical_request = std::move(canonical_request);
    trace->string_to_sign = std::move(string_to_sign);
    trace->signature = std::move(signature);
  }
}

}  // namespace keylint
