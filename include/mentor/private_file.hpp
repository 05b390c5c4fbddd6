// Files that only their owner may read: the database, its backups and the config file.
#pragma once

#include <filesystem>

namespace mentor {

// Creates `file` empty with mode 0600, whatever the umask. Returns false, and leaves
// the file alone, when it already exists. Throws Error (cant_create) on any other
// failure.
bool create_private_file(const std::filesystem::path& file);

}  // namespace mentor
