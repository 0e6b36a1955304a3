#include "flowfile/format_spec.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

namespace flow::flowfile {
namespace {

struct Spec {
  std::string fill = " ";
  bool fill_given = false;
  char align = 0;
  char sign = 0;  // 0: not given ('-' behaviour)
  bool alternate = false;
  bool zero = false;
  std::size_t width = 0;
  char grouping = 0;
  std::optional<int> precision;
  char type = 0;
};

bool is_align(char c) {
  return c == '<' || c == '>' || c == '=' || c == '^';
}

// The length of the UTF-8 character starting `text` (1 for a stray byte).
std::size_t char_length(std::string_view text) {
  auto lead = static_cast<unsigned char>(text[0]);
  std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  return std::min(length, text.size());
}

std::size_t code_points(std::string_view text) {
  std::size_t count = 0;
  for (char c : text)
    count += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return count;
}

std::optional<std::size_t> read_number(std::string_view spec, std::size_t& i) {
  std::size_t start = i;
  while (i < spec.size() && spec[i] >= '0' && spec[i] <= '9')
    ++i;
  if (i == start) return std::nullopt;
  std::size_t value = 0;
  auto [end, error] = std::from_chars(spec.data() + start, spec.data() + i, value);
  if (error != std::errc() || value > 100'000) return std::size_t{100'001};
  return value;
}

std::optional<Spec> parse_spec(std::string_view text, std::string& problem) {
  Spec spec;
  std::size_t i = 0;
  std::size_t first = text.empty() ? 0 : char_length(text);
  if (text.size() > first && is_align(text[first])) {
    spec.fill = std::string(text.substr(0, first));
    spec.fill_given = true;
    spec.align = text[first];
    i = first + 1;
  } else if (!text.empty() && is_align(text[0])) {
    spec.align = text[0];
    i = 1;
  }
  if (i < text.size() && (text[i] == '+' || text[i] == '-' || text[i] == ' '))
    spec.sign = text[i++];
  if (i < text.size() && text[i] == '#') {
    spec.alternate = true;
    ++i;
  }
  if (i < text.size() && text[i] == '0') {
    spec.zero = true;
    ++i;
  }
  spec.width = read_number(text, i).value_or(0);
  if (i < text.size() && (text[i] == ',' || text[i] == '_')) spec.grouping = text[i++];
  if (i < text.size() && text[i] == '.') {
    ++i;
    auto precision = read_number(text, i);
    if (!precision) {
      problem = "'.' needs a precision after it (such as '.2f')";
      return std::nullopt;
    }
    spec.precision = static_cast<int>(*precision);
  }
  if (i < text.size() &&
      std::string_view("sdbcoxXeEfFgGn%").find(text[i]) != std::string_view::npos) {
    spec.type = text[i++];
  }
  if (i != text.size()) {
    problem = fmt::format(
        "'{}' is not a format spec: Python's is "
        "[[fill]align][sign][#][0][width][,|_][.precision][type]",
        text);
    return std::nullopt;
  }
  if (spec.width > 100'000 || spec.precision.value_or(0) > 100'000) {
    problem = "a width or precision over 100000 is too large";
    return std::nullopt;
  }
  return spec;
}

enum class Kind { string, integer, real };

Kind classify(const FormatValue& value, long long& integer, double& real) {
  std::string_view text = value.text;
  if (value.quoted || text.empty()) return Kind::string;
  std::string_view digits = text.front() == '+' || text.front() == '-' ? text.substr(1) : text;
  if (!digits.empty() && digits.find_first_not_of("0123456789") == std::string_view::npos) {
    std::string_view signed_text = text.front() == '+' ? text.substr(1) : text;
    auto [end, error] =
        std::from_chars(signed_text.data(), signed_text.data() + signed_text.size(), integer);
    if (error == std::errc() && end == signed_text.data() + signed_text.size()) {
      return Kind::integer;
    }
  }
  if (digits.empty() || digits.find_first_not_of("0123456789.eE+-") != std::string_view::npos ||
      digits.find_first_of("0123456789") == std::string_view::npos) {
    return Kind::string;
  }
  std::string copy(text);
  char* end = nullptr;
  real = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size() || !std::isfinite(real)) return Kind::string;
  return Kind::real;
}

// Separators into a run of digits, every `every` from the right.
std::string group_digits(std::string_view digits, char separator, std::size_t every) {
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % every == 0) out += separator;
    out += digits[i];
  }
  return out;
}

