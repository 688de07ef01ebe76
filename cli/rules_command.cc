// `keylint rules list` and `keylint rules check`.
#include <fmt/format.h>

#include <iostream>
#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/rule_setup.h"
#include "rules/engine.h"
#include "rules/project_config.h"
#include "scanner/walker.h"

namespace keylint {
namespace {

struct RulesFlags {
  RuleSourceOptions rules;
  bool no_builtin = false;
  std::string format = "text";
  bool verbose = false;
  std::string bench_path;
  int bench_mb = 64;
  int bench_top = 25;
};

// `examples`: the rules' examples are needed, which the rules cache does
// not keep (rules/ruleset_loader.h), so the cache is not used.
Status Build(const RulesFlags& f, std::unique_ptr<RulesDatabase>* db,
             bool examples = false) {
  RuleSourceOptions ro = f.rules;
  ro.builtin = !f.no_builtin;
  if (examples) ro.cache = false;
  ProjectConfig none;
  return BuildRulesDatabase(ro, none, db);
}

int RunList(const RulesFlags& f) {
  std::unique_ptr<RulesDatabase> db;
  if (Status s = Build(f, &db); !s.ok()) {
    std::cerr << "keylint: " << s.message() << "\n";
    return kExitUsage;
  }
  auto infos = RuleInfos(*db);
  if (f.format == "json") {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& r : infos) {
      out.push_back({{"id", r.id},
                     {"description", r.description},
                     {"severity", SeverityName(r.severity)},
                     {"category", r.category},
                     {"tags", r.tags},
                     {"references", r.references}});
    }
    std::cout << out.dump(2) << "\n";
    return kExitClean;
  }
  size_t width = 0;
  for (const auto& r : infos) width = std::max(width, r.id.size());
  for (const auto& r : infos) {
    std::cout << fmt::format("{:<{}}  {:<8}  {:<9}  {}\n", r.id, width,
                             SeverityName(r.severity), r.category,
                             r.description);
  }
  std::cout << fmt::format("{} rules\n", infos.size());
  return kExitClean;
}

bool Found(const std::vector<Match>& matches, int rule) {
  for (const auto& m : matches)
    if (m.rule == rule) return true;
  return false;
}

std::string DropReasons(const std::vector<DroppedMatch>& dropped, int rule) {
  std::string out;
  for (const auto& d : dropped) {
    if (d.rule != rule) continue;
    if (!out.empty()) out += ", ";
    out += d.reason;
  }
  return out.empty() ? "no regex match" : "matched but dropped: " + out;
}

int RunCheck(const RulesFlags& f) {
  std::unique_ptr<RulesDatabase> db;
  if (Status s = Build(f, &db, /*examples=*/true); !s.ok()) {
    std::cerr << "keylint: " << s.message() << "\n";
    return kExitUsage;
  }
  Matcher matcher(db.get());
  int failures = 0, examples = 0, negatives = 0;
  const auto& rules = db->rules();
  // Examples are scanned with the production path and the reference path;
  // both must agree.
  auto scan = [&](const std::string& text, std::vector<Match>* fast,
                  std::vector<Match>* ref, std::vector<DroppedMatch>* dropped) {
    fast->clear();
    ref->clear();
    dropped->clear();
    Status s1 = matcher.Scan(text, "example.txt", fast, dropped);
    Status s2 = matcher.ScanReference(text, "example.txt", ref);
    return s1.ok() && s2.ok();
  };
  std::vector<Match> fast, ref;
  std::vector<DroppedMatch> dropped;
  for (size_t i = 0; i < rules.size(); ++i) {
    const Rule& r = rules[i];
    int ri = static_cast<int>(i);
    if (db->IsPathRule(ri)) {
      // File-name rules: examples are paths.
      std::vector<int> hits;
      for (size_t k = 0; k < r.examples.size(); ++k) {
        ++examples;
        hits.clear();
        db->MatchPath(r.examples[k], &hits);
        if (std::find(hits.begin(), hits.end(), ri) == hits.end()) {
          ++failures;
          std::cout << fmt::format("FAIL {}:{} {}: path example {} not matched\n",
                                   r.source_file, r.source_line, r.id, k + 1);
        }
      }
      for (size_t k = 0; k < r.negative_examples.size(); ++k) {
        ++negatives;
        hits.clear();
        db->MatchPath(r.negative_examples[k], &hits);
        if (std::find(hits.begin(), hits.end(), ri) != hits.end()) {
          ++failures;
          std::cout << fmt::format(
              "FAIL {}:{} {}: negative path example {} was matched\n",
              r.source_file, r.source_line, r.id, k + 1);
        }
      }
      continue;
    }
    for (size_t k = 0; k < r.examples.size(); ++k) {
      ++examples;
      if (!scan(r.examples[k], &fast, &ref, &dropped)) {
        std::cout << fmt::format("FAIL {}:{} {}: example {}: engine error\n",
                                 r.source_file, r.source_line, r.id, k + 1);
        ++failures;
        continue;
      }
      bool in_fast = Found(fast, ri), in_ref = Found(ref, ri);
      if (!in_fast || !in_ref) {
        ++failures;
        std::cout << fmt::format(
            "FAIL {}:{} {}: example {} not detected{} ({})\n", r.source_file,
            r.source_line, r.id, k + 1,
            in_fast != in_ref ? " by the prefilter path only" : "",
            DropReasons(dropped, ri));
      }
    }
    for (size_t k = 0; k < r.negative_examples.size(); ++k) {
      ++negatives;
      if (!scan(r.negative_examples[k], &fast, &ref, &dropped)) {
        ++failures;
        continue;
      }
      if (Found(fast, ri) || Found(ref, ri)) {
        ++failures;
        std::cout << fmt::format(
            "FAIL {}:{} {}: negative example {} was detected\n", r.source_file,
            r.source_line, r.id, k + 1);
      }
    }
  }
  std::cout << fmt::format(
      "{} rules, {} examples, {} negative examples: {}\n", rules.size(),
      examples, negatives,
      failures == 0 ? "all pass" : fmt::format("{} failures", failures));
  // Rules whose longest match Hyperscan cannot bound are confirmed over a
  // fixed window only; list them so that rule authors bound repetitions.
  int unbounded = 0;
  for (size_t i = 0; i < rules.size(); ++i) {
    if (!db->IsUnbounded(static_cast<int>(i))) continue;
    ++unbounded;
    if (f.verbose) {
      std::cout << fmt::format(
          "note {}:{} {}: unbounded match width (bound its repetitions)\n",
          rules[i].source_file, rules[i].source_line, rules[i].id);
    }
  }
  if (f.verbose) {
    std::cout << fmt::format("{} rules with unbounded match width\n",
                             unbounded);
    std::cout << fmt::format(
        "engine: {} rules in Hyperscan prefilter mode, {} RE2-only, compiled "
        "in {:.3f} s{}\n",
        db->prefilter_rule_count(), db->re2_only_rule_count(),
        db->compile_seconds(), db->loaded_from_cache() ? " (cache)" : "");
  }
  return failures == 0 ? kExitClean : kExitFindings;
}

// Reads the files under `path` (up to `limit` bytes) into memory.
class SampleCollector : public FileVisitor {
 public:
  explicit SampleCollector(uint64_t limit) : limit_(limit) {}
  void OnFile(const FileContent& file) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (bytes_ + file.data.size() > limit_) return;
    bytes_ += file.data.size();
    files_.emplace_back(std::string(file.rel_path), std::string(file.data));
  }
  void OnSkip(std::string_view, SkipReason) override {}
  void OnError(std::string_view, std::string_view) override {}
  std::vector<std::pair<std::string, std::string>>& files() { return files_; }
  uint64_t bytes() const { return bytes_; }

