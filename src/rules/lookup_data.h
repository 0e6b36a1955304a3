#pragma once
// What LookupSources holds (private to rules): the tables, and each config mapping that a
// lookup indexes by wildcard, copied out of the config with a hash index of its keys.

#include <memory>
#include <string>
#include <vector>

#include "flow/base/flat_id_map.h"
#include "flow/flowfile/node.h"
#include "flow/flowfile/table.h"
#include "flow/rules/lookup.h"

namespace flow::rules {

struct ConfigSource {
  std::string path;                               ///< "genomes", as written after `config.`
  std::shared_ptr<const flowfile::Node> mapping;  ///< a copy of that config mapping
  FlatIdMap index;                                ///< its entries by key
};

struct LookupSources::Data {
  std::vector<std::shared_ptr<const flowfile::Table>> tables;
  std::vector<ConfigSource> configs;
};

}  // namespace flow::rules
