// The version of this build.
#pragma once

#include <string_view>

namespace mentor {

// Returns `git describe --tags --always --dirty` of the source tree at build time
// (such as 0.1.0-4-g1a2b3c4-dirty), or the CMake project version when the sources
// are not a git checkout.
std::string_view version();

}  // namespace mentor
