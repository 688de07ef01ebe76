#include "reports/sink.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "reports/csv_sink.h"
#include "reports/html_sink.h"
#include "reports/json_sink.h"
#include "reports/junit_sink.h"
#include "reports/markdown_sink.h"
#include "reports/sarif_sink.h"
#include "reports/text_sink.h"

namespace keylint {
namespace {

using SinkFactory = std::unique_ptr<FindingSink> (*)(const SinkOptions&);

struct SinkEntry {
  std::string_view name;
  SinkFactory make;
};

// Every output format, in the order `--format` help lists them. A new format
// is one line here plus its sink files.
constexpr SinkEntry kSinks[] = {
    {"text",
     [](const SinkOptions& options) -> std::unique_ptr<FindingSink> {
       return std::make_unique<TextSink>(options);
     }},
    {"json",
     [](const SinkOptions&) -> std::unique_ptr<FindingSink> {
       return std::make_unique<JsonSink>();
     }},
    {"sarif",
     [](const SinkOptions&) -> std::unique_ptr<FindingSink> {
       return std::make_unique<SarifSink>();
     }},
    {"junit",
     [](const SinkOptions&) -> std::unique_ptr<FindingSink> {
       return std::make_unique<JunitSink>();
     }},
    {"markdown",
     [](const SinkOptions&) -> std::unique_ptr<FindingSink> {
       return std::make_unique<MarkdownSink>();
     }},
    {"html",
     [](const SinkOptions&) -> std::unique_ptr<FindingSink> {
       return std::make_unique<HtmlSink>();
     }},
    {"csv",
     [](const SinkOptions&) -> std::unique_ptr<FindingSink> {
       return std::make_unique<CsvSink>();
     }},
};

}  // namespace

std::vector<std::string> SinkFormats() {
  std::vector<std::string> names;
  for (const SinkEntry& entry : kSinks) names.emplace_back(entry.name);
  return names;
}

std::unique_ptr<FindingSink> MakeSink(std::string_view format,
                                      const SinkOptions& options) {
  for (const SinkEntry& entry : kSinks) {
    if (entry.name == format) return entry.make(options);
  }
  return nullptr;
}

}  // namespace keylint
