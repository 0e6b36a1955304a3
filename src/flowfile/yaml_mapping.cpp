#include "flow/flowfile/yaml.h"

#include "flow/base/error_list.h"
#include "flowfile/yaml/reader.h"

namespace flow::flowfile {

Result<Node> read_yaml_mapping(const std::string& text, const std::string& name) {
  yaml::YamlDocument document = yaml::read_yaml(text, name);
  if (!document.errors.empty()) return combine_errors(std::move(document.errors));
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
