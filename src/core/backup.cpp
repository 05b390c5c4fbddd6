#include "mentor/backup.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "mentor/errors.hpp"
#include "mentor/private_file.hpp"

namespace mentor {

namespace {

Error cannot_create(const std::filesystem::path& target, const std::string& reason) {
  return Error(ExitStatus::cant_create,
               fmt::format("cannot create the backup {}: {}", target.string(), reason));
}

Error target_exists(const std::filesystem::path& target) {
  return Error(ExitStatus::cant_create,
               fmt::format("{} already exists: name a new file, or add --force to replace it",
                           target.string()));
}

// Removes the temporary copy and the rollback journal SQLite may have left next to it.
void remove_partial_copy(const std::filesystem::path& file) {
  std::error_code ignored;
  std::filesystem::remove(file, ignored);
  std::filesystem::remove(file.string() + "-journal", ignored);
}

// Moves the finished copy to `target`. Without `overwrite`, link() fails when the
// target exists, so a file created there since the first check is never replaced.
void move_into_place(const std::filesystem::path& copy, const std::filesystem::path& target,
                     bool overwrite) {
  if (overwrite) {
    if (::rename(copy.c_str(), target.c_str()) != 0) {
      throw cannot_create(target, std::strerror(errno));
    }
    return;
  }
  if (::link(copy.c_str(), target.c_str()) != 0) {
    if (errno == EEXIST) throw target_exists(target);
    throw cannot_create(target, std::strerror(errno));
  }
  ::unlink(copy.c_str());
}

}  // namespace

void back_up_database(const Store& store, const std::filesystem::path& database_file,
                      const std::filesystem::path& target, bool overwrite) {
  // Renaming a copy over the live file would leave its -wal file describing another
  // database, and the writes of other processes would be lost.
  if (is_database_file(target, database_file)) {
    throw UsageError(fmt::format("{} is the database itself or one of its files: name another "
                                 "file for the backup",
                                 target.string()));
  }
  if (std::filesystem::is_directory(target)) {
    throw cannot_create(target, "it is a folder, so name a file instead");
  }
  if (!overwrite && std::filesystem::exists(target)) throw target_exists(target);

  auto copy = target;
  copy += fmt::format(".partial-{}", static_cast<long>(::getpid()));
  remove_partial_copy(copy);  // left by an earlier run of this process id that was killed
  create_private_file(copy);
  try {
    store.copy_to(copy);
    move_into_place(copy, target, overwrite);
  } catch (...) {
    remove_partial_copy(copy);
    throw;
  }
}

}  // namespace mentor
