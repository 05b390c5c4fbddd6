# Writes OUTPUT, a C++ source that defines mentor::version(), at every build.
# The version is `git describe --tags --always --dirty` of SOURCE_DIR when that is a
# git checkout and git runs, else FALLBACK (the CMake project version). The file is
# only replaced when the text changes, so an unchanged version relinks nothing.
#
# Inputs: SOURCE_DIR, OUTPUT, FALLBACK, and GIT_EXECUTABLE (may be empty).

set(version "${FALLBACK}")
if(GIT_EXECUTABLE AND EXISTS "${SOURCE_DIR}/.git")
  execute_process(
    COMMAND "${GIT_EXECUTABLE}" describe --tags --always --dirty
    WORKING_DIRECTORY "${SOURCE_DIR}"
    OUTPUT_VARIABLE described
    OUTPUT_STRIP_TRAILING_WHITESPACE
    ERROR_QUIET
    RESULT_VARIABLE status)
  if(status EQUAL 0 AND NOT described STREQUAL "")
    set(version "${described}")
  endif()
endif()

set(text "// Generated at build time by cmake/version.cmake; do not edit.
#include \"mentor/version.hpp\"

namespace mentor {

std::string_view version() { return \"${version}\"; }

}  // namespace mentor
")

set(current "")
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" current)
endif()
if(NOT current STREQUAL text)
  file(WRITE "${OUTPUT}" "${text}")
endif()
