#include "flow/flowfile/yaml.h"

#include "flowfile/yaml/reader.h"

namespace flow::flowfile {

Result<Node> read_yaml_mapping(const std::string& text, const std::string& name) {
  yaml::YamlDocument document = yaml::read_yaml(text, name);
  if (!document.errors.empty()) {
    Error first = document.errors.front();
    for (std::size_t i = 1; i < document.errors.size(); ++i)
      first.more.push_back(document.errors[i]);
    return first;
  }
  Node root = document.root ? std::move(*document.root) : Node{};
  if (root.kind == Node::Kind::null) {
    root.kind = Node::Kind::mapping;
    return root;
  }
  if (!root.is_mapping()) {
    return make_error(ErrorKind::flowfile, "expected a mapping of option names to values",
                      root.location);
  }
  return root;
}

}  // namespace flow::flowfile
