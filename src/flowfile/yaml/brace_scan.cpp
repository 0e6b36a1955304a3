#include "flowfile/yaml/brace_scan.h"

#include <algorithm>
#include <utility>

namespace flow::flowfile::yaml {
namespace {

constexpr std::size_t k_none = std::string_view::npos;

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

bool is_space(char c) {
  return is_blank(c) || c == '\n' || c == '\r';
}

bool is_flow_indicator(char c) {
  return c == ',' || c == '[' || c == ']' || c == '{' || c == '}';
}

// The quick check: some `{` comes after a character that can be part of a plain scalar, blanks
// aside: not a line break, none of "[{," and no ": ", "- " or "? " that come before a node.
bool may_hold_brace_scalars(std::string_view text) {
  for (std::size_t i = text.find('{', 1); i != k_none; i = text.find('{', i + 1)) {
    std::size_t j = i;
    while (j > 0 && is_blank(text[j - 1]))
      --j;
    if (j == 0) continue;
    char before = text[j - 1];
    bool indicator = before == '[' || before == '{' || before == ',' ||
                     ((before == ':' || before == '-' || before == '?') && j < i);
    if (!indicator && before != '\n' && before != '\r') return true;
  }
  return false;
}

// The parser drops a byte order mark and takes a lone CR for a line break; positions in such a
// text would not map back, so it is left alone.
bool has_plain_lines(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) return false;
  for (std::size_t i = text.find('\r'); i != k_none; i = text.find('\r', i + 1)) {
    if (i + 1 >= text.size() || text[i + 1] != '\n') return false;
  }
  return true;
}

class Scanner {
 public:
  explicit Scanner(std::string_view text) : m_text(text) {}

  std::vector<BraceScalar> run() {
    for (std::size_t i = 0; i < m_text.size();)
      i = block_line(i);
    return std::move(m_found);
  }

 private:
  enum class Flow { node, plain, after };  // expecting a node, in a plain scalar, after a node

  struct Plain {
    BraceScalar scalar;
    bool groups = false;     // holds a brace group
    bool newline = false;    // a line break came after its start
    bool multiline = false;  // and text after it
  };

  // Past the end, the text reads as a line break.
  char at(std::size_t i) const { return i < m_text.size() ? m_text[i] : '\n'; }
  bool space_at(std::size_t i) const { return is_space(at(i)); }
  bool at_line_end(std::size_t i) const {
    return at(i) == '\n' || (at(i) == '\r' && at(i + 1) == '\n');
  }
  std::size_t line_end(std::size_t i) const {
    return std::min(m_text.find('\n', i), m_text.size());
  }
  std::size_t next_line(std::size_t i) const {
    std::size_t end = line_end(i);
    return end < m_text.size() ? end + 1 : end;
  }
  int column(std::size_t i) const {
    std::size_t newline = i == 0 ? k_none : m_text.rfind('\n', i - 1);
    return static_cast<int>(newline == k_none ? i : i - newline - 1);
  }

  // One line of block context: skipped inside a block scalar or a multi-line plain scalar,
  // otherwise scanned from its first node. Returns where the next line to look at starts.
  std::size_t block_line(std::size_t begin) {
    std::size_t end = line_end(begin);
    std::size_t next = end < m_text.size() ? end + 1 : end;
    int indent = 0;
    while (at(begin + static_cast<std::size_t>(indent)) == ' ')
      ++indent;
    std::size_t first = begin + static_cast<std::size_t>(indent);
    while (first < end && is_blank(m_text[first]))
      ++first;
    bool blank = at_line_end(first);
    if (m_block_scalar) {
      if (blank || indent > m_block_indent) return next;
      m_block_scalar = false;
    }
    if (blank) return next;
    if (m_text[first] == '#') {
      m_continues = false;  // a comment ends a plain scalar
      return next;
    }
    if (m_continues) {
      if (indent > m_continue_indent) return next;
      m_continues = false;
    }
    int parent = m_pending && indent > m_pending_indent ? m_pending_indent : -1;
    m_pending = false;
    if (indent == 0 && (m_text.substr(begin, 3) == "---" || m_text.substr(begin, 3) == "...") &&
        space_at(begin + 3)) {
      return block_node(begin + 3, -1);
    }
    if (indent == 0 && m_text[begin] == '%') return next;  // a directive
    return block_node(first, parent);
  }

