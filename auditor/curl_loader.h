// libcurl, opened with dlopen() when the first HTTP transport is made.
//
// keylint is not linked against libcurl: its dependencies (a TLS library,
// Kerberos, LDAP, SSH, IDN and compression libraries: 28 shared objects on
// Debian 12) cost every keylint process about 7 ms of start-up (a scan of
// an empty tree took 24 ms with them, 14 without), and only the live audit
// and `verify` talk HTTP. The headers are still libcurl's own: each entry point below
// has the type the header declares.
#ifndef KEYLINT_AUDITOR_CURL_LOADER_H_
#define KEYLINT_AUDITOR_CURL_LOADER_H_

#include <curl/curl.h>

#include <memory>
#include <string>

namespace keylint {

struct CurlApi {
  decltype(&::curl_global_init) global_init = nullptr;
  decltype(&::curl_easy_init) easy_init = nullptr;
  decltype(&::curl_easy_cleanup) easy_cleanup = nullptr;
  decltype(&::curl_easy_reset) easy_reset = nullptr;
  decltype(&::curl_easy_setopt) easy_setopt = nullptr;
  decltype(&::curl_easy_perform) easy_perform = nullptr;
  decltype(&::curl_easy_getinfo) easy_getinfo = nullptr;
  decltype(&::curl_easy_strerror) easy_strerror = nullptr;
  decltype(&::curl_slist_append) slist_append = nullptr;
  decltype(&::curl_slist_free_all) slist_free_all = nullptr;
  // Why the library could not be used (one line naming it); empty when
  // every entry point above is set.
  std::string error;
};

// The soname the build found (libcurl.so.4 on Debian).
const char* CurlSoname();

// Opens `soname` and looks up every entry point. The library stays loaded
// for the life of the process. Does not call curl_global_init.
std::unique_ptr<CurlApi> LoadCurlApi(const char* soname);

// The process's libcurl (CurlSoname()), loaded and globally initialised on
// the first call; thread-safe.
const CurlApi& Curl();

}  // namespace keylint

#endif  // KEYLINT_AUDITOR_CURL_LOADER_H_
