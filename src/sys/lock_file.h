#pragma once
// The real LockFile (flow/sys/filesystem.h): flock(2) on an open file.

#include <memory>
#include <string>

#include "flow/base/result.h"
#include "flow/sys/filesystem.h"

namespace flow::sys::detail {

Result<std::unique_ptr<LockFile>> open_lock_file(const std::string& path, bool create);

}  // namespace flow::sys::detail
