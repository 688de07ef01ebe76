#include "auditor/doc.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>

namespace keylint {
namespace {

// Documents nested deeper than this are refused: the DocNode tree, its
// destructor and the loaders that walk it are recursive, and a hostile
// file nested 100,000 deep would overflow the stack. Real exports, plans
// and templates stay under 30 levels.
constexpr size_t kMaxDocDepth = 512;

std::string TooDeepCause() {
  return "nested deeper than " + std::to_string(kMaxDocDepth) + " levels";
}

// Follows the characters nlohmann's lexer consumes and remembers where the
// current token started. The lexer reads one character past a number (and
// gives it back internally), so numbers, true, false and null use the start
// of the last bare literal, strings the position of their opening quote, and
// brackets the position of the last character read.
struct PositionTracker {
  int line = 1;
  int column = 0;  // of the last character consumed; 0 at a line start
  bool in_string = false;
  bool escape = false;
  bool in_literal = false;
  int string_line = 0, string_column = 0;
  int literal_line = 0, literal_column = 0;
  // The last character that was not whitespace: where an error is reported
  // (the lexer may have read past a newline before giving up).
  int solid_line = 1, solid_column = 0;
  size_t consumed = 0;

  void Consume(char c) {
    ++consumed;
    if (c == '\n') {
      ++line;
      column = 0;
    } else {
      ++column;
    }
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
      solid_line = line;
      solid_column = column;
    }
    if (in_string) {
      if (escape) {
        escape = false;
      } else if (c == '\\') {
        escape = true;
      } else if (c == '"') {
        in_string = false;
      }
      return;
    }
    switch (c) {
      case '"':
        in_string = true;
        in_literal = false;
        string_line = line;
        string_column = column;
        break;
      case ' ': case '\t': case '\r': case '\n':
      case '{': case '}': case '[': case ']': case ',': case ':':
        in_literal = false;
        break;
      default:
        if (!in_literal) {
          in_literal = true;
          literal_line = line;
          literal_column = column;
        }
    }
  }
};

class TrackingIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  TrackingIterator(const char* p, PositionTracker* tracker)
      : p_(p), tracker_(tracker) {}
  reference operator*() const { return *p_; }
  TrackingIterator& operator++() {
    tracker_->Consume(*p_);
    ++p_;
    return *this;
  }
  TrackingIterator operator++(int) {
    TrackingIterator old = *this;
    ++*this;
    return old;
  }
  bool operator==(const TrackingIterator& o) const { return p_ == o.p_; }
  bool operator!=(const TrackingIterator& o) const { return p_ != o.p_; }

 private:
  const char* p_;
  PositionTracker* tracker_;
};

using Json = nlohmann::json;

// Builds a DocNode tree from SAX events.
class DocBuilder {
 public:
  DocBuilder(const PositionTracker* tracker, const DocElementHandler* handler)
      : t_(tracker), handler_(handler) {}

  DocNode TakeRoot() { return std::move(root_); }
  const DocParseError& error() const { return error_; }

