// Backups of the database that are safe to take while other processes write.
#pragma once

#include <filesystem>

#include "mentor/store.hpp"

namespace mentor {

// Copies the database behind `store`, whose file is `database_file`, to `target` as one
// consistent snapshot. The copy is written to a temporary file in the target's folder
// and renamed into place once complete, so `target` is never left half-written. The
// copy has mode 0600. Throws UsageError when `target` is the database file itself; Error
// (cant_create) when `target` exists and `overwrite` is false, when it is a folder, or
// when the copy cannot be created; StoreError when reading the database fails.
void back_up_database(const Store& store, const std::filesystem::path& database_file,
                      const std::filesystem::path& target, bool overwrite);

}  // namespace mentor
