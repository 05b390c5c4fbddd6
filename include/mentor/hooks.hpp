// Hooks: programs in the hooks folder that run after a command changes data, each
// receiving one event as JSON on standard input. docs/hooks.md describes the events.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mentor/config.hpp"
#include "mentor/model.hpp"
#include "mentor/sessions.hpp"

namespace mentor {

struct HookEvent {
  std::string name;        // the hook's file name, such as "pair-made"
  nlohmann::json payload;  // written to the hook's standard input; "event" repeats the name
};

HookEvent person_enrolled_event(const Program& program, const std::string& employee_id,
                                std::string_view role);
HookEvent pair_made_event(const Program& program, const Pair& pair);
HookEvent pair_ended_event(const Program& program, const Pair& pair);
// The notes of the session are left out, because hooks often post to shared places.
HookEvent session_logged_event(const Program& program, const LoggedSession& logged);
HookEvent pair_completed_event(const Program& program, const Pair& pair);

// Returns the hooks folder: hooks.dir, taken from the config file's folder when
// relative, or the `hooks` folder next to the config file when hooks.dir is empty.
std::filesystem::path hooks_folder(const HooksConfig& hooks,
                                   const std::filesystem::path& config_file);

// Runs the hook named by each event, in order, from `folder`, without a shell. Each
// hook runs in its own process group, with the event on standard input and its
// standard output sent to mentor's standard error. The group is killed when the hook
// runs longer than `timeout_seconds`. An event without a hook file is skipped.
// Returns one message per hook that could not start, failed, or timed out. A hook
// that timed out is not run again for later events of the same call, so one call
// waits at most one timeout per hook name.
std::vector<std::string> run_hooks(const std::filesystem::path& folder, int timeout_seconds,
                                   const std::vector<HookEvent>& events);

}  // namespace mentor