  bool null() {
    Add(DocNode::Kind::kNull, t_->literal_line, t_->literal_column);
    return true;
  }
  bool boolean(bool v) {
    Add(DocNode::Kind::kBool, t_->literal_line, t_->literal_column)->text =
        v ? "true" : "false";
    return true;
  }
  bool number_integer(Json::number_integer_t v) {
    Add(DocNode::Kind::kNumber, t_->literal_line, t_->literal_column)->text =
        std::to_string(v);
    return true;
  }
  bool number_unsigned(Json::number_unsigned_t v) {
    Add(DocNode::Kind::kNumber, t_->literal_line, t_->literal_column)->text =
        std::to_string(v);
    return true;
  }
  bool number_float(Json::number_float_t, const Json::string_t& s) {
    Add(DocNode::Kind::kNumber, t_->literal_line, t_->literal_column)->text =
        s;
    return true;
  }
  bool string(Json::string_t& v) {
    Add(DocNode::Kind::kString, t_->string_line, t_->string_column)->text =
        std::move(v);
    return true;
  }
  bool binary(Json::binary_t&) { return false; }
  bool start_object(std::size_t) {
    if (TooDeep()) return false;
    stack_.push_back(Add(DocNode::Kind::kObject, t_->line, t_->column));
    return true;
  }
  bool key(Json::string_t& k) {
    key_ = std::move(k);
    key_line_ = t_->string_line;
    key_column_ = t_->string_column;
    return true;
  }
  bool end_object() {
    stack_.pop_back();
    // An element of a list held by the root object: offer it to the
    // handler, and drop it from the tree when the handler takes it.
    if (handler_ != nullptr && *handler_ && stack_.size() == 2 &&
        stack_[0]->kind == DocNode::Kind::kObject &&
        stack_[1]->kind == DocNode::Kind::kArray) {
      DocNode* list = stack_[1];
      if ((*handler_)(stack_[0]->keys.back(), list->items.back())) {
        list->items.pop_back();
      }
    }
    return true;
  }
  bool start_array(std::size_t) {
    if (TooDeep()) return false;
    stack_.push_back(Add(DocNode::Kind::kArray, t_->line, t_->column));
    return true;
  }
  bool end_array() {
    stack_.pop_back();
    return true;
  }
  bool parse_error(std::size_t, const std::string&,
                   const nlohmann::detail::exception& ex) {
    error_.line = t_->solid_line;
    error_.column = std::max(1, t_->solid_column);
    error_.cause = CleanCause(ex.what());
    return false;
  }

 private:
  // Stops the parse (sax_parse returns false) at kMaxDocDepth open
  // containers: the tree and everything that walks it recurse.
  bool TooDeep() {
    if (stack_.size() < kMaxDocDepth) return false;
    error_.line = t_->line;
    error_.column = std::max(1, t_->column);
    error_.cause = TooDeepCause();
    return true;
  }

  // nlohmann's messages read "[json.exception.parse_error.101] parse error
  // at line 1, column 2: <cause>; last read: '<input>'". Keep the cause and
  // drop the quoted input, which may be part of a secret.
  static std::string CleanCause(std::string what) {
    if (size_t p = what.find(": "); p != std::string::npos &&
                                    what.compare(0, 1, "[") == 0) {
      what.erase(0, p + 2);
    }
    if (size_t p = what.find("; last read"); p != std::string::npos) {
      what.erase(p);
    }
    if (size_t p = what.find("last read:"); p != std::string::npos) {
      what.erase(p);
    }
    while (!what.empty() && (what.back() == ' ' || what.back() == ';' ||
                             what.back() == '-')) {
      what.pop_back();
    }
    if (what.empty()) what = "syntax error";
    return what;
  }

  // A new node at the current place: the root, an array element, or the
  // value of the pending key. The pointer stays valid while the node is
  // open because its parent grows only after the node is closed.
  DocNode* Add(DocNode::Kind kind, int line, int column) {
    DocNode* n;
    if (stack_.empty()) {
      root_ = DocNode();
      n = &root_;
    } else {
      DocNode* parent = stack_.back();
      parent->items.emplace_back();
      n = &parent->items.back();
      if (parent->kind == DocNode::Kind::kObject) {
        parent->keys.push_back(std::move(key_));
        key_.clear();
        line = key_line_;
        column = key_column_;
      }
    }
    n->kind = kind;
    n->line = line;
    n->column = column;
    return n;
  }

  const PositionTracker* t_;
  const DocElementHandler* handler_;
  DocNode root_;
  std::vector<DocNode*> stack_;
  std::string key_;
  int key_line_ = 0, key_column_ = 0;
  DocParseError error_;
};

bool IsJsonSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// CloudFormation short-form tag name -> long-form key.
std::string IntrinsicKey(std::string_view tag_name) {
  if (tag_name == "Ref" || tag_name == "Condition") {
    return std::string(tag_name);
  }
  return "Fn::" + std::string(tag_name);
}

// Thrown by FromYaml when a document is too deep or expands past its node
// budget; ParseYamlDocument turns it into a DocParseError at `mark`.
struct YamlLimitExceeded {
  YAML::Mark mark;
  std::string cause;
};