 private:
  const uint64_t limit_;
  std::mutex mu_;
  uint64_t bytes_ = 0;
  std::vector<std::pair<std::string, std::string>> files_;
};

// `rules bench PATH`: the scan cost of each rule on its own, slowest first,
// so that rule authors can see which rules hold the whole set back.
int RunBench(const RulesFlags& f) {
  std::unique_ptr<RulesDatabase> all;
  if (Status s = Build(f, &all); !s.ok()) {
    std::cerr << "keylint: " << s.message() << "\n";
    return kExitUsage;
  }
  SampleCollector sample(static_cast<uint64_t>(f.bench_mb) << 20);
  WalkOptions wo;
  wo.threads = 1;
  if (Status s = Walk(f.bench_path, wo, &sample); !s.ok()) {
    std::cerr << "keylint: " << s.message() << "\n";
    return kExitUsage;
  }
  std::sort(sample.files().begin(), sample.files().end());
  auto time_scan = [&](const RulesDatabase& db, size_t* matches) {
    Matcher m(&db);
    std::vector<Match> out;
    // Warm up (lazy RE2 compilation), then time the second pass.
    for (const auto& [path, data] : sample.files()) (void)m.Scan(data, path, &out);
    out.clear();
    auto t0 = std::chrono::steady_clock::now();
    for (const auto& [path, data] : sample.files()) (void)m.Scan(data, path, &out);
    *matches = out.size();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
        .count();
  };
  const double mb = static_cast<double>(sample.bytes()) / 1e6;
  size_t total_matches = 0;
  double total = time_scan(*all, &total_matches);
  std::cout << fmt::format(
      "sample: {} files, {:.1f} MB; all {} rules: {:.0f} MB/s ({:.3f} s)\n",
      sample.files().size(), mb, all->rules().size(), mb / total, total);
  struct Row {
    std::string id;
    double seconds;
    size_t matches;
  };
  std::vector<Row> rows;
  for (const auto& rule : all->rules()) {
    std::unique_ptr<RulesDatabase> one;
    EngineOptions eo;
    if (!RulesDatabase::Compile({rule}, eo, &one).ok()) continue;
    size_t n = 0;
    double t = time_scan(*one, &n);
    rows.push_back({rule.id, t, n});
  }
  std::sort(rows.begin(), rows.end(),
            [](const Row& a, const Row& b) { return a.seconds > b.seconds; });
  std::cout << fmt::format("{:<48} {:>10} {:>10} {:>8}\n", "rule (alone)",
                           "MB/s", "ms", "matches");
  for (size_t i = 0; i < rows.size() && i < static_cast<size_t>(f.bench_top);
       ++i) {
    std::cout << fmt::format("{:<48} {:>10.0f} {:>10.1f} {:>8}\n", rows[i].id,
                             mb / rows[i].seconds, rows[i].seconds * 1e3,
                             rows[i].matches);
  }
  return kExitClean;
}

