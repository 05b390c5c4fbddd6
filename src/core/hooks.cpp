#include "mentor/hooks.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "child_process.hpp"
#include "file_descriptor.hpp"
#include "mentor/dates.hpp"

namespace mentor {

namespace {

nlohmann::json pair_json(const Pair& pair) {
  nlohmann::json json = {{"id", pair.id},
                         {"mentor", pair.mentor_id},
                         {"mentee", pair.mentee_id},
                         {"paired_on", format_date(pair.paired_on)},
                         {"method", pair.method},
                         {"state", to_string(pair.state)},
                         {"sessions_held", pair.sessions_held},
                         {"ended_on", nullptr},
                         {"end_reason", nullptr}};
  if (pair.ended_on) json["ended_on"] = format_date(*pair.ended_on);
  if (!pair.end_reason.empty()) json["end_reason"] = pair.end_reason;
  return json;
}

HookEvent pair_event(std::string name, const Program& program, const Pair& pair) {
  return {name, {{"event", name}, {"program", program.name}, {"pair", pair_json(pair)}}};
}

nlohmann::json optional_json(const std::optional<int>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

// Starts the hook at `program` with its own process group, its standard input from
// `input_read` and its standard output on mentor's standard error. Returns the
// posix_spawn error number, 0 on success.
int spawn_hook(const std::string& program, int input_read, int input_write, pid_t& child) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, input_read, STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, STDERR_FILENO, STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, input_write);
  std::string argument0 = program;
  std::array<char*, 2> argv = {argument0.data(), nullptr};
  const int spawned = spawn_in_own_group(argv.data(), &actions, false, child);
  posix_spawn_file_actions_destroy(&actions);
  return spawned;
}

// Runs one hook and returns a message when it fails, or an empty string.
std::string run_hook(const std::filesystem::path& program, const HookEvent& event,
                     int timeout_seconds, bool& timed_out) {
  std::array<int, 2> input{};
  if (pipe2(input.data(), O_CLOEXEC) != 0) {
    return fmt::format("hook {} did not run: cannot create a pipe: {}", program.string(),
                       std::strerror(errno));
  }
  Fd input_read(input[0]);
  Fd input_write(input[1]);
  pid_t child = 0;
  const int spawned = spawn_hook(program.string(), input_read.get(), input_write.get(), child);
  input_read.reset();
  if (spawned != 0) {
    return fmt::format("hook {} did not run: {}", program.string(), std::strerror(spawned));
  }

  const auto deadline = SteadyClock::now() + std::chrono::seconds(timeout_seconds);
  write_until(input_write.get(), event.payload.dump() + "\n", deadline);
  input_write.reset();
  const ChildOutcome outcome = wait_until(child, deadline);

  timed_out = outcome.timed_out;
  if (outcome.timed_out) {
    return fmt::format("hook {} timed out after {} s and was killed (hooks.timeout_seconds)",
                       program.string(), timeout_seconds);
  }
  if (WIFEXITED(outcome.status) && WEXITSTATUS(outcome.status) == 0) return "";
  if (WIFEXITED(outcome.status)) {
    return fmt::format("hook {} failed with exit status {}", program.string(),
                       WEXITSTATUS(outcome.status));
  }
  return fmt::format("hook {} was killed by signal {}", program.string(), WTERMSIG(outcome.status));
}

}  // namespace

HookEvent person_enrolled_event(const Program& program, const std::string& employee_id,
                                std::string_view role) {
  return {"person-enrolled",
          {{"event", "person-enrolled"},
           {"program", program.name},
           {"employee_id", employee_id},
           {"role", role}}};
}

HookEvent pair_made_event(const Program& program, const Pair& pair) {
  return pair_event("pair-made", program, pair);
}

HookEvent pair_ended_event(const Program& program, const Pair& pair) {
  return pair_event("pair-ended", program, pair);
}

HookEvent pair_completed_event(const Program& program, const Pair& pair) {
  return pair_event("pair-completed", program, pair);
}

HookEvent session_logged_event(const Program& program, const LoggedSession& logged) {
  HookEvent event = pair_event("session-logged", program, logged.pair);
  const auto& session = logged.session;
  event.payload["session"] = {{"id", session.id},
                              {"number", session.number},
                              {"title", logged.title},
                              {"status", to_string(session.status)},
                              {"held_on", format_date(session.held_on)},
                              {"minutes", session.minutes},
                              {"rating", optional_json(session.rating)},
                              {"mentor_rating", optional_json(session.mentor_rating)}};
  return event;
}

std::filesystem::path hooks_folder(const HooksConfig& hooks,
                                   const std::filesystem::path& config_file) {
  const auto config_folder = config_file.parent_path();
  if (hooks.dir.empty()) return config_folder / "hooks";
  return config_folder / hooks.dir;  // an absolute hooks.dir replaces the folder
}

std::vector<std::string> run_hooks(const std::filesystem::path& folder, int timeout_seconds,
                                   const std::vector<HookEvent>& events) {
  std::vector<std::string> failures;
  std::set<std::string> skipped_hooks;
  // A hook that exits before reading its input must not kill mentor with SIGPIPE.
  struct sigaction ignore {};
  struct sigaction previous {};
  ignore.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &ignore, &previous);

  for (const auto& event : events) {
    if (skipped_hooks.contains(event.name)) continue;
    const auto program = folder / event.name;
    std::error_code error;
    if (!std::filesystem::exists(program, error)) continue;
    if (!std::filesystem::is_regular_file(program, error) || access(program.c_str(), X_OK) != 0) {
      failures.push_back(fmt::format("hook {} is not an executable file: run 'chmod +x {}'",
                                     program.string(), program.string()));
      skipped_hooks.insert(event.name);  // one message is enough
      continue;
    }
    bool timed_out = false;
    auto failure = run_hook(program, event, timeout_seconds, timed_out);
    if (timed_out) skipped_hooks.insert(event.name);
    if (!failure.empty()) failures.push_back(std::move(failure));
  }
  sigaction(SIGPIPE, &previous, nullptr);
  return failures;
}

}  // namespace mentor
