#include "flow/base/error_list.h"

#include <fmt/format.h>

namespace flow {

Error combine_errors(std::vector<Error> errors) {
  Error first = std::move(errors.front());
  for (std::size_t i = 1; i < errors.size(); ++i)
    first.more.push_back(std::move(errors[i]));
  return first;
}

void ErrorList::add(Error error) {
  if (full()) {
    m_dropped = true;
    return;
  }
  m_errors.push_back(std::move(error));
}

Error& ErrorList::add(const SourceLocation& location, std::string message, std::string anchor,
                      std::vector<std::string> notes) {
  if (full()) {
    m_dropped = true;
    m_scratch = Error{};
    return m_scratch;
  }
  Error& error =
      m_errors.emplace_back(make_error(ErrorKind::flowfile, std::move(message), location));
  error.anchor = std::move(anchor);
  error.notes = std::move(notes);
  return error;
}

Error ErrorList::take() {
  Error combined = combine_errors(std::move(m_errors));
  if (m_dropped) {
    Error& last = combined.more.empty() ? combined : combined.more.back();
    last.notes.push_back(fmt::format("(stopped after {} errors)", k_max_errors));
  }
  m_errors.clear();
  m_dropped = false;
  return combined;
}

}  // namespace flow
