// DocNode: a parsed JSON or YAML document as a tree whose every value knows
// the line and column it came from, so that audit findings and errors can
// point into AWS CLI exports, CloudFormation templates and Terraform plans.
//
// JSON is parsed with nlohmann::json's SAX interface over an iterator that
// tracks positions; YAML with yaml-cpp. CloudFormation's short-form tags
// (`!Ref X`, `!GetAtt A.B`, `!Sub ...`) become the long form that JSON
// templates use (`{"Ref": "X"}`, `{"Fn::GetAtt": ["A", "B"]}`,
// `{"Fn::Sub": ...}`), so loaders see one shape whatever the syntax.
//
// Thread-safety: DocNode is a plain value; the parse functions are
// re-entrant.
#ifndef KEYLINT_AUDITOR_DOC_H_
#define KEYLINT_AUDITOR_DOC_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace keylint {

class DocNode {
 public:
  enum class Kind : uint8_t { kNull, kBool, kNumber, kString, kArray, kObject };

  Kind kind = Kind::kNull;
  // 1-based; 0 when unknown. For an object member: where its key is.
  int line = 0;
  int column = 0;
  std::string text;             // scalars: the value as text
  std::vector<DocNode> items;   // array elements, or object member values
  std::vector<std::string> keys;  // object member names, parallel to items

  bool IsObject() const { return kind == Kind::kObject; }
  bool IsArray() const { return kind == Kind::kArray; }
  bool IsString() const { return kind == Kind::kString; }
  bool IsScalar() const {
    return kind == Kind::kString || kind == Kind::kNumber ||
           kind == Kind::kBool;
  }
  bool IsNull() const { return kind == Kind::kNull; }

  // The member named `key` of an object; nullptr when absent or not an
  // object.
  const DocNode* Get(std::string_view key) const;
  // The text of a scalar member, or "" when absent or not a scalar.
  std::string_view GetStr(std::string_view key) const;

  // Scalar conversions; nullopt when the value is not of that shape. YAML
  // scalars are text, so "true" and "42" convert as well.
  std::optional<bool> AsBool() const;
  std::optional<double> AsNumber() const;
  std::optional<int64_t> AsInt() const;
};

struct DocParseError {
  int line = 0;
  int column = 0;
  // One line, never quoting the input (it may hold a secret).
  std::string cause;
};

// Receives each object element of an array held directly by a top-level
// object (each entry of {"SecretList": [...]}) as soon as the parser has
// completed it. Returning true consumes the element: it is then left out
// of the tree, so that a large export is never held whole in memory.
using DocElementHandler =
    std::function<bool(std::string_view key, const DocNode& element)>;

// Parses one JSON text, or several concatenated ones (how paginated AWS CLI
// output appended to one file looks), into `docs`. On failure fills
// `error` and returns false; `docs` then holds the texts before the error.
bool ParseJsonDocuments(std::string_view text, std::vector<DocNode>* docs,
                        DocParseError* error,
                        const DocElementHandler& handler = nullptr);

// Exactly one JSON text.
bool ParseJsonDocument(std::string_view text, DocNode* doc,
                       DocParseError* error);

// One YAML document (the first, when a stream holds several).
bool ParseYamlDocument(const std::string& text, DocNode* doc,
                       DocParseError* error);

// Sets every position in `node` to (line, column): used for documents
// embedded as strings (a policy inside a JSON string), whose own positions
// mean nothing in the enclosing file.
void SetPositions(DocNode* node, int line, int column);

}  // namespace keylint

#endif  // KEYLINT_AUDITOR_DOC_H_
