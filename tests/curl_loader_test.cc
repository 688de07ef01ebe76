// libcurl is opened on first use (auditor/curl_loader.h), never at
// start-up.
#include "auditor/curl_loader.h"

#include <gtest/gtest.h>

#include "tests/test_util.h"

namespace keylint {
namespace {

using testing_util::RunKeylint;

TEST(CurlLoaderTest, LoadsEveryEntryPointOfTheBuildsLibcurl) {
  auto api = LoadCurlApi(CurlSoname());
  ASSERT_TRUE(api->error.empty()) << api->error;
  EXPECT_NE(api->global_init, nullptr);
  EXPECT_NE(api->easy_cleanup, nullptr);
  EXPECT_NE(api->easy_reset, nullptr);
  EXPECT_NE(api->easy_setopt, nullptr);
  EXPECT_NE(api->easy_perform, nullptr);
  EXPECT_NE(api->easy_getinfo, nullptr);
  EXPECT_NE(api->slist_append, nullptr);
  EXPECT_NE(api->slist_free_all, nullptr);
  ASSERT_NE(api->easy_strerror, nullptr);
  EXPECT_STREQ(api->easy_strerror(CURLE_OK), "No error");
  // The process-wide instance is the same library, initialised.
  const CurlApi& curl = Curl();
  ASSERT_TRUE(curl.error.empty()) << curl.error;
  CURL* h = curl.easy_init();
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(curl.easy_setopt(h, CURLOPT_URL, "http://127.0.0.1:9/"),
            CURLE_OK);
  curl.easy_cleanup(h);
}

TEST(CurlLoaderTest, AMissingLibraryIsOneLineNamingItAndThePackage) {
  auto api = LoadCurlApi("libkeylint-no-such-curl.so.4");
  EXPECT_EQ(api->easy_init, nullptr);
  EXPECT_NE(api->error.find("libkeylint-no-such-curl.so.4"), std::string::npos)
      << api->error;
  EXPECT_NE(api->error.find("libcurl4"), std::string::npos) << api->error;
  EXPECT_EQ(api->error.find('\n'), std::string::npos) << api->error;
}

TEST(CurlLoaderTest, KeylintStartsWithoutLoadingLibcurl) {
  // The dynamic loader lists what it maps at start-up and exits.
  auto r = RunKeylint("--version", "LD_TRACE_LOADED_OBJECTS=1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_NE(r.out.find("libc.so"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("libcurl"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("libgnutls"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace keylint
