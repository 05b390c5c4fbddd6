#include "mentor/hooks.hpp"

#include <chrono>
#include <filesystem>
#include <string>

#include <doctest/doctest.h>

#include "test_support.hpp"

namespace {

using mentor::HookEvent;
using mentor::test::TempFolder;

void write_hook(const std::filesystem::path& file, const std::string& script) {
  mentor::test::write_bytes(file, script);
  std::filesystem::permissions(file, std::filesystem::perms::owner_all);
}

HookEvent event_with_payload(std::size_t bytes) {
  return {"pair-made", {{"event", "pair-made"}, {"padding", std::string(bytes, 'x')}}};
}

}  // namespace

TEST_SUITE_BEGIN("hooks");

TEST_CASE("hooks_folder resolves dir") {
  const std::filesystem::path config = "/etc/team/config.toml";
  CHECK(mentor::hooks_folder({}, config) == "/etc/team/hooks");
  CHECK(mentor::hooks_folder({"scripts", 10}, config) == "/etc/team/scripts");
  CHECK(mentor::hooks_folder({"/srv/hooks", 10}, config) == "/srv/hooks");
}

TEST_CASE("missing hook runs nothing") {
  TempFolder folder;
  CHECK(mentor::run_hooks(folder.path(), 1, {event_with_payload(10)}).empty());
  CHECK(mentor::run_hooks(folder / "absent", 1, {event_with_payload(10)}).empty());
}

TEST_CASE("hook receives event line") {
  TempFolder folder;
  write_hook(folder / "pair-made", "#!/bin/sh\ncat > \"$0.out\"\n");
  const auto event = event_with_payload(3);
  CHECK(mentor::run_hooks(folder.path(), 5, {event}).empty());
  CHECK(mentor::test::read_bytes(folder / "pair-made.out") == event.payload.dump() + "\n");
}

TEST_CASE("hook ignoring large input") {
  // The payload is larger than a pipe's buffer (64 KiB on Linux) and the hook exits
  // without reading it: mentor must neither block nor die of SIGPIPE.
  TempFolder folder;
  write_hook(folder / "pair-made", "#!/bin/sh\nexit 0\n");
  CHECK(mentor::run_hooks(folder.path(), 5, {event_with_payload(1 << 20)}).empty());
}

TEST_CASE("hook not reading times out") {
  // The hook neither reads nor exits, so writing the payload blocks until the timeout.
  TempFolder folder;
  write_hook(folder / "pair-made", "#!/bin/sh\nexec sleep 30\n");
  const auto started = std::chrono::steady_clock::now();
  const auto failures =
      mentor::run_hooks(folder.path(), 1, {event_with_payload(1 << 20), event_with_payload(1)});
  const auto elapsed = std::chrono::steady_clock::now() - started;
  REQUIRE(failures.size() == 1);
  CHECK(failures[0].find("timed out after 1 s") != std::string::npos);
  CHECK(elapsed < std::chrono::seconds(5));
}

TEST_CASE("failing hook reported per event") {
  TempFolder folder;
  write_hook(folder / "pair-made", "#!/bin/sh\nexit 4\n");
  const auto failures =
      mentor::run_hooks(folder.path(), 5, {event_with_payload(1), event_with_payload(1)});
  REQUIRE(failures.size() == 2);
  CHECK(failures[0].find("exit status 4") != std::string::npos);
}

TEST_CASE("hook killed by signal reported") {
  TempFolder folder;
  write_hook(folder / "pair-made", "#!/bin/sh\nkill -TERM $$\n");
  const auto failures = mentor::run_hooks(folder.path(), 5, {event_with_payload(1)});
  REQUIRE(failures.size() == 1);
  CHECK(failures[0].find("signal 15") != std::string::npos);
}

TEST_CASE("hook without shebang fails to start") {
  TempFolder folder;
  write_hook(folder / "pair-made", "echo no interpreter line\n");
  const auto failures = mentor::run_hooks(folder.path(), 5, {event_with_payload(1)});
  REQUIRE(failures.size() == 1);
  CHECK(failures[0].find("did not run") != std::string::npos);
}

TEST_SUITE_END();
