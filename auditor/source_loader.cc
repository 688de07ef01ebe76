#include "auditor/source_loader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "auditor/aws_shapes.h"
#include "auditor/cfn_loader.h"
#include "auditor/doc.h"
#include "auditor/export_loader.h"
#include "auditor/terraform_loader.h"

namespace keylint {
namespace {

namespace fs = std::filesystem;

bool HasExtension(const std::string& name,
                  std::initializer_list<std::string_view> exts) {
  for (std::string_view e : exts) {
    if (name.size() > e.size() && name.ends_with(e)) return true;
  }
  return false;
}

bool LooksLikeJson(const std::string& path, const std::string& text) {
  if (HasExtension(path, {".json"})) return true;
  if (HasExtension(path, {".yaml", ".yml"})) return false;
  size_t first = text.find_first_not_of(" \t\r\n");
  return first != std::string::npos && (text[first] == '{' || text[first] == '[');
}

std::string Slashed(const fs::path& p) {
  std::string s = p.generic_string();
  while (s.size() > 2 && s.starts_with("./")) s.erase(0, 2);
  return s;
}

void CollectFiles(const fs::path& dir, std::vector<fs::path>* out,
                  std::vector<InputError>* errors, const std::string& shown) {
  std::error_code ec;
  fs::recursive_directory_iterator it(
      dir, fs::directory_options::skip_permission_denied, ec);
  if (ec) {
    errors->push_back({shown, 0, "cannot read directory: " + ec.message()});
    return;
  }
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) {
      errors->push_back({shown, 0, "cannot read directory: " + ec.message()});
      break;
    }
    const fs::directory_entry& e = *it;
    std::string name = e.path().filename().string();
    std::error_code sec;
    if (e.is_symlink(sec)) continue;
    if (e.is_directory(sec)) {
      if (name.starts_with(".") || name == "node_modules") {
        it.disable_recursion_pending();
      }
      continue;
    }
    if (name.starts_with(".") || !e.is_regular_file(sec)) continue;
    if (HasExtension(name, {".json", ".yaml", ".yml", ".template"})) {
      out->push_back(e.path());
    }
  }
}

// Opens with O_NONBLOCK and checks the type on the open descriptor: a FIFO
// named on the command line (or swapped in for a listed file) would
// otherwise block the audit for ever, and a device such as /dev/zero never
// ends.
bool ReadWholeFile(const fs::path& path, std::string* out, std::string* why) {
  int fd = open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    *why = std::strerror(errno);
    return false;
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    *why = "not a regular file (a FIFO, socket or device)";
    close(fd);
    return false;
  }
  // One allocation of the file's size (exports run to tens of MB); a file
  // that grows while being read is cut at that size.
  out->assign(static_cast<size_t>(st.st_size), '\0');
  size_t len = 0;
  while (len < out->size()) {
    ssize_t n = read(fd, out->data() + len, out->size() - len);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      *why = std::strerror(errno);
      close(fd);
      return false;
    }
    if (n == 0) break;
    len += static_cast<size_t>(n);
  }
  out->resize(len);
  close(fd);
  return true;
}

}  // namespace

void LoadSourceText(const std::string& text, const std::string& path,
                    bool explicit_file, InventoryBuilder* builder,
                    std::vector<InputError>* errors, SourceLoadStats* stats) {
  stats->bytes_read += text.size();
  std::vector<DocNode> docs;
  DocParseError perr;
  bool json = LooksLikeJson(path, text);
  // Large export lists are converted entry by entry as they are parsed.
  ExportStreamer streamer(path);
  DocElementHandler take = [&streamer](std::string_view key,
                                       const DocNode& entry) {
    return streamer.Take(key, entry);
  };
  bool ok = json ? ParseJsonDocuments(text, &docs, &perr, take)
                 : (docs.emplace_back(),
                    ParseYamlDocument(text, &docs.back(), &perr));
  if (!ok) {
    errors->push_back(
        {path, perr.line,
         fmt::format("invalid {} (column {}): {}", json ? "JSON" : "YAML",
                     perr.column, perr.cause)});
    return;
  }
  streamer.Commit(builder);
  bool recognised = false;
  for (const DocNode& doc : docs) {
    if (IsCloudFormationTemplate(doc)) {
      LoadCloudFormation(doc, path, builder, errors);
    } else if (IsTerraformJson(doc)) {
      LoadTerraformJson(doc, path, builder, errors);
    } else if (IsAwsExport(doc)) {
      LoadAwsExport(doc, path, builder, errors);
    } else {
      continue;
    }
    recognised = true;
  }
  if (recognised) {
    ++stats->files_loaded;
  } else {
    ++stats->files_skipped;
    if (explicit_file) {
      errors->push_back(
          {path, 0,
           "not an AWS CLI export, CloudFormation template or Terraform JSON"});
    }
  }
}

Status LoadSources(const std::vector<std::string>& paths,
                   const SourceLoadOptions& options, Inventory* inventory,
                   std::vector<InputError>* errors, SourceLoadStats* stats) {
  struct Input {
    fs::path path;
    std::string shown;
    bool explicit_file;
  };
  std::vector<Input> inputs;
  size_t directories = 0;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) ++directories;
  }
  for (const std::string& p : paths) {
    std::error_code ec;
    fs::file_status st = fs::status(p, ec);
    if (ec || !fs::exists(st)) {
      return Status::NotFound(fmt::format("{}: no such file or directory", p));
    }
    if (fs::is_directory(st)) {
      std::vector<fs::path> files;
      CollectFiles(p, &files, errors, p);
      std::sort(files.begin(), files.end());
      bool relative = options.relative_to_single_directory &&
                      paths.size() == 1 && directories == 1;
      for (const fs::path& f : files) {
        std::string shown = relative
                                ? Slashed(f.lexically_relative(fs::path(p)))
                                : Slashed(f);
        inputs.push_back({f, shown, false});
      }
    } else {
      inputs.push_back({fs::path(p), Slashed(fs::path(p)), true});
    }
  }
  InventoryBuilder builder;
  for (const Input& in : inputs) {
    std::string text, why;
    if (!ReadWholeFile(in.path, &text, &why)) {
      errors->push_back({in.shown, 0, "cannot read: " + why});
      continue;
    }
    LoadSourceText(text, in.shown, in.explicit_file, &builder, errors, stats);
  }
  std::vector<std::pair<std::string, SourceLocation>> unmatched;
  *inventory = builder.Finish(&unmatched);
  for (const auto& [id, where] : unmatched) {
    errors->push_back(
        {where.path, where.line,
         fmt::format("tags for '{}' match no parameter in the exports "
                     "(add a ResourceId field or name the file after the "
                     "URL-encoded parameter name)",
                     id)});
  }
  return Status::Ok();
}

}  // namespace keylint
