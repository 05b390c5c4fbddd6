#include "mentor/mail.hpp"

#include <dlfcn.h>
#include <elf.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <csignal>
#include <cstring>
#include <memory>
#include <mutex>

#include <fmt/format.h>

#include "child_process.hpp"
#include "file_descriptor.hpp"
#include "mail_module.hpp"
#include "mentor/errors.hpp"
#include "mentor/people.hpp"

namespace mentor {

namespace {

void check_header_value(const std::string& value, std::string_view what) {
  for (const char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) {
      throw DataError(fmt::format("invalid {} '{}': a mail header cannot contain line breaks or "
                                  "control characters; remove them",
                                  what, value));
    }
  }
}

void check_mailbox(const Mailbox& mailbox, std::string_view role) {
  check_header_value(mailbox.name, fmt::format("{} name", role));
  check_header_value(mailbox.address, fmt::format("{} address", role));
  if (!is_email_address(mailbox.address)) {
    throw DataError(fmt::format("invalid {} address '{}': write it as name@example.com", role,
                                mailbox.address));
  }
}

// Returns the paths where mentor-mail.so is looked for, in order: beside the running
// binary (a build folder), then the installed module folder. That folder is given
// relative to the binary's folder, so an unpacked package works wherever it is.
std::vector<std::filesystem::path> module_candidates() {
  std::error_code error;
  const auto binary = std::filesystem::read_symlink("/proc/self/exe", error);
  const auto folder = error ? std::filesystem::path(".") : binary.parent_path();
  return {folder / "mentor-mail.so", folder / MENTOR_MAIL_MODULE_DIR / "mentor-mail.so"};
}

// Returns why the file at `path` cannot be a whole shared object, or an empty string.
// dlopen maps each loadable segment of a file cut short past its end, and the first
// touch of such a page ends the process with SIGBUS instead of an error.
std::string incomplete_elf(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  Elf64_Ehdr header{};
  if (error || !file.read(reinterpret_cast<char*>(&header), sizeof header) ||  // NOLINT: raw bytes
      std::memcmp(header.e_ident, ELFMAG, SELFMAG) != 0 || header.e_ident[EI_CLASS] != ELFCLASS64) {
    return "it is not a 64-bit shared object";
  }
  const auto table_end = header.e_phoff + std::uint64_t{header.e_phnum} * header.e_phentsize;
  if (header.e_phentsize != sizeof(Elf64_Phdr) || table_end > size) return "the file is cut short";
  file.seekg(static_cast<std::streamoff>(header.e_phoff));
  for (unsigned i = 0; i < header.e_phnum; ++i) {
    Elf64_Phdr segment{};
    if (!file.read(reinterpret_cast<char*>(&segment), sizeof segment)) {  // NOLINT: raw bytes
      return "the file is cut short";
    }
    if (segment.p_type == PT_LOAD && segment.p_offset + segment.p_filesz > size) {
      return "the file is cut short";
    }
  }
  return "";
}

const mail_module::Functions& load_mail_module() {
  std::string reason = "not found";
  std::filesystem::path tried;
  for (const auto& candidate : module_candidates()) {
    std::error_code error;
    if (!std::filesystem::exists(candidate, error)) continue;
    tried = candidate;
    reason = incomplete_elf(candidate);
    if (!reason.empty()) break;
    // The module stays loaded until exit; it is never closed.
    void* handle = dlopen(candidate.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      reason = dlerror();
      break;
    }
    const auto entry = reinterpret_cast<mail_module::EntryPoint>(  // NOLINT: dlsym's type
        dlsym(handle, mail_module::entry_point));
    const mail_module::Functions* functions = entry == nullptr ? nullptr : entry();
    if (functions != nullptr && functions->interface_version == mail_module::interface_version) {
      return *functions;
    }
    reason = "it was built for another version of mentor";
    break;
  }
  if (tried.empty()) {
    const auto candidates = module_candidates();
    throw Error(ExitStatus::os_file,
                fmt::format("cannot load the mail module mentor-mail.so: not found at {} or {}; "
                            "reinstall mentor",
                            candidates.front().lexically_normal().string(),
                            candidates.back().lexically_normal().string()));
  }
  throw Error(ExitStatus::os_file,
              fmt::format("cannot load the mail module {}: {}; reinstall mentor",
                          tried.lexically_normal().string(), reason));
}

// The mail module, loaded on first use.
const mail_module::Functions& mail_functions() {
  static const mail_module::Functions& functions = load_mail_module();
  return functions;
}

void raise(const mail_module::Failure& failure) {
  if (failure.status != 0) throw Error(static_cast<ExitStatus>(failure.status), failure.message);
}

}  // namespace

