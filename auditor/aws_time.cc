#include "auditor/aws_time.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <ctime>
#include <limits>
#include <vector>

#include "auditor/text_util.h"

namespace keylint {
namespace {

// Days since 1970-01-01 of a civil date (proleptic Gregorian).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

struct CivilDate {
  int year;
  int month;  // 1-12
  int day;    // 1-31
};

CivilDate CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp + (mp < 10 ? 3 : -9);
  return {static_cast<int>(y + (m <= 2)), static_cast<int>(m),
          static_cast<int>(d)};
}

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

// AWS day of week: 1 = Sunday ... 7 = Saturday.
int AwsWeekday(int64_t days_since_epoch) {
  int64_t w = (days_since_epoch + 4) % 7;  // 1970-01-01 was a Thursday
  if (w < 0) w += 7;
  return static_cast<int>(w) + 1;
}

bool ParseInt(std::string_view s, int* out) {
  if (s.empty() || s.size() > 9) return false;
  int v = 0;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

// A number or a name (JAN..DEC, SUN..SAT) within [lo, hi].
bool ParseValue(std::string_view s, int lo, int hi,
                const std::vector<std::string_view>& names, int* out) {
  for (size_t i = 0; i < names.size(); ++i) {
    if (EqualsIgnoreCase(s, names[i])) {
      *out = lo + static_cast<int>(i);
      return true;
    }
  }
  return ParseInt(s, out) && *out >= lo && *out <= hi;
}

const std::vector<std::string_view> kMonthNames = {
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN",
    "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
const std::vector<std::string_view> kDayNames = {"SUN", "MON", "TUE", "WED",
                                                 "THU", "FRI", "SAT"};

// A plain cron field: lists of values, ranges and steps.
struct FieldSet {
  std::vector<bool> allowed;  // indexed by value
  bool any = false;           // '*' or '?'
};

bool ParsePlainField(std::string_view text, int lo, int hi,
                     const std::vector<std::string_view>& names,
                     FieldSet* out, std::string* error,
                     std::string_view field) {
  out->allowed.assign(hi + 1, false);
  if (text == "*" || text == "?") {
    out->any = true;
    std::fill(out->allowed.begin() + lo, out->allowed.end(), true);
    return true;
  }
  for (const std::string& part : Split(text, ',')) {
    std::string_view p = part;
    int step = 1;
    if (size_t slash = p.find('/'); slash != std::string_view::npos) {
      if (!ParseInt(p.substr(slash + 1), &step) || step < 1) {
        *error = fmt::format("cron() {} field has a bad step", field);
        return false;
      }
      p = p.substr(0, slash);
    }
    int a = lo, b = hi;
    if (p == "*") {
      // whole range
    } else if (size_t dash = p.find('-'); dash != std::string_view::npos) {
      if (!ParseValue(p.substr(0, dash), lo, hi, names, &a) ||
          !ParseValue(p.substr(dash + 1), lo, hi, names, &b)) {
        *error = fmt::format("cron() {} field has a bad range", field);
        return false;
      }
    } else {
      if (!ParseValue(p, lo, hi, names, &a)) {
        *error = fmt::format("cron() {} field has a bad value", field);
        return false;
      }
      // "5/10" runs from 5 to the end of the range.
      b = step > 1 || part.find('/') != std::string::npos ? hi : a;
    }
    if (a <= b) {
      for (int v = a; v <= b; v += step) out->allowed[v] = true;
    } else {
      // A wrapping range such as FRI-MON.
      for (int v = a; v <= hi; v += step) out->allowed[v] = true;
      for (int v = lo; v <= b; v += step) out->allowed[v] = true;
    }
  }
  return true;
}

struct DayOfMonthField {
  FieldSet plain;
  bool any = false;
  bool last_day = false;      // L
  bool last_weekday = false;  // LW
  std::vector<int> nearest_weekday;  // nW
};

struct DayOfWeekField {
  FieldSet plain;
  bool any = false;
  std::vector<std::pair<int, int>> nth;  // (weekday, n) for d#n
  std::vector<int> last_in_month;        // dL
};

bool ParseDayOfMonth(std::string_view text, DayOfMonthField* f,
                     std::string* error) {
  f->plain.allowed.assign(32, false);
  if (text == "*" || text == "?") {
    f->any = true;
    return true;
  }
  std::string plain;
  for (const std::string& part : Split(text, ',')) {
    if (EqualsIgnoreCase(part, "L")) {
      f->last_day = true;
    } else if (EqualsIgnoreCase(part, "LW")) {
      f->last_weekday = true;
    } else if (!part.empty() && (part.back() == 'W' || part.back() == 'w')) {
      int n = 0;
      if (!ParseInt(std::string_view(part).substr(0, part.size() - 1), &n) ||
          n < 1 || n > 31) {
        *error = "cron() day-of-month field has a bad W value";
        return false;
      }
      f->nearest_weekday.push_back(n);
    } else {
      if (!plain.empty()) plain.push_back(',');
      plain += part;
    }
  }
  if (!plain.empty()) {
    return ParsePlainField(plain, 1, 31, {}, &f->plain, error,
                           "day-of-month");
  }
  return true;
}

bool ParseDayOfWeek(std::string_view text, DayOfWeekField* f,
                    std::string* error) {
  f->plain.allowed.assign(8, false);
  if (text == "*" || text == "?") {
    f->any = true;
    return true;
  }
  std::string plain;
  for (const std::string& part : Split(text, ',')) {
    std::string_view p = part;
    if (size_t hash = p.find('#'); hash != std::string_view::npos) {
      int d = 0, n = 0;
      if (!ParseValue(p.substr(0, hash), 1, 7, kDayNames, &d) ||
          !ParseInt(p.substr(hash + 1), &n) || n < 1 || n > 5) {
        *error = "cron() day-of-week field has a bad # value";
        return false;
      }
      f->nth.emplace_back(d, n);
    } else if (p.size() > 1 && (p.back() == 'L' || p.back() == 'l')) {
      int d = 0;
      if (!ParseValue(p.substr(0, p.size() - 1), 1, 7, kDayNames, &d)) {
        *error = "cron() day-of-week field has a bad L value";
        return false;
      }
      f->last_in_month.push_back(d);
    } else if (EqualsIgnoreCase(p, "L")) {
      f->last_in_month.push_back(7);  // L alone: the last Saturday
    } else {
      if (!plain.empty()) plain.push_back(',');
      plain += part;
    }
  }
  if (!plain.empty()) {
    return ParsePlainField(plain, 1, 7, kDayNames, &f->plain, error,
                           "day-of-week");
  }
  return true;
}

int NearestWeekday(int year, int month, int n) {
  int last = DaysInMonth(year, month);
  if (n > last) n = last;
  int64_t days = DaysFromCivil(year, month, n);
  int wd = AwsWeekday(days);
  if (wd == 7) return n == 1 ? n + 2 : n - 1;     // Saturday
  if (wd == 1) return n == last ? n - 2 : n + 1;  // Sunday
  return n;
}

bool DayOfMonthMatches(const DayOfMonthField& f, int y, int m, int d) {
  if (f.any) return true;
  if (f.plain.allowed[d]) return true;
  int last = DaysInMonth(y, m);
  if (f.last_day && d == last) return true;
  if (f.last_weekday && d == NearestWeekday(y, m, last)) return true;
  for (int n : f.nearest_weekday) {
    if (d == NearestWeekday(y, m, n)) return true;
  }
  return false;
}

bool DayOfWeekMatches(const DayOfWeekField& f, int y, int m, int d,
                      int weekday) {
  if (f.any) return true;
  if (f.plain.allowed[weekday]) return true;
  for (auto [wd, n] : f.nth) {
    if (wd == weekday && (d - 1) / 7 + 1 == n) return true;
  }
  for (int wd : f.last_in_month) {
    if (wd == weekday && d + 7 > DaysInMonth(y, m)) return true;
  }
  return false;
}

std::optional<double> CronGapDays(std::string_view body, std::string* error) {
  std::vector<std::string> fields;
  for (const std::string& f : Split(body, ' ')) {
    if (!f.empty()) fields.push_back(f);
  }
  if (fields.size() != 6) {
    *error = "cron() needs six fields: minutes hours day-of-month month "
             "day-of-week year";
    return std::nullopt;
  }
  FieldSet minutes, hours, months, years;
  DayOfMonthField dom;
  DayOfWeekField dow;
  if (!ParsePlainField(fields[0], 0, 59, {}, &minutes, error, "minutes") ||
      !ParsePlainField(fields[1], 0, 23, {}, &hours, error, "hours") ||
      !ParseDayOfMonth(fields[2], &dom, error) ||
      !ParsePlainField(fields[3], 1, 12, kMonthNames, &months, error,
                       "month") ||
      !ParseDayOfWeek(fields[4], &dow, error) ||
      !ParsePlainField(fields[5], 1970, 2199, {}, &years, error, "year")) {
    return std::nullopt;
  }
  std::vector<int> times;  // minutes of the day
  for (int h = 0; h < 24; ++h) {
    if (!hours.allowed[h]) continue;
    for (int mi = 0; mi < 60; ++mi) {
      if (minutes.allowed[mi]) times.push_back(h * 60 + mi);
    }
  }
  if (times.empty()) {
    *error = "cron() matches no time of day";
    return std::nullopt;
  }
  int within_day_gap = 0;
  for (size_t i = 1; i < times.size(); ++i) {
    within_day_gap = std::max(within_day_gap, times[i] - times[i - 1]);
  }
  constexpr int kFirstYear = 2024, kYears = 5;
  const int64_t start = DaysFromCivil(kFirstYear, 1, 1);
  const int64_t end = DaysFromCivil(kFirstYear + kYears, 1, 1);
  int64_t prev_last = -1;  // minute index of the previous day's last firing
  int64_t longest = 0;
  int fired_days = 0;
  for (int64_t day = start; day < end; ++day) {
    CivilDate c = CivilFromDays(day);
    if (!years.allowed[c.year] || !months.allowed[c.month]) continue;
    int weekday = AwsWeekday(day);
    bool dom_ok = DayOfMonthMatches(dom, c.year, c.month, c.day);
    bool dow_ok = DayOfWeekMatches(dow, c.year, c.month, c.day, weekday);
    if (!(dom_ok && dow_ok)) continue;
    int64_t first = (day - start) * 1440 + times.front();
    if (prev_last >= 0) longest = std::max(longest, first - prev_last);
    prev_last = (day - start) * 1440 + times.back();
    ++fired_days;
  }
  if (fired_days == 0) {
    *error = "cron() never fires";
    return std::nullopt;
  }
  if (!years.any) {
    // A schedule limited to some years stops rotating after the last one.
    int64_t tail = (end - start) * 1440 - prev_last;
    if (tail > 366 * 1440) return std::numeric_limits<double>::infinity();
  }
  if (fired_days == 1) return std::numeric_limits<double>::infinity();
  longest = std::max<int64_t>(longest, within_day_gap);
  return static_cast<double>(longest) / 1440.0;
}

std::optional<double> RateGapDays(std::string_view body, std::string* error) {
  std::vector<std::string> words;
  for (const std::string& w : Split(body, ' ')) {
    if (!w.empty()) words.push_back(w);
  }
  int n = 0;
  if (words.size() != 2 || !ParseInt(words[0], &n) || n < 1) {
    *error = "rate() needs a number and a unit, e.g. rate(30 days)";
    return std::nullopt;
  }
  std::string unit = ToLower(words[1]);
  if (unit == "day" || unit == "days") return n;
  if (unit == "hour" || unit == "hours") return n / 24.0;
  *error = "rate() unit must be hours or days";
  return std::nullopt;
}

}  // namespace

std::optional<int64_t> ParseAwsTimestamp(std::string_view s) {
  if (s.empty()) return std::nullopt;
  if (std::isdigit(static_cast<unsigned char>(s[0])) &&
      s.find('-') == std::string_view::npos) {
    std::string text(s);
    char* end = nullptr;
    double v = std::strtod(text.c_str(), &end);
    if (end != nullptr && *end == '\0') return static_cast<int64_t>(v);
    return std::nullopt;
  }
  int y, mo, d, h = 0, mi = 0, sec = 0;
  if (s.size() < 10 || !ParseInt(s.substr(0, 4), &y) || s[4] != '-' ||
      !ParseInt(s.substr(5, 2), &mo) || s[7] != '-' ||
      !ParseInt(s.substr(8, 2), &d) || mo < 1 || mo > 12 || d < 1 ||
      d > 31) {
    return std::nullopt;
  }
  size_t i = 10;
  int64_t offset = 0;
  if (i < s.size() && (s[i] == 'T' || s[i] == 't' || s[i] == ' ')) {
    if (s.size() < i + 9 || !ParseInt(s.substr(i + 1, 2), &h) ||
        s[i + 3] != ':' || !ParseInt(s.substr(i + 4, 2), &mi) ||
        s[i + 6] != ':' || !ParseInt(s.substr(i + 7, 2), &sec)) {
      return std::nullopt;
    }
    i += 9;
    if (i < s.size() && s[i] == '.') {
      ++i;
      while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
        ++i;
      }
    }
    if (i < s.size()) {
      if (s[i] == 'Z' || s[i] == 'z') {
        ++i;
      } else if (s[i] == '+' || s[i] == '-') {
        int oh = 0, om = 0;
        int sign = s[i] == '-' ? -1 : 1;
        std::string_view tz = s.substr(i + 1);
        if (tz.size() == 5 && tz[2] == ':' && ParseInt(tz.substr(0, 2), &oh) &&
            ParseInt(tz.substr(3, 2), &om)) {
          i += 6;
        } else if (tz.size() == 4 && ParseInt(tz.substr(0, 2), &oh) &&
                   ParseInt(tz.substr(2, 2), &om)) {
          i += 5;
        } else {
          return std::nullopt;
        }
        offset = sign * (oh * 3600 + om * 60);
      }
    }
  }
  if (i != s.size()) return std::nullopt;
  int64_t days = DaysFromCivil(y, mo, d);
  return days * 86400 + h * 3600 + mi * 60 + sec - offset;
}

std::optional<int64_t> AwsTimestamp(const DocNode* node) {
  if (node == nullptr || !node->IsScalar()) return std::nullopt;
  return ParseAwsTimestamp(node->text);
}

std::string FormatDate(int64_t unix_seconds) {
  int64_t days = unix_seconds / 86400;
  if (unix_seconds < 0 && unix_seconds % 86400 != 0) --days;
  CivilDate c = CivilFromDays(days);
  return fmt::format("{:04d}-{:02d}-{:02d}", c.year, c.month, c.day);
}

std::optional<double> LongestRotationGapDays(const RotationRules& rules,
                                             std::string* error) {
  std::string_view expr = rules.schedule_expression;
  while (!expr.empty() && expr.front() == ' ') expr.remove_prefix(1);
  while (!expr.empty() && expr.back() == ' ') expr.remove_suffix(1);
  if (expr.empty()) {
    if (rules.automatically_after_days) {
      return static_cast<double>(*rules.automatically_after_days);
    }
    return std::nullopt;
  }
  auto body_of = [&](std::string_view prefix) -> std::optional<std::string_view> {
    if (expr.size() < prefix.size() + 1 ||
        !EqualsIgnoreCase(expr.substr(0, prefix.size()), prefix) ||
        expr.back() != ')') {
      return std::nullopt;
    }
    return expr.substr(prefix.size(), expr.size() - prefix.size() - 1);
  };
  if (auto body = body_of("rate(")) return RateGapDays(*body, error);
  if (auto body = body_of("cron(")) return CronGapDays(*body, error);
  *error = "the schedule is neither rate(...) nor cron(...)";
  return std::nullopt;
}

std::string FormatUtc(int64_t unix_seconds, const char* format) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  size_t n = std::strftime(buf, sizeof buf, format, &tm);
  return std::string(buf, n);
}

}  // namespace keylint
