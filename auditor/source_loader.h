// Offline sources: reads the files and directories given to `keylint audit`
// and feeds every recognised document (AWS CLI export, CloudFormation
// template, Terraform JSON) into one Inventory.
//
// Directories are walked recursively in sorted order, skipping hidden
// entries (.git, .terraform, ...) and node_modules, and reading *.json,
// *.yaml, *.yml and *.template files. A file named on the command line is
// read whatever its name. Documents of no recognised shape are skipped
// (a named file of no recognised shape is an error). A file that cannot be
// read or parsed is one InputError naming file, line and cause; the other
// files are still loaded.
//
// Thread-safety: re-entrant.
#ifndef KEYLINT_AUDITOR_SOURCE_LOADER_H_
#define KEYLINT_AUDITOR_SOURCE_LOADER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "auditor/aws_shapes.h"
#include "auditor/resource.h"
#include "rules/report.h"
#include "rules/status.h"

namespace keylint {

struct SourceLoadStats {
  uint64_t files_loaded = 0;   // parsed and recognised
  uint64_t files_skipped = 0;  // of no recognised shape
  uint64_t bytes_read = 0;
};

struct SourceLoadOptions {
  // With one directory given, report paths relative to it (as `scan` does);
  // otherwise as given.
  bool relative_to_single_directory = true;
};

// Loads `paths`. Non-OK only when a path does not exist.
Status LoadSources(const std::vector<std::string>& paths,
                   const SourceLoadOptions& options, Inventory* inventory,
                   std::vector<InputError>* errors, SourceLoadStats* stats);

// Loads one document's text as if read from `path` (tests, the live
// source). `explicit_file` makes an unrecognised document an error.
void LoadSourceText(const std::string& text, const std::string& path,
                    bool explicit_file, InventoryBuilder* builder,
                    std::vector<InputError>* errors, SourceLoadStats* stats);

}  // namespace keylint

#endif  // KEYLINT_AUDITOR_SOURCE_LOADER_H_