// Converts yaml-cpp nodes to DocNodes within limits. yaml-cpp keeps an
// alias as a reference to its anchor's node, but the DocNode tree copies
// it: nine levels of nine aliases ("billion laughs") would expand to 9^9
// nodes. Without aliases a document has fewer nodes than bytes, so the
// budget allows generous alias use and stops exponential growth.
class YamlConverter {
 public:
  explicit YamlConverter(size_t text_size)
      : budget_(std::min<size_t>(16 * text_size + 10000, 4000000)) {}
  DocNode FromYaml(const YAML::Node& n, bool honour_tag);

 private:
  DocNode Intrinsic(const YAML::Node& n, std::string_view tag_name);
  void Count(const YAML::Node& n) {
    if (++nodes_ > budget_) {
      throw YamlLimitExceeded{
          n.Mark(), "expands to more than " + std::to_string(budget_) +
                        " nodes (YAML aliases)"};
    }
    if (depth_ > kMaxDocDepth) {
      throw YamlLimitExceeded{n.Mark(), TooDeepCause()};
    }
  }
  size_t budget_;
  size_t nodes_ = 0;
  size_t depth_ = 0;
};

DocNode YamlConverter::Intrinsic(const YAML::Node& n,
                                 std::string_view tag_name) {
  DocNode inner;
  if (tag_name == "GetAtt" && n.IsScalar()) {
    // `!GetAtt Resource.Attribute.Path` -> ["Resource", "Attribute.Path"]
    inner.kind = DocNode::Kind::kArray;
    inner.line = n.Mark().line + 1;
    inner.column = n.Mark().column + 1;
    const std::string& s = n.Scalar();
    size_t dot = s.find('.');
    for (std::string part : {s.substr(0, dot), dot == std::string::npos
                                                   ? std::string()
                                                   : s.substr(dot + 1)}) {
      DocNode p;
      p.kind = DocNode::Kind::kString;
      p.line = inner.line;
      p.column = inner.column;
      p.text = std::move(part);
      inner.items.push_back(std::move(p));
    }
  } else {
    inner = FromYaml(n, /*honour_tag=*/false);
  }
  DocNode wrapper;
  wrapper.kind = DocNode::Kind::kObject;
  wrapper.line = inner.line;
  wrapper.column = inner.column;
  wrapper.keys.push_back(IntrinsicKey(tag_name));
  wrapper.items.push_back(std::move(inner));
  return wrapper;
}

DocNode YamlConverter::FromYaml(const YAML::Node& n, bool honour_tag) {
  Count(n);
  struct Deeper {
    size_t* depth;
    explicit Deeper(size_t* d) : depth(d) { ++*depth; }
    ~Deeper() { --*depth; }
  } deeper(&depth_);
  if (honour_tag) {
    // yaml-cpp reports "?" for plain nodes, "!" for quoted scalars and
    // "tag:yaml.org,2002:..." for `!!type`; anything else starting with a
    // single '!' is an application tag such as CloudFormation's `!Ref`.
    const std::string& tag = n.Tag();
    if (tag.size() > 1 && tag[0] == '!' && tag[1] != '!') {
      return Intrinsic(n, std::string_view(tag).substr(1));
    }
  }
  DocNode d;
  YAML::Mark m = n.Mark();
  d.line = m.line >= 0 ? m.line + 1 : 0;
  d.column = m.column >= 0 ? m.column + 1 : 0;
  switch (n.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      d.kind = DocNode::Kind::kNull;
      break;
    case YAML::NodeType::Scalar:
      d.kind = DocNode::Kind::kString;
      d.text = n.Scalar();
      break;
    case YAML::NodeType::Sequence:
      d.kind = DocNode::Kind::kArray;
      d.items.reserve(n.size());
      for (const auto& item : n) d.items.push_back(FromYaml(item, true));
      break;
    case YAML::NodeType::Map:
      d.kind = DocNode::Kind::kObject;
      for (const auto& kv : n) {
        d.keys.push_back(kv.first.IsScalar() ? kv.first.Scalar()
                                             : std::string());
        DocNode v = FromYaml(kv.second, true);
        // Members are located at their key, as in JSON.
        YAML::Mark km = kv.first.Mark();
        if (km.line >= 0) {
          v.line = km.line + 1;
          v.column = km.column + 1;
        }
        d.items.push_back(std::move(v));
      }
      break;
  }
  return d;
}

}  // namespace

