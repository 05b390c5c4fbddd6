#include "mentor/mail.hpp"

#include <curl/curl.h>
#include <gmime/gmime.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <csignal>
#include <cstring>
#include <memory>
#include <mutex>

#include <fmt/format.h>

#include "file_descriptor.hpp"
#include "mentor/errors.hpp"
#include "mentor/people.hpp"

extern char** environ;  // NOLINT(readability-redundant-declaration): POSIX declares it nowhere

namespace mentor {

namespace {

struct GObjectUnref {
  void operator()(void* object) const { g_object_unref(object); }
};
template <typename T>
using GPtr = std::unique_ptr<T, GObjectUnref>;

struct GFree {
  void operator()(void* memory) const { g_free(memory); }
};

void init_gmime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

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

GMimeTextPart* text_part(const char* subtype, const std::string& body) {
  GMimeTextPart* part = g_mime_text_part_new_with_subtype(subtype);
  // set_text stores the text in the smallest charset that can encode it (Latin-1 for many
  // European names) and labels the part with that charset, so no label is set here.
  g_mime_text_part_set_text(part, body.c_str());
  // Quoted-printable keeps every encoded line within 76 characters, however long a
  // line of the report or a note is, and leaves ASCII text readable.
  g_mime_part_set_content_encoding(GMIME_PART(part), GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
  return part;
}

}  // namespace

ComposedMessage compose_mime(const MailMessage& message) {
  check_mailbox(message.from, "sender");
  if (message.to.empty()) throw DataError("the message has no recipient: add one with --to");
  for (const auto& recipient : message.to) check_mailbox(recipient, "recipient");
  check_header_value(message.subject, "subject");
  check_header_value(message.message_id_domain, "Message-ID domain");

  init_gmime();
  GPtr<GMimeMessage> mime(g_mime_message_new(TRUE));
  g_mime_message_add_mailbox(mime.get(), GMIME_ADDRESS_TYPE_FROM, message.from.name.c_str(),
                             message.from.address.c_str());
  for (const auto& recipient : message.to) {
    g_mime_message_add_mailbox(mime.get(), GMIME_ADDRESS_TYPE_TO, recipient.name.c_str(),
                               recipient.address.c_str());
  }
  g_mime_message_set_subject(mime.get(), message.subject.c_str(), "utf-8");

  const auto seconds =
      std::chrono::duration_cast<std::chrono::seconds>(message.date.time_since_epoch()).count();
  GDateTime* date = g_date_time_new_from_unix_utc(seconds);
  g_mime_message_set_date(mime.get(), date);
  g_date_time_unref(date);

  std::unique_ptr<char, GFree> id(g_mime_utils_generate_message_id(message.message_id_domain.c_str()));
  g_mime_message_set_message_id(mime.get(), id.get());

  GPtr<GMimeTextPart> text(text_part("plain", message.text));
  if (message.html.empty()) {
    g_mime_message_set_mime_part(mime.get(), GMIME_OBJECT(text.get()));
  } else {
    GPtr<GMimeMultipart> alternative(g_mime_multipart_new_with_subtype("alternative"));
    GPtr<GMimeTextPart> html(text_part("html", message.html));
    g_mime_multipart_add(alternative.get(), GMIME_OBJECT(text.get()));
    g_mime_multipart_add(alternative.get(), GMIME_OBJECT(html.get()));
    g_mime_message_set_mime_part(mime.get(), GMIME_OBJECT(alternative.get()));
  }

  GMimeFormatOptions* options = g_mime_format_options_clone(nullptr);
  g_mime_format_options_set_newline_format(options, GMIME_NEWLINE_FORMAT_DOS);
  std::unique_ptr<char, GFree> rendered(g_mime_object_to_string(GMIME_OBJECT(mime.get()), options));
  g_mime_format_options_free(options);
  return {rendered.get(), fmt::format("<{}>", id.get())};
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

namespace {

struct Upload {
  const std::string& data;
  std::size_t offset = 0;
};

extern "C" std::size_t read_upload(char* buffer, std::size_t size, std::size_t count,
                                   void* user) {
  auto* upload = static_cast<Upload*>(user);
  const std::size_t length = std::min(size * count, upload->data.size() - upload->offset);
  std::memcpy(buffer, upload->data.data() + upload->offset, length);
  upload->offset += length;
  return length;
}

// Keeps the server's first error reply (4xx or 5xx), which names the reason for a
// rejection; the replies after it, such as "221 Bye", do not.
extern "C" int record_reply(CURL* /*handle*/, curl_infotype type, char* data, std::size_t size,
                            void* user) {
  auto* reply = static_cast<std::string*>(user);
  if (type != CURLINFO_HEADER_IN || size == 0 || !reply->empty()) return 0;
  if (data[0] != '4' && data[0] != '5') return 0;
  reply->assign(data, size);
  while (!reply->empty() && (reply->back() == '\n' || reply->back() == '\r')) reply->pop_back();
  return 0;
}

struct CurlCleanup {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct SlistFree {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

}  // namespace

void send_smtp(const SmtpSettings& settings, const std::string& sender,
               const std::vector<std::string>& recipients, const std::string& mime) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });

  std::unique_ptr<CURL, CurlCleanup> curl(curl_easy_init());
  if (!curl) throw Error(ExitStatus::software, "cannot start libcurl");
  std::unique_ptr<curl_slist, SlistFree> to;
  for (const auto& recipient : recipients) {
    to.reset(curl_slist_append(to.release(), fmt::format("<{}>", recipient).c_str()));
  }
  const std::string from = fmt::format("<{}>", sender);
  Upload upload{mime};
  std::string reply;
  std::array<char, CURL_ERROR_SIZE> error{};

  CURL* handle = curl.get();
  curl_easy_setopt(handle, CURLOPT_URL, settings.url.c_str());
  curl_easy_setopt(handle, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(handle, CURLOPT_MAIL_RCPT, to.get());
  curl_easy_setopt(handle, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(handle, CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(handle, CURLOPT_READDATA, &upload);
  curl_easy_setopt(handle, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(mime.size()));
  curl_easy_setopt(handle, CURLOPT_TIMEOUT, settings.timeout_seconds);
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error.data());
  curl_easy_setopt(handle, CURLOPT_VERBOSE, 1L);
  curl_easy_setopt(handle, CURLOPT_DEBUGFUNCTION, record_reply);
  curl_easy_setopt(handle, CURLOPT_DEBUGDATA, &reply);
  curl_easy_setopt(handle, CURLOPT_USE_SSL,
                   settings.require_tls ? static_cast<long>(CURLUSESSL_ALL)
                                        : static_cast<long>(CURLUSESSL_NONE));
  if (!settings.user.empty()) {
    curl_easy_setopt(handle, CURLOPT_USERNAME, settings.user.c_str());
    curl_easy_setopt(handle, CURLOPT_PASSWORD, settings.password.c_str());
  }

  const CURLcode result = curl_easy_perform(handle);
  if (result != CURLE_OK) {
    std::string detail = reply.empty() ? std::string(error.data()) : reply;
    if (detail.empty()) detail = curl_easy_strerror(result);
    // libcurl ends some messages with a full stop, which would run into the "; ".
    while (!detail.empty() && (detail.back() == '.' || detail.back() == ' ')) detail.pop_back();
    throw Error(ExitStatus::unavailable,
                fmt::format("sending mail through {} failed: {}; check the [email] settings",
                            settings.url, detail));
  }
}

namespace {

void write_all(int fd, const std::string& data) {
  std::size_t offset = 0;
  while (offset < data.size()) {
    const ssize_t written = write(fd, data.data() + offset, data.size() - offset);
    if (written < 0) {
      if (errno == EINTR) continue;
      return;  // the program closed its input early; its exit status gives the reason
    }
    offset += static_cast<std::size_t>(written);
  }
}

std::string read_all(int fd) {
  std::string out;
  std::array<char, 4096> buffer{};
  while (true) {
    const ssize_t got = read(fd, buffer.data(), buffer.size());
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    out.append(buffer.data(), static_cast<std::size_t>(got));
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

}  // namespace

SendmailResult send_with_sendmail(const std::string& program, const std::string& sender,
                                  const std::vector<std::string>& recipients,
                                  const std::string& mime) {
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
  const int spawned = posix_spawn(&child, program.c_str(), &actions, nullptr, argv.data(), environ);
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
  const auto previous = std::signal(SIGPIPE, SIG_IGN);
  write_all(input_write.get(), mime);
  input_write.reset();
  std::signal(SIGPIPE, previous);
  const std::string stderr_text = read_all(errors_read.get());

  int status = 0;
  while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
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
std::string run_password_command(const std::vector<std::string>& command) {
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
  const int spawned =
      posix_spawnp(&child, arguments.front().c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  output_write.reset();
  if (spawned != 0) {
    throw ConfigError(fmt::format("cannot run email.smtp_password_command '{}': {}",
                                  command.front(), std::strerror(spawned)));
  }
  std::string password = read_all(output_read.get());
  int status = 0;
  while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
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
    return send_with_sendmail(email.sendmail, email.from_address, recipients, mime);
  }
  if (email.smtp_url.empty()) {
    throw ConfigError("email.smtp_url is not set: add it under [email], e.g. "
                      "\"smtp://mail.example.com:587\"");
  }
  SmtpSettings settings;
  settings.url = email.smtp_url;
  settings.user = email.smtp_user;
  settings.require_tls = email.require_tls;
  if (!email.smtp_user.empty() && !email.smtp_password_command.empty()) {
    settings.password = run_password_command(email.smtp_password_command);
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
