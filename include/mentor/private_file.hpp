// Files that only their owner may read: the database, its backups and the config file.
#pragma once

#include <filesystem>

namespace mentor {

// Creates `file` empty with mode 0600, whatever the umask. Returns false, and leaves
// the file alone, when it already exists. Throws Error (cant_create) on any other
// failure.
bool create_private_file(const std::filesystem::path& file);

// Returns whether users other than the owner may read or write `file` (any group or
// other permission bit). Returns false when the file does not exist.
bool open_to_others(const std::filesystem::path& file);

}  // namespace mentor
