#include "flowfile/yaml/brace_quoting.h"

#include <algorithm>

#include "flowfile/yaml/brace_scan.h"

namespace flow::flowfile::yaml {
namespace {

// Line and column of byte offsets, by binary search over the line starts.
class LineStarts {
 public:
  explicit LineStarts(std::string_view text) {
    m_starts.push_back(0);
    for (std::size_t i = text.find('\n'); i != std::string_view::npos; i = text.find('\n', i + 1))
      m_starts.push_back(i + 1);
  }
  TextPosition at(std::size_t offset) const {
    auto it = std::upper_bound(m_starts.begin(), m_starts.end(), offset);
    auto line = static_cast<std::size_t>(it - m_starts.begin()) - 1;
    return {static_cast<int>(line), static_cast<int>(offset - m_starts[line])};
  }

 private:
  std::vector<std::size_t> m_starts;
};

}  // namespace

TextPosition QuotedText::to_source(TextPosition quoted) const {
  auto line_begin =
      std::lower_bound(m_inserted.begin(), m_inserted.end(), TextPosition{quoted.line, 0});
  auto before = std::lower_bound(line_begin, m_inserted.end(), quoted);
  return {quoted.line, quoted.column - static_cast<int>(before - line_begin)};
}

std::optional<std::size_t> QuotedText::find(TextPosition node) const {
  auto it = std::lower_bound(scalars.begin(), scalars.end(), node,
                             [](const QuotedScalar& scalar, const TextPosition& position) {
                               return scalar.node < position;
                             });
  if (it == scalars.end() || it->node != node) return std::nullopt;
  return static_cast<std::size_t>(it - scalars.begin());
}

QuotedText quote_brace_scalars(std::string_view source) {
  QuotedText out;
  std::vector<BraceScalar> found = find_brace_scalars(source);
  if (found.empty()) return out;
  std::vector<std::size_t> inserted;  // offsets in out.text
  std::vector<std::size_t> nodes;
  out.text.reserve(source.size() + 4 * found.size());
  std::size_t copied = 0;
  for (const BraceScalar& scalar : found) {
    std::size_t shift = out.text.size() - copied;  // characters inserted so far
    out.text.append(source.substr(copied, scalar.begin - copied));
    nodes.push_back(std::max(scalar.node_begin, copied) + shift);
    std::string_view value = source.substr(scalar.begin, scalar.end - scalar.begin);
    inserted.push_back(out.text.size());
    out.text += '"';
    for (char c : value) {
      if (c == '"' || c == '\\') {
        inserted.push_back(out.text.size());
        out.text += '\\';
      }
      out.text += c;
    }
    inserted.push_back(out.text.size());
    out.text += '"';
    out.scalars.push_back(QuotedScalar{{}, std::string(value)});
    copied = scalar.end;
  }
  out.text.append(source.substr(copied));
  LineStarts lines(out.text);
  for (std::size_t i = 0; i < nodes.size(); ++i)
    out.scalars[i].node = lines.at(nodes[i]);
  out.m_inserted.reserve(inserted.size());
  for (std::size_t offset : inserted)
    out.m_inserted.push_back(lines.at(offset));
  return out;
}

}  // namespace flow::flowfile::yaml
