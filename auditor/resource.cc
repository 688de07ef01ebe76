#include "auditor/resource.h"

#include "auditor/text_util.h"

namespace keylint {

std::string_view SourceFormatName(SourceFormat f) {
  switch (f) {
    case SourceFormat::kAwsExport:
      return "aws-export";
    case SourceFormat::kAwsApi:
      return "aws-api";
    case SourceFormat::kCloudFormation:
      return "cloudformation";
    case SourceFormat::kTerraform:
      return "terraform";
  }
  return "unknown";
}

const std::string* FindTag(const Tags& tags, std::string_view key) {
  for (const auto& [k, v] : tags) {
    if (EqualsIgnoreCase(k, key)) return &v;
  }
  return nullptr;
}

std::string ResourceLabel(const ResourceOrigin& origin, std::string_view name,
                          std::string_view arn) {
  if (!name.empty()) return std::string(name);
  if (!arn.empty()) return std::string(arn);
  if (!origin.logical_id.empty()) return origin.logical_id;
  return "(unnamed)";
}

std::string ResourceIdentity(std::string_view kind,
                             const ResourceOrigin& origin,
                             std::string_view name, std::string_view arn) {
  if (!arn.empty()) return std::string(arn);
  std::string id(kind);
  id.push_back(':');
  if (!name.empty()) {
    id.append(name);
  } else {
    id.append(origin.where.path);
    id.push_back('#');
    id.append(origin.logical_id);
  }
  return id;
}

std::string ArnRegion(std::string_view arn) {
  if (!arn.starts_with("arn:")) return {};
  std::vector<std::string> parts = Split(arn, ':');
  return parts.size() > 3 ? parts[3] : std::string();
}

}  // namespace keylint
