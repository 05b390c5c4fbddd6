// Files that only their owner may read: the database, its backups and the config file.
#pragma once

#include <filesystem>
#include <string>

namespace mentor {

// Creates `file` empty with mode 0600, whatever the umask. Returns false, and leaves
// the file alone, when it already exists. Throws Error (cant_create) on any other
// failure.
bool create_private_file(const std::filesystem::path& file);

// An exclusive advisory lock (flock) on `file`, created owner-only when missing, held
// until the object is destroyed or the process ends, even when it is killed. The
// constructor waits up to `timeout_seconds` while another process holds the lock, then
// throws Error (temp_fail).
class FileLock {
 public:
  FileLock(const std::filesystem::path& file, int timeout_seconds);
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  ~FileLock();

 private:
  int m_descriptor = -1;
};

// A new file readable by its owner only (mode 0600) in $TMPDIR, or in /tmp when TMPDIR
// is unset or empty, for data that would otherwise wait in memory. Its name is removed
// as soon as it is created, so nothing is left behind however the process ends.
// path() names it through /proc/self/fd for as long as the object lives.
class TemporaryFile {
 public:
  // Creates the file, its name starting with `prefix`. Throws Error (cant_create)
  // naming the folder when it cannot.
  explicit TemporaryFile(const std::string& prefix);
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  ~TemporaryFile();

  const std::filesystem::path& path() const { return m_path; }

 private:
  int m_descriptor = -1;
  std::filesystem::path m_path;
};

}  // namespace mentor
