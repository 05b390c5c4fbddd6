// Fuzzes the config: TOML parsing with toml++ and every key's checks over the
// built-in defaults.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "mentor/config.hpp"
#include "mentor/errors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    mentor::parse_config(text, "fuzz.toml");
  } catch (const mentor::Error&) {
    // A rejected config is an expected outcome; any other exception is a finding.
  }
  return 0;
}
