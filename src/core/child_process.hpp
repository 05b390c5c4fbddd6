// Talking to a program that mentor runs (a hook, sendmail) within a time limit: its
// input is written and its output read until a deadline, after which it is killed.
#pragma once

#include <spawn.h>
#include <sys/types.h>

#include <chrono>
#include <string>

namespace mentor {

using SteadyClock = std::chrono::steady_clock;

// The end of a child process: its wait status, or a timeout.
struct ChildOutcome {
  bool timed_out = false;
  int status = 0;  // as waitpid returns it
};

// Starts `argv[0]` (searched in PATH when `search_path`) with `actions` applied, as the
// leader of a new process group, so that wait_until can end it and whatever it starts.
// Returns the posix_spawn error number, 0 on success.
int spawn_in_own_group(char* const argv[], const posix_spawn_file_actions_t* actions,
                       bool search_path, pid_t& child);

// Writes `data` to `fd`, made non-blocking here, until it is all written, the reader
// closes the pipe, or `deadline` passes.
void write_until(int fd, const std::string& data, SteadyClock::time_point deadline);

// Reads `fd` until the writer closes it or `deadline` passes. Returns the first `keep`
// bytes read, without trailing line breaks, followed by "..." when more was read. The
// rest is read and dropped, so the writer does not stall on a full pipe.
std::string read_until(int fd, SteadyClock::time_point deadline, std::size_t keep);

// Waits for `child` until `deadline`, then kills its process group, so `child` must
// lead its own group (POSIX_SPAWN_SETPGROUP with group 0).
ChildOutcome wait_until(pid_t child, SteadyClock::time_point deadline);

}  // namespace mentor
