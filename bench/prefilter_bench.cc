// The floor under `keylint scan`'s matching: the Hyperscan pass over a
// tree's files alone, on one core, with the database the scan uses (the
// built-in rules and the stages' marker literals), nothing confirmed.
// bench/run.sh combines it with ripgrep's time on the same tree (the cost
// of reading the files) into the fastest a scan built on this prefilter can
// be on this machine.
//
//   keylint_prefilter_bench TREE [RUNS]
//
// The files keylint's walker reads with the scan's defaults (ignore files
// respected, .git/, binary files and files over 10 MiB skipped) are copied
// into memory first, then scanned RUNS times (default 5); the best run is
// printed:
//
//   prefilter: FILES files, MB MB, best of RUNS: MS ms, MBPS MB/s per core, HITS hits
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "bench/bench_args.h"
#include "rules/engine.h"
#include "rules/ruleset_loader.h"
#include "scanner/scan_driver.h"
#include "scanner/walker.h"

namespace {

// The files `keylint scan TREE` reads (keylint's own walker, its defaults),
// copied out in the order they arrive.
class Collector : public keylint::FileVisitor {
 public:
  void OnFile(const keylint::FileContent& file) override {
    std::lock_guard<std::mutex> lock(mu_);
    files.emplace_back(file.data);
  }
  void OnSkip(std::string_view, keylint::SkipReason) override {}
  void OnError(std::string_view, std::string_view) override {}

  std::vector<std::string> files;

 private:
  std::mutex mu_;
};

}  // namespace

int main(int argc, char** argv) {
  int runs = 0;
  if (!ParseTreeAndRuns(argc, argv, 5, &runs)) return 2;
  std::vector<keylint::Rule> rules;
  keylint::Status s = keylint::LoadBuiltinRules(&rules);
  keylint::EngineOptions options;
  options.markers = keylint::ScanMarkers();
  std::unique_ptr<keylint::RulesDatabase> db;
  if (s.ok()) s = keylint::RulesDatabase::Compile(std::move(rules), options, &db);
  if (!s.ok()) {
    std::fprintf(stderr, "%s: %s\n", argv[0], s.message().c_str());
    return 2;
  }
  Collector collector;
  s = keylint::Walk(argv[1], keylint::WalkOptions{}, &collector);
  if (!s.ok()) {
    std::fprintf(stderr, "%s: %s\n", argv[0], s.message().c_str());
    return 2;
  }
  const std::vector<std::string>& files = collector.files;
  if (files.empty()) {
    std::fprintf(stderr, "%s: no text files under %s\n", argv[0], argv[1]);
    return 2;
  }
  size_t bytes = 0;
  for (const auto& f : files) bytes += f.size();
  keylint::Matcher matcher(db.get());
  double best = 1e300;
  size_t hits = 0;
  for (int r = 0; r < runs; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    size_t h = 0;
    for (const auto& f : files) h += matcher.CountPrefilterHits(f);
    const double sec = std::chrono::duration<double>(
                           std::chrono::steady_clock::now() - t0)
                           .count();
    if (sec < best) best = sec;
    hits = h;
  }
  std::printf(
      "prefilter: %zu files, %.1f MB, best of %d: %.1f ms, %.0f MB/s per core, "
      "%zu hits\n",
      files.size(), bytes / 1e6, runs, best * 1e3, bytes / 1e6 / best, hits);
  return 0;
}