  // Scans block-context nodes from `i` to the end of their line. `owner` is the column of the
  // key or "- " that owns the next node (-1 at the top): the lines of a block scalar or of a
  // plain scalar are those indented more.
  std::size_t block_node(std::size_t i, int owner) {
    bool node_start = true;
    int node_column = 0;
    while (true) {
      while (is_blank(at(i)))
        ++i;
      if (at_line_end(i) || at(i) == '#') {
        if (node_start) {  // the node comes on a later line
          m_pending = true;
          m_pending_indent = owner;
        }
        return next_line(i);
      }
      if (!node_start) {
        if (at(i) != ':' || !space_at(i + 1)) return next_line(i);  // not valid YAML
        owner = node_column;                                        // the node before was a key
        node_start = true;
        ++i;
      } else if (std::size_t next = block_indicator_end(i, owner); next != k_none) {
        i = next;
      } else {
        node_start = false;
        node_column = column(i);
        std::size_t end = block_content_end(i, owner);
        if (end == k_none) return next_line(i);  // the rest of the line is a scalar's
        i = end;
      }
    }
  }

  // Past "- ", "? " (which own what follows), ": " or a property at `i`, else k_none.
  std::size_t block_indicator_end(std::size_t i, int& owner) const {
    char c = m_text[i];
    if ((c == '-' || c == '?') && space_at(i + 1)) {
      owner = column(i);
      return i + 1;
    }
    if (c == ':' && space_at(i + 1)) return i + 1;
    if (c == '&' || c == '!') return token_end(i);
    return k_none;
  }

  // Past the node that starts at `i` on this line, or k_none when the rest of the line (and
  // maybe lines after it) belongs to a block scalar or a plain scalar.
  std::size_t block_content_end(std::size_t i, int owner) {
    char c = m_text[i];
    if (c == '|' || c == '>') {
      m_block_scalar = true;
      m_block_indent = owner;
      return k_none;
    }
    if (c == '[' || c == '{') return flow(i);
    if (c == '"' || c == '\'') return quoted_end(i);
    if (c == '*') return token_end(i);
    std::size_t colon = block_key_colon(i);
    if (colon != k_none) return colon;  // a plain key: block_node reads the ':'
    m_continues = true;                 // a plain value: more indented lines continue it
    m_continue_indent = owner;
    return k_none;
  }

  // The ": " that ends the block plain scalar at `i` as a key, or k_none.
  std::size_t block_key_colon(std::size_t i) const {
    for (std::size_t j = i + 1; !at_line_end(j); ++j) {
      if (m_text[j] == ':' && space_at(j + 1)) return j;
      if (m_text[j] == '#' && is_blank(m_text[j - 1])) return k_none;
    }
    return k_none;
  }

  // An anchor, alias or tag: up to a blank or a flow indicator.
  std::size_t token_end(std::size_t i) const {
    std::size_t j = i + 1;
    while (j < m_text.size() && !is_space(m_text[j]) && !is_flow_indicator(m_text[j]))
      ++j;
    return j;
  }

  // Past the end of the quoted scalar that starts at `i` (its lines are not YAML).
  std::size_t quoted_end(std::size_t i) const {
    char quote = m_text[i];
    for (std::size_t j = i + 1; j < m_text.size(); ++j) {
      if (quote == '"' && m_text[j] == '\\') {
        ++j;
      } else if (m_text[j] == quote) {
        if (quote == '"' || at(j + 1) != '\'') return j + 1;
        ++j;  // '' stands for '
      }
    }
    return m_text.size();
  }

  // Scans the flow collection that opens at `i`; returns where it closed.
  std::size_t flow(std::size_t i) {
    m_depth = 0;
    m_state = Flow::node;
    m_props = k_none;
    do {
      i = m_state == Flow::plain ? flow_plain(i) : flow_token(i);
    } while (m_depth > 0 && i < m_text.size());
    if (m_state == Flow::plain) end_plain(Flow::after);
    return i;
  }