void AddRuleSourceOptions(CLI::App* app, RulesFlags* f) {
  app->add_option("--rules", f->rules.files, "Extra ruleset YAML file")
      ->take_all();
  app->add_flag("--no-builtin", f->no_builtin, "Do not load built-in rules");
  app->add_flag("--no-cache", [f](int64_t) { f->rules.cache = false; },
                "Do not use the compiled rules cache");
}

}  // namespace

CommandRunner RegisterRulesCommand(CLI::App* app) {
  auto f = std::make_shared<RulesFlags>();
  app->require_subcommand(1);
  CLI::App* list = app->add_subcommand("list", "Print the rule catalogue");
  AddRuleSourceOptions(list, f.get());
  list->add_option("-f,--format", f->format, "text or json")
      ->check(CLI::IsMember({"text", "json"}));
  CLI::App* check = app->add_subcommand(
      "check", "Run every rule's examples through the production engine");
  AddRuleSourceOptions(check, f.get());
  check->add_flag("-v,--verbose", f->verbose, "Print engine details");
  CLI::App* bench = app->add_subcommand(
      "bench", "Time each rule alone on a sample tree, slowest first");
  AddRuleSourceOptions(bench, f.get());
  bench->add_option("path", f->bench_path, "Sample tree")->required();
  bench->add_option("--mb", f->bench_mb, "Read at most this many MiB")
      ->check(CLI::Range(1, 4096));
  bench->add_option("--top", f->bench_top, "Rows to print");
  return [f, list, check, bench]() -> int {
    if (list->parsed()) return RunList(*f);
    if (check->parsed()) return RunCheck(*f);
    if (bench->parsed()) return RunBench(*f);
    return kExitUsage;
  };
}

}  // namespace keylint