ComposedMessage compose_mime(const MailMessage& message) {
  check_mailbox(message.from, "sender");
  if (message.to.empty()) throw DataError("the message has no recipient: add one with --to");
  for (const auto& recipient : message.to) check_mailbox(recipient, "recipient");
  check_header_value(message.subject, "subject");
  check_header_value(message.message_id_domain, "Message-ID domain");

  ComposedMessage composed;
  raise(mail_functions().compose(message, composed));
  return composed;
}

MailMessage new_message(const EmailConfig& email) {
  MailMessage message;
  message.from = {email.from_name,
                  email.from_address.empty() ? "mentor@localhost" : email.from_address};
  const auto at = message.from.address.rfind('@');
  message.message_id_domain = message.from.address.substr(at + 1);
  message.date = std::chrono::system_clock::now();
  return message;
}

void send_smtp(const SmtpSettings& settings, const std::string& sender,
               const std::vector<std::string>& recipients, const std::string& mime) {
  raise(mail_functions().send_smtp(settings, sender, recipients, mime));
}

SendmailResult send_with_sendmail(const std::string& program, const std::string& sender,
                                  const std::vector<std::string>& recipients,
                                  const std::string& mime, int timeout_seconds) {
  std::array<int, 2> input{};
  std::array<int, 2> errors{};
  if (pipe(input.data()) != 0 || pipe(errors.data()) != 0) {
    throw Error(ExitStatus::io_error, fmt::format("cannot start {}: {}", program, std::strerror(errno)));
  }
  Fd input_read(input[0]);
  Fd input_write(input[1]);
  Fd errors_read(errors[0]);
  Fd errors_write(errors[1]);

  std::vector<std::string> arguments = {program, "-i", "-f", sender, "--"};
  arguments.insert(arguments.end(), recipients.begin(), recipients.end());
  std::vector<char*> argv;
  for (auto& argument : arguments) argv.push_back(argument.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, input_read.get(), STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, errors_write.get(), STDERR_FILENO);
  posix_spawn_file_actions_addclose(&actions, input_write.get());
  posix_spawn_file_actions_addclose(&actions, errors_read.get());
  pid_t child = 0;
  const int spawned = spawn_in_own_group(argv.data(), &actions, false, child);
  posix_spawn_file_actions_destroy(&actions);
  input_read.reset();
  errors_write.reset();
  if (spawned != 0) {
    throw Error(ExitStatus::unavailable,
                fmt::format("cannot run the sendmail program '{}': {}; set email.sendmail to its "
                            "full path",
                            program, std::strerror(spawned)));
  }

  // A program that exits before reading all input must not kill mentor with SIGPIPE.
  const auto deadline = SteadyClock::now() + std::chrono::seconds(timeout_seconds);
  const auto previous = std::signal(SIGPIPE, SIG_IGN);
  write_until(input_write.get(), mime, deadline);
  input_write.reset();
  std::signal(SIGPIPE, previous);
  // Enough for sendmail's reason, however much a broken program writes.
  const std::string stderr_text = read_until(errors_read.get(), deadline, 1024);
  const ChildOutcome outcome = wait_until(child, deadline);
  if (outcome.timed_out) {
    throw Error(ExitStatus::unavailable,
                fmt::format("{} did not finish within {} s and was stopped; check the mail "
                            "program, or raise email.timeout_seconds",
                            program, timeout_seconds));
  }
  const int status = outcome.status;
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return SendmailResult::sent;
  if (WIFEXITED(status) && WEXITSTATUS(status) == 75) return SendmailResult::deferred;
  const std::string how = WIFEXITED(status) ? fmt::format("exited with status {}", WEXITSTATUS(status))
                                            : fmt::format("was killed by signal {}", WTERMSIG(status));
  throw Error(ExitStatus::unavailable,
              fmt::format("{} {}{}{}", program, how, stderr_text.empty() ? "" : ": ", stderr_text));
}