const DocNode* DocNode::Get(std::string_view key) const {
  if (kind != Kind::kObject) return nullptr;
  for (size_t i = 0; i < keys.size(); ++i) {
    if (keys[i] == key) return &items[i];
  }
  return nullptr;
}

std::string_view DocNode::GetStr(std::string_view key) const {
  const DocNode* n = Get(key);
  if (n == nullptr || !n->IsScalar()) return {};
  return n->text;
}

std::optional<bool> DocNode::AsBool() const {
  if (kind != Kind::kBool && kind != Kind::kString) return std::nullopt;
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  return std::nullopt;
}

std::optional<double> DocNode::AsNumber() const {
  if (kind != Kind::kNumber && kind != Kind::kString) return std::nullopt;
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (end == nullptr || *end != '\0') return std::nullopt;
  return v;
}

std::optional<int64_t> DocNode::AsInt() const {
  std::optional<double> v = AsNumber();
  if (!v || *v != static_cast<double>(static_cast<int64_t>(*v))) {
    return std::nullopt;
  }
  return static_cast<int64_t>(*v);
}

bool ParseJsonDocuments(std::string_view text, std::vector<DocNode>* docs,
                        DocParseError* error,
                        const DocElementHandler& handler) {
  PositionTracker tracker;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  size_t offset = 0;
  while (true) {
    // Skip the whitespace between concatenated texts, keeping count.
    while (offset < text.size() && IsJsonSpace(text[offset])) {
      tracker.Consume(text[offset]);
      ++offset;
    }
    if (offset >= text.size()) break;
    DocBuilder builder(&tracker, &handler);
    bool ok = Json::sax_parse(TrackingIterator(begin + offset, &tracker),
                              TrackingIterator(end, &tracker), &builder,
                              nlohmann::json::input_format_t::json,
                              /*strict=*/false);
    if (!ok) {
      *error = builder.error();
      if (error->cause.empty()) error->cause = "invalid JSON";
      return false;
    }
    docs->push_back(builder.TakeRoot());
    offset = tracker.consumed;
  }
  if (docs->empty()) {
    error->line = tracker.line;
    error->column = tracker.column;
    error->cause = "no JSON value";
    return false;
  }
  return true;
}

bool ParseJsonDocument(std::string_view text, DocNode* doc,
                       DocParseError* error) {
  std::vector<DocNode> docs;
  if (!ParseJsonDocuments(text, &docs, error)) return false;
  if (docs.size() != 1) {
    error->line = docs[1].line;
    error->column = docs[1].column;
    error->cause = "more than one JSON value";
    return false;
  }
  *doc = std::move(docs[0]);
  return true;
}

bool ParseYamlDocument(const std::string& text, DocNode* doc,
                       DocParseError* error) {
  try {
    YAML::Node root = YAML::Load(text);
    *doc = YamlConverter(text.size()).FromYaml(root, true);
  } catch (const YamlLimitExceeded& e) {
    error->line = e.mark.line + 1;
    error->column = e.mark.column + 1;
    error->cause = e.cause;
    return false;
  } catch (const YAML::Exception& e) {
    error->line = e.mark.line + 1;
    error->column = e.mark.column + 1;
    // yaml-cpp quotes the offending character in "unknown escape
    // character: X" (found by fuzz_cfn: X may be a newline, or part of a
    // secret): keep the cause, never the input.
    std::string cause = e.msg.substr(0, e.msg.find(": "));
    cause.erase(std::remove_if(cause.begin(), cause.end(),
                               [](unsigned char c) {
                                 return c < 0x20 || c >= 0x7f;
                               }),
                cause.end());
    error->cause = cause.empty() ? "invalid YAML" : cause;
    return false;
  }
  return true;
}

void SetPositions(DocNode* node, int line, int column) {
  node->line = line;
  node->column = column;
  for (DocNode& child : node->items) SetPositions(&child, line, column);
}

}  // namespace keylint
