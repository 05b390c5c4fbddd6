// Fuzzes the roster import: CSV reading, the header, each row's checks and the
// manager checks, into an in-memory store whose transaction is rolled back after
// each input. The first byte picks --full and --skip-invalid; the rest is the file.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "mentor/errors.hpp"
#include "mentor/roster.hpp"
#include "mentor/store.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static mentor::Store store = mentor::Store::open_in_memory();
  if (size == 0) return 0;

  mentor::ImportOptions options;
  options.source = "fuzz.csv";
  options.as_of = mentor::Date{date::year{2027} / 1 / 4};
  options.full = (data[0] & 1) != 0;
  options.skip_invalid = (data[0] & 2) != 0;
  std::ostringstream rejected;
  options.open_rejected = [&rejected]() -> std::ostream& { return rejected; };
  std::istringstream input(std::string(reinterpret_cast<const char*>(data) + 1, size - 1));

  mentor::Store::Transaction transaction(store);
  try {
    mentor::import_roster(store, input, options);
  } catch (const mentor::Error&) {
    // A rejected file is an expected outcome; any other exception is a finding.
  }
  return 0;  // the transaction rolls back, so every input starts from an empty store
}