namespace {

// Runs `command` without a shell and returns the first line it prints, the password.
// Throws ConfigError when it cannot run or exits with a failure.
std::string run_password_command(const std::vector<std::string>& command, int timeout_seconds) {
  std::array<int, 2> output{};
  if (pipe(output.data()) != 0) {
    throw Error(ExitStatus::io_error, fmt::format("cannot start {}: {}", command.front(),
                                                  std::strerror(errno)));
  }
  Fd output_read(output[0]);
  Fd output_write(output[1]);
  std::vector<std::string> arguments = command;
  std::vector<char*> argv;
  for (auto& argument : arguments) argv.push_back(argument.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, output_write.get(), STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, output_read.get());
  pid_t child = 0;
  const int spawned = spawn_in_own_group(argv.data(), &actions, true, child);
  posix_spawn_file_actions_destroy(&actions);
  output_write.reset();
  if (spawned != 0) {
    throw ConfigError(fmt::format("cannot run email.smtp_password_command '{}': {}",
                                  command.front(), std::strerror(spawned)));
  }
  const auto deadline = SteadyClock::now() + std::chrono::seconds(timeout_seconds);
  std::string password = read_until(output_read.get(), deadline, 4096);
  const ChildOutcome outcome = wait_until(child, deadline);
  if (outcome.timed_out) {
    throw ConfigError(fmt::format("email.smtp_password_command '{}' did not finish within {} s "
                                  "and was stopped; check that it prints the password without "
                                  "asking",
                                  command.front(), timeout_seconds));
  }
  const int status = outcome.status;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw ConfigError(fmt::format("email.smtp_password_command '{}' failed (status {}): check "
                                  "that it prints the password",
                                  command.front(), WIFEXITED(status) ? WEXITSTATUS(status) : -1));
  }
  password = password.substr(0, password.find('\n'));
  return password;
}

}  // namespace

SendmailResult deliver(const EmailConfig& email, const std::vector<std::string>& recipients,
                       const std::string& mime, GetEnv get_env) {
  if (email.from_address.empty()) {
    throw ConfigError("email.from_address is not set: add it under [email] in the config file");
  }
  if (email.transport == "sendmail") {
    return send_with_sendmail(email.sendmail, email.from_address, recipients, mime,
                              email.timeout_seconds);
  }
  if (email.smtp_url.empty()) {
    throw ConfigError("email.smtp_url is not set: add it under [email], e.g. "
                      "\"smtp://mail.example.com:587\"");
  }
  SmtpSettings settings;
  settings.url = email.smtp_url;
  settings.user = email.smtp_user;
  settings.require_tls = email.require_tls;
  settings.timeout_seconds = email.timeout_seconds;
  if (!email.smtp_user.empty() && !email.smtp_password_command.empty()) {
    settings.password = run_password_command(email.smtp_password_command, email.timeout_seconds);
  } else if (!email.smtp_user.empty()) {
    const auto password = get_env(email.smtp_password_env.c_str());
    if (!password) {
      throw ConfigError(fmt::format("the SMTP password is missing: set the environment variable {}",
                                    email.smtp_password_env));
    }
    settings.password = *password;
  }
  send_smtp(settings, email.from_address, recipients, mime);
  return SendmailResult::sent;
}

}  // namespace mentor