// The integer part of a number's text grouped (the digits before '.' or 'e').
std::string group_leading(const std::string& body, char separator) {
  std::size_t end = body.find_first_not_of("0123456789");
  if (end == std::string::npos) end = body.size();
  std::string out = group_digits(std::string_view(body).substr(0, end), separator, 3);
  out += std::string_view(body).substr(end);
  return out;
}

// Python's repr of a finite non-negative float: the shortest digits that read back, fixed
// notation for exponents -4..15, else d.ddde+XX.
std::string python_repr(double value) {
  std::string shortest = fmt::format("{}", value);
  std::size_t e = shortest.find('e');
  std::string mantissa = shortest.substr(0, e);
  int exponent = e == std::string::npos ? 0 : std::atoi(shortest.c_str() + e + 1);
  std::size_t point = mantissa.find('.');
  std::string digits = mantissa;
  int before = static_cast<int>(point == std::string::npos ? mantissa.size() : point) + exponent;
  if (point != std::string::npos) digits.erase(point, 1);
  while (digits.size() > 1 && digits.front() == '0') {
    digits.erase(0, 1);
    --before;
  }
  while (digits.size() > 1 && digits.back() == '0')
    digits.pop_back();
  if (digits == "0") return "0.0";
  int scientific = before - 1;
  if (scientific < -4 || scientific >= 16) {
    std::string out(1, digits[0]);
    if (digits.size() > 1) {
      out += '.';
      out += std::string_view(digits).substr(1);
    }
    return out + fmt::format("e{}{:02}", scientific < 0 ? '-' : '+', std::abs(scientific));
  }
  auto size = static_cast<int>(digits.size());
  std::string out;
  if (before <= 0) {
    out = "0.";
    out.append(static_cast<std::size_t>(-before), '0');
    out += digits;
  } else if (before >= size) {
    out = digits;
    out.append(static_cast<std::size_t>(before - size), '0');
    out += ".0";
  } else {
    out = std::string_view(digits).substr(0, static_cast<std::size_t>(before));
    out += '.';
    out += std::string_view(digits).substr(static_cast<std::size_t>(before));
  }
  return out;
}

std::string format_real(double magnitude, const Spec& spec) {
  std::string pattern = "{:";
  if (spec.alternate) pattern += '#';
  pattern += ".{}";
  char type = spec.type;
  if (type == 0 && !spec.precision) return python_repr(magnitude);
  if (type == 0 || type == 'n') type = 'g';
  int precision = spec.precision.value_or(6);
  std::string body;
  if (type == '%') {
    pattern += "f}";
    body = fmt::format(fmt::runtime(pattern), magnitude * 100, precision);
    body += '%';
  } else {
    pattern += type;
    pattern += '}';
    body = fmt::format(fmt::runtime(pattern), magnitude, precision);
  }
  return spec.grouping ? group_leading(body, spec.grouping) : body;
}

std::optional<std::string> format_integer(long long value, const Spec& spec, std::string& problem,
                                          std::string& prefix) {
  unsigned long long magnitude = value < 0 ? 0ULL - static_cast<unsigned long long>(value)
                                           : static_cast<unsigned long long>(value);
  char type = spec.type == 0 || spec.type == 'n' ? 'd' : spec.type;
  if (spec.precision) {
    problem = "a precision is not allowed for an integer (write '.2f' to format it as a float)";
    return std::nullopt;
  }
  if (type == 'c') {
    if (spec.sign) {
      problem = "a sign is not allowed with type 'c'";
      return std::nullopt;
    }
    if (value < 0 || value > 0x10FFFF) {
      problem = "type 'c' needs a character code from 0 to 1114111";
      return std::nullopt;
    }
    auto code = static_cast<char32_t>(value);
    std::string out;
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xC0 | (code >> 6));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      out += static_cast<char>(0xE0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (code >> 18));
      out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    }
    return out;
  }
  if (type == 'd') {
    std::string digits = fmt::format("{}", magnitude);
    return spec.grouping ? group_digits(digits, spec.grouping, 3) : digits;
  }
  if (spec.grouping == ',') {
    problem = fmt::format("',' grouping is not allowed with type '{}' (use '_')", type);
    return std::nullopt;
  }
  std::string pattern = "{:";
  pattern += type;
  pattern += '}';
  std::string digits = fmt::format(fmt::runtime(pattern), magnitude);
  if (spec.alternate) {
    prefix.assign(1, '0');
    prefix += type;
  }
  return spec.grouping ? group_digits(digits, spec.grouping, 4) : digits;
}

