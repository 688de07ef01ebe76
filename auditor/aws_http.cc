#include "auditor/aws_http.h"

#include <algorithm>

#include "auditor/curl_loader.h"
#include "auditor/text_util.h"

namespace keylint {
namespace {

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* out = static_cast<HttpResponse*>(user);
  size_t n = size * count;
  if (out->body.size() + n > kMaxResponseBytes) return 0;  // aborts
  out->body.append(data, n);
  return n;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* out = static_cast<HttpResponse*>(user);
  size_t n = size * count;
  std::string_view line(data, n);
  if (line.starts_with("HTTP/")) {
    out->headers.clear();  // a new response (after 100 Continue)
    return n;
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return n;
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
    value.remove_prefix(1);
  }
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' ||
                            value.back() == ' ')) {
    value.remove_suffix(1);
  }
  out->headers.emplace_back(std::string(line.substr(0, colon)),
                            std::string(value));
  return n;
}

}  // namespace

std::string HttpResponse::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (EqualsIgnoreCase(k, name)) return v;
  }
  return "";
}

CurlTransport::CurlTransport(CurlTransportOptions options)
    : options_(std::move(options)) {
  Curl();  // loads libcurl and initialises it, once, before any handle
}

CurlTransport::~CurlTransport() {
  for (void* h : idle_) Curl().easy_cleanup(static_cast<CURL*>(h));
}

void* CurlTransport::Acquire() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!idle_.empty()) {
      void* h = idle_.back();
      idle_.pop_back();
      return h;
    }
  }
  const CurlApi& curl = Curl();
  return curl.error.empty() ? curl.easy_init() : nullptr;
}

void CurlTransport::Release(void* handle) {
  std::lock_guard<std::mutex> lock(mu_);
  idle_.push_back(handle);
}

HttpResponse CurlTransport::Send(const std::string& url,
                                 const SignableRequest& request,
                                 int timeout_ms) {
  HttpResponse response;
  const CurlApi& curl = Curl();
  if (!curl.error.empty()) {
    response.error = curl.error;
    return response;
  }
  CURL* h = static_cast<CURL*>(Acquire());
  if (h == nullptr) {
    response.error = "cannot initialise libcurl";
    return response;
  }
  // Reset keeps the handle's live connections and TLS sessions.
  curl.easy_reset(h);
  char errbuf[CURL_ERROR_SIZE] = {0};
  curl.easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  curl.easy_setopt(h, CURLOPT_URL, url.c_str());
#if LIBCURL_VERSION_NUM >= 0x075500
  curl.easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
#else
  curl.easy_setopt(h, CURLOPT_PROTOCOLS,
                   static_cast<long>(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
  curl.easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
  curl.easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!options_.ca_bundle.empty()) {
    curl.easy_setopt(h, CURLOPT_CAINFO, options_.ca_bundle.c_str());
  }
  curl.easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl.easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl.easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_ms));
  curl.easy_setopt(
      h, CURLOPT_CONNECTTIMEOUT_MS,
      static_cast<long>(std::min(timeout_ms, options_.connect_timeout_ms)));
  if (request.method == "POST") {
    curl.easy_setopt(h, CURLOPT_POST, 1L);
  } else if (request.method != "GET") {
    curl.easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
  if (request.method != "GET") {
    curl.easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
    curl.easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
  }
  curl_slist* list = nullptr;
  for (const auto& [name, value] : request.headers) {
    list = curl.slist_append(list, (name + ": " + value).c_str());
  }
  list = curl.slist_append(list, "Expect:");  // no 100-continue round trip
  curl.easy_setopt(h, CURLOPT_HTTPHEADER, list);
  curl.easy_setopt(h, CURLOPT_WRITEFUNCTION, OnBody);
  curl.easy_setopt(h, CURLOPT_WRITEDATA, &response);
  curl.easy_setopt(h, CURLOPT_HEADERFUNCTION, OnHeader);
  curl.easy_setopt(h, CURLOPT_HEADERDATA, &response);

  CURLcode rc = curl.easy_perform(h);
  curl.slist_free_all(list);
  if (rc == CURLE_OK) {
    long status = 0;
    curl.easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    response.status = static_cast<int>(status);
  } else {
    response.timed_out = rc == CURLE_OPERATION_TIMEDOUT;
    response.error = errbuf[0] != '\0' ? errbuf : curl.easy_strerror(rc);
    if (rc == CURLE_WRITE_ERROR &&
        response.body.size() + CURL_MAX_WRITE_SIZE > kMaxResponseBytes) {
      response.error = "response larger than 64 MiB";
    }
    response.status = 0;
    response.body.clear();
  }
  Release(h);
  return response;
}

}  // namespace keylint
