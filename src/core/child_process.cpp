#include "child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <thread>

extern char** environ;  // NOLINT(readability-redundant-declaration): POSIX declares it nowhere

namespace mentor {

namespace {

// Milliseconds from now to `deadline`, for poll; 0 once it has passed.
int milliseconds_left(SteadyClock::time_point deadline) {
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
  return static_cast<int>(std::clamp<std::chrono::milliseconds::rep>(left.count(), 0, 1000));
}

}  // namespace

int spawn_in_own_group(char* const argv[], const posix_spawn_file_actions_t* actions,
                       bool search_path, pid_t& child) {
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);
  const int spawned = search_path ? posix_spawnp(&child, argv[0], actions, &attributes, argv, environ)
                                  : posix_spawn(&child, argv[0], actions, &attributes, argv, environ);
  posix_spawnattr_destroy(&attributes);
  return spawned;
}

void write_until(int fd, const std::string& data, SteadyClock::time_point deadline) {
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  std::size_t offset = 0;
  while (offset < data.size() && SteadyClock::now() < deadline) {
    const ssize_t written = write(fd, data.data() + offset, data.size() - offset);
    if (written >= 0) {
      offset += static_cast<std::size_t>(written);
      continue;
    }
    if (errno == EINTR) continue;
    if (errno != EAGAIN) return;  // EPIPE: the program does not read its input
    pollfd ready{fd, POLLOUT, 0};
    poll(&ready, 1, milliseconds_left(deadline));
  }
}

std::string read_until(int fd, SteadyClock::time_point deadline, std::size_t keep) {
  std::string out;
  bool dropped = false;
  std::array<char, 4096> buffer{};
  while (SteadyClock::now() < deadline) {
    pollfd ready{fd, POLLIN, 0};
    const int polled = poll(&ready, 1, milliseconds_left(deadline));
    if (polled < 0 && errno != EINTR) break;
    if (polled <= 0) continue;
    const ssize_t got = read(fd, buffer.data(), buffer.size());
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    const auto length = static_cast<std::size_t>(got);
    const std::size_t appended = std::min(length, keep - std::min(keep, out.size()));
    out.append(buffer.data(), appended);
    dropped = dropped || appended < length;
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  if (dropped) out += "...";
  return out;
}

// Most programs end within milliseconds, so the pause between checks starts at 1 ms
// and doubles to 32 ms.
ChildOutcome wait_until(pid_t child, SteadyClock::time_point deadline) {
  ChildOutcome outcome;
  auto pause = std::chrono::milliseconds(1);
  while (true) {
    const pid_t done = waitpid(child, &outcome.status, WNOHANG);
    if (done == child) return outcome;
    if (done < 0 && errno != EINTR) return outcome;
    if (SteadyClock::now() >= deadline) break;
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(32));
  }
  // The child leads its own process group, so this also ends what it started.
  kill(-child, SIGKILL);
  while (waitpid(child, &outcome.status, 0) < 0 && errno == EINTR) {
  }
  outcome.timed_out = true;
  return outcome;
}

}  // namespace mentor
