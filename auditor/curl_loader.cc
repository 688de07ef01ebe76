#include "auditor/curl_loader.h"

#include <dlfcn.h>
#include <fmt/format.h>

#include <type_traits>

#ifndef KEYLINT_CURL_SONAME
#error "KEYLINT_CURL_SONAME must name libcurl's soname (set by CMakeLists.txt)"
#endif

namespace keylint {

const char* CurlSoname() { return KEYLINT_CURL_SONAME; }

std::unique_ptr<CurlApi> LoadCurlApi(const char* soname) {
  auto api = std::make_unique<CurlApi>();
  // RTLD_LOCAL: libcurl's symbols (and its TLS library's) stay out of the
  // global namespace, where they could shadow OpenSSL's for keylint itself.
  void* lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
  if (lib == nullptr) {
    const char* why = dlerror();
    api->error = fmt::format(
        "cannot load libcurl ({}): {}; install the libcurl4 package", soname,
        why != nullptr ? why : "unknown error");
    return api;
  }
  auto find = [&](auto* slot, const char* name) {
    void* p = dlsym(lib, name);
    if (p == nullptr && api->error.empty()) {
      api->error = fmt::format("{} has no {}: the libcurl is too old", soname,
                               name);
    }
    *slot = reinterpret_cast<std::remove_pointer_t<decltype(slot)>>(p);
  };
  find(&api->global_init, "curl_global_init");
  find(&api->easy_init, "curl_easy_init");
  find(&api->easy_cleanup, "curl_easy_cleanup");
  find(&api->easy_reset, "curl_easy_reset");
  find(&api->easy_setopt, "curl_easy_setopt");
  find(&api->easy_perform, "curl_easy_perform");
  find(&api->easy_getinfo, "curl_easy_getinfo");
  find(&api->easy_strerror, "curl_easy_strerror");
  find(&api->slist_append, "curl_slist_append");
  find(&api->slist_free_all, "curl_slist_free_all");
  return api;
}

const CurlApi& Curl() {
  // A function-local static: loaded once, and libcurl's global
  // initialisation (not thread-safe) runs before any other call.
  static const CurlApi* api = [] {
    CurlApi* a = LoadCurlApi(CurlSoname()).release();
    if (a->error.empty()) {
      const CURLcode rc = a->global_init(CURL_GLOBAL_DEFAULT);
      if (rc != CURLE_OK) {
        a->error = fmt::format("libcurl ({}) failed to initialise: {}",
                               CurlSoname(), a->easy_strerror(rc));
      }
    }
    return a;
  }();
  return *api;
}

}  // namespace keylint
