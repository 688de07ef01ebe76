// HTTP for the AWS client: one small interface, implemented with libcurl.
//
// TLS: certificate and host-name verification are always on (there is no
// switch to turn them off); `ca_bundle` replaces the system CA store.
// Proxies come from the usual environment variables (https_proxy,
// HTTPS_PROXY, no_proxy, ...), which libcurl reads itself. Only http and
// https are allowed, redirects are not followed, and a response body is
// capped (kMaxResponseBytes) so that a hostile server cannot exhaust memory.
// Whether plain http is acceptable for a given URL is decided by the caller
// (see ValidateEndpointUrl in aws_client.h); instance metadata endpoints are
// http by design.
//
// Thread-safety: Send may be called from several threads at once; each call
// borrows its own curl handle from a pool (which keeps connections alive
// between calls).
#ifndef KEYLINT_AUDITOR_AWS_HTTP_H_
#define KEYLINT_AUDITOR_AWS_HTTP_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "auditor/sigv4.h"

namespace keylint {

struct HttpResponse {
  int status = 0;  // 0 when no response arrived
  HttpHeaders headers;
  std::string body;
  std::string error;  // transport failure, one line; empty when a response came
  bool timed_out = false;

  // The first header named `name` (case-insensitive), or "".
  std::string Header(std::string_view name) const;
};

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  // Sends `request` to `url` (scheme, host, path and query: the request's
  // own path/query fields are not used to build it).
  virtual HttpResponse Send(const std::string& url,
                            const SignableRequest& request, int timeout_ms) = 0;
};

struct CurlTransportOptions {
  std::string ca_bundle;  // PEM file; empty: the system store
  int connect_timeout_ms = 5000;
};

inline constexpr size_t kMaxResponseBytes = 64u << 20;

class CurlTransport : public HttpTransport {
 public:
  explicit CurlTransport(CurlTransportOptions options);
  ~CurlTransport() override;
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  HttpResponse Send(const std::string& url, const SignableRequest& request,
                    int timeout_ms) override;

 private:
  void* Acquire();
  void Release(void* handle);

  CurlTransportOptions options_;
  std::mutex mu_;
  std::vector<void*> idle_;  // CURL* handles
};

}  // namespace keylint

#endif  // KEYLINT_AUDITOR_AWS_HTTP_H_
