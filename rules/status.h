// Status: the result of an operation that can fail, carried as a value
// across module boundaries (leveldb style). A failed Status holds one
// human-readable line that names the file, line and cause where known.
//
// Thread-safety: a Status is a plain value; distinct objects may be used
// from distinct threads without synchronisation.
#ifndef KEYLINT_RULES_STATUS_H_
#define KEYLINT_RULES_STATUS_H_

#include <string>
#include <utility>

namespace keylint {

class Status {
 public:
  enum class Code { kOk, kInvalidArgument, kNotFound, kIoError, kInternal };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string msg) {
    return Status(Code::kInvalidArgument, std::move(msg));
  }
  static Status NotFound(std::string msg) {
    return Status(Code::kNotFound, std::move(msg));
  }
  static Status IoError(std::string msg) {
    return Status(Code::kIoError, std::move(msg));
  }
  static Status Internal(std::string msg) {
    return Status(Code::kInternal, std::move(msg));
  }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

}  // namespace keylint

// Returns early from the enclosing function when `expr` is a failed Status.
#define KL_RETURN_IF_ERROR(expr)          \
  do {                                    \
    ::keylint::Status _kl_status = (expr); \
    if (!_kl_status.ok()) return _kl_status; \
  } while (0)

#endif  // KEYLINT_RULES_STATUS_H_
