#include "mentor/private_file.hpp"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <thread>
#include <cstring>

#include <fmt/format.h>

#include "mentor/errors.hpp"
#include "mentor/paths.hpp"

namespace mentor {

bool create_private_file(const std::filesystem::path& file) {
  constexpr mode_t k_owner_read_write = S_IRUSR | S_IWUSR;
  const int descriptor = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
                                k_owner_read_write);
  if (descriptor < 0 && errno == EEXIST) return false;
  if (descriptor < 0) {
    throw Error(ExitStatus::cant_create,
                fmt::format("cannot create {}: {}", file.string(), std::strerror(errno)));
  }
  // The umask may have taken bits away from 0600 (never added any), so set it again
  // to be sure the owner can write.
  const int chmod_result = ::fchmod(descriptor, k_owner_read_write);
  const int chmod_error = errno;
  ::close(descriptor);
  if (chmod_result != 0) {
    throw Error(ExitStatus::cant_create, fmt::format("cannot set the mode of {}: {}", file.string(),
                                                     std::strerror(chmod_error)));
  }
  return true;
}

FileLock::FileLock(const std::filesystem::path& file, int timeout_seconds) {
  create_private_file(file);
  m_descriptor = ::open(file.c_str(), O_RDWR | O_CLOEXEC | O_NOFOLLOW);
  if (m_descriptor < 0) {
    throw Error(ExitStatus::cant_create,
                fmt::format("cannot open the lock file {}: {}", file.string(), std::strerror(errno)));
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  while (::flock(m_descriptor, LOCK_EX | LOCK_NB) != 0) {
    const int lock_error = errno;
    if (lock_error == EINTR) continue;
    if (lock_error == EWOULDBLOCK && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      continue;
    }
    ::close(m_descriptor);
    if (lock_error == EWOULDBLOCK) {
      throw Error(ExitStatus::temp_fail,
                  fmt::format("{} is still held by another mentor process after {} s; try again "
                              "later",
                              file.string(), timeout_seconds));
    }
    throw Error(ExitStatus::io_error, fmt::format("cannot lock {}: {}", file.string(),
                                                  std::strerror(lock_error)));
  }
}

FileLock::~FileLock() { ::close(m_descriptor); }  // closing releases the lock

TemporaryFile::TemporaryFile(const std::string& prefix) {
  const auto folder = process_env("TMPDIR").value_or("");
  const std::filesystem::path base = folder.empty() ? "/tmp" : folder;
  // mkstemp creates the file with mode 0600 and a name no other process has.
  std::string name = (base / (prefix + "XXXXXX")).string();
  m_descriptor = ::mkostemp(name.data(), O_CLOEXEC);
  if (m_descriptor < 0) {
    throw Error(ExitStatus::cant_create,
                fmt::format("cannot create a temporary file in {}: {}; set TMPDIR to a "
                            "writable folder",
                            base.string(), std::strerror(errno)));
  }
  // The name goes at once, so nothing is left behind even when the process is killed.
  // The file lives on through the descriptor, which /proc/self/fd names.
  ::unlink(name.c_str());
  m_path = fmt::format("/proc/self/fd/{}", m_descriptor);
}

TemporaryFile::~TemporaryFile() { ::close(m_descriptor); }

}  // namespace mentor