std::string pad(const std::string& sign_and_prefix, const std::string& body, const Spec& spec,
                bool number) {
  std::string fill = spec.fill;
  char align = spec.align;
  if (spec.zero && !spec.fill_given) fill.assign(1, '0');
  if (align == 0) align = spec.zero && number ? '=' : number ? '>' : '<';
  std::size_t length = code_points(sign_and_prefix) + code_points(body);
  std::size_t missing = spec.width > length ? spec.width - length : 0;
  std::size_t before = align == '<' ? 0 : align == '^' ? missing / 2 : align == '=' ? 0 : missing;
  std::size_t between = align == '=' ? missing : 0;
  std::size_t after = missing - before - between;
  std::string out;
  for (std::size_t i = 0; i < before; ++i)
    out += fill;
  out += sign_and_prefix;
  for (std::size_t i = 0; i < between; ++i)
    out += fill;
  out += body;
  for (std::size_t i = 0; i < after; ++i)
    out += fill;
  return out;
}

}  // namespace

std::optional<std::string> format_with_spec(const FormatValue& value, std::string_view text,
                                            std::string& problem) {
  auto spec = parse_spec(text, problem);
  if (!spec) return std::nullopt;
  long long integer = 0;
  double real = 0;
  Kind kind = classify(value, integer, real);
  char type = spec->type;
  if (kind == Kind::string) {
    std::string why = value.quoted ? " (quoted in YAML)" : "";
    if (type != 0 && type != 's') {
      problem =
          fmt::format("type '{}' needs a number, and '{}' is a string{}", type, value.text, why);
    } else if (spec->sign || spec->grouping || spec->alternate || spec->align == '=') {
      problem = fmt::format(
          "'{}' is a string{}, and a sign, '#', ',', '_' or '=' alignment "
          "applies only to numbers",
          value.text, why);
    } else {
      std::string_view body = value.text;
      if (spec->precision) {  // a precision cuts a string to that many characters
        std::size_t end = 0;
        for (int n = 0; n < *spec->precision && end < body.size(); ++n)
          end += char_length(body.substr(end));
        body = body.substr(0, end);
      }
      return pad("", std::string(body), *spec, false);
    }
    return std::nullopt;
  }
  if (type == 's') {
    problem = fmt::format("type 's' needs a string, and {} is a number", value.text);
    return std::nullopt;
  }
  bool negative = kind == Kind::integer ? integer < 0 : std::signbit(real);
  std::string sign = negative ? "-" : spec->sign == '+' ? "+" : spec->sign == ' ' ? " " : "";
  std::string prefix;
  std::optional<std::string> body;
  bool as_real =
      kind == Kind::real || std::string_view("eEfFgG%").find(type) != std::string_view::npos;
  if (!as_real) {
    body = format_integer(integer, *spec, problem, prefix);
  } else if (type != 0 && std::string_view("eEfFgGn%").find(type) == std::string_view::npos) {
    problem = fmt::format("type '{}' needs an integer, and {} is not one", type, value.text);
  } else {
    body =
        format_real(std::fabs(kind == Kind::integer ? static_cast<double>(integer) : real), *spec);
  }
  if (!body) return std::nullopt;
  sign += prefix;
  return pad(sign, *body, *spec, true);
}

}  // namespace flow::flowfile