  // One step outside plain scalars.
  std::size_t flow_token(std::size_t i) {
    char c = m_text[i];
    if (is_space(c)) return i + 1;
    if (c == '#') return line_end(i);  // a comment
    if (c == '"' || c == '\'') {
      m_state = Flow::after;
      m_props = k_none;
      return quoted_end(i);
    }
    if (is_flow_indicator(c)) {
      if (c == '[' || c == '{') ++m_depth;
      if (c == ']' || c == '}') --m_depth;
      m_state = c == ']' || c == '}' ? Flow::after : Flow::node;
      m_props = k_none;
      return i + 1;
    }
    if (m_state == Flow::after && c == ':') {  // after a JSON-like key
      m_state = Flow::node;
      return i + 1;
    }
    if (m_state == Flow::node) {
      if (c == '&' || c == '!') {
        if (m_props == k_none) m_props = i;
        return token_end(i);
      }
      if (c == '*') {
        m_state = Flow::after;
        return token_end(i);
      }
      if ((c == '?' || c == '-') && space_at(i + 1)) return i + 1;
      if (c == ':' && (space_at(i + 1) || is_flow_indicator(at(i + 1)))) return i + 1;
    }
    m_state = Flow::plain;
    m_plain = Plain{};
    m_plain.scalar = BraceScalar{i, i + 1, m_props == k_none ? i : m_props};
    m_props = k_none;
    return i + 1;
  }

  // One step inside a plain scalar (its first character was read by flow_token).
  std::size_t flow_plain(std::size_t i) {
    char c = m_text[i];
    if (c == '\n') {
      m_plain.newline = true;
      return i + 1;
    }
    if (is_space(c)) return i + 1;
    if (c == '#' && is_space(m_text[i - 1])) {
      end_plain(Flow::after);
      return line_end(i);
    }
    if (c == ':' && (space_at(i + 1) || (is_flow_indicator(at(i + 1)) && at(i + 1) != '{'))) {
      end_plain(Flow::node);  // yaml-cpp too reads on over ":{" (https://host:{port}/)
      return i + 1;
    }
    if (c == '{') {
      std::size_t group_end = brace_group_end(i);
      if (group_end != k_none) {
        m_plain.groups = true;
        extend_plain(group_end);
        return group_end;
      }
    }
    if (is_flow_indicator(c)) {
      end_plain(Flow::after);
      return i;  // flow_token reads it
    }
    extend_plain(i + 1);
    return i + 1;
  }

  void extend_plain(std::size_t end) {
    if (m_plain.newline) m_plain.multiline = true;
    m_plain.scalar.end = end;
  }

  void end_plain(Flow next) {
    if (m_plain.groups && !m_plain.multiline) m_found.push_back(m_plain.scalar);
    m_state = next;
  }

  // Past the `}` that closes the brace group opening at `i`, or k_none when it does not close
  // on this line or holds ": " or " #" (then it is more likely a mapping or a comment).
  std::size_t brace_group_end(std::size_t i) const {
    int depth = 0;
    for (std::size_t j = i; !at_line_end(j); ++j) {
      char c = m_text[j];
      if (c == '{') {
        ++depth;
      } else if (c == '}') {
        if (--depth == 0) return j + 1;
      } else if ((c == ':' && is_blank(at(j + 1))) || (c == '#' && is_blank(m_text[j - 1]))) {
        return k_none;
      }
    }
    return k_none;
  }

  std::string_view m_text;
  std::vector<BraceScalar> m_found;
  // Block context.
  bool m_block_scalar = false;  // the lines more indented than m_block_indent are its text
  int m_block_indent = 0;
  bool m_continues = false;  // the lines more indented than m_continue_indent continue a scalar
  int m_continue_indent = 0;
  bool m_pending = false;  // a key or "- " ended the last line: its node may come next
  int m_pending_indent = 0;
  // Flow context.
  int m_depth = 0;
  Flow m_state = Flow::node;
  std::size_t m_props = k_none;  // the first property of the coming node
  Plain m_plain;
};

}  // namespace

std::vector<BraceScalar> find_brace_scalars(std::string_view text) {
  if (!may_hold_brace_scalars(text) || !has_plain_lines(text)) return {};
  return Scanner(text).run();
}

}  // namespace flow::flowfile::yaml
