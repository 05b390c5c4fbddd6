// Composing an email as a MIME message (with GMime) and sending it over SMTP (with
// libcurl) or through the local sendmail program.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "mentor/config.hpp"
#include "mentor/paths.hpp"

namespace mentor {

struct Mailbox {
  std::string name;     // display name, any Unicode; may be empty
  std::string address;  // addr-spec, e.g. lead@example.com
};

struct MailMessage {
  Mailbox from;
  std::vector<Mailbox> to;
  std::string subject;
  std::string text;  // the plain-text part, UTF-8
  std::string html;  // the HTML part, UTF-8; empty sends text only
  std::chrono::system_clock::time_point date;
  std::string message_id_domain;  // the part after @ in the Message-ID
};

// A message from the configured sender (email.from_name and from_address, or
// mentor@localhost while the address is unset), dated now, whose Message-ID uses the
// sender's domain. The caller adds the recipients, subject and body.
MailMessage new_message(const EmailConfig& email);

struct ComposedMessage {
  std::string mime;        // RFC 5322 text with CRLF line ends
  std::string message_id;  // the Message-ID header's value, e.g. <X.Y@example.com>
};

// Returns the message in RFC 5322 form with CRLF line ends: a multipart/alternative
// body (text, then HTML) in quoted-printable UTF-8, non-ASCII display names and
// subject as RFC 2047 encoded words, an English-format Date and a fresh Message-ID.
// Throws DataError naming the value when a header value (name, address, subject)
// contains a line break or other control character, or an address has no '@'.
ComposedMessage compose_mime(const MailMessage& message);

struct SmtpSettings {
  std::string url;  // smtp://host:port (STARTTLS required) or smtps://host:port (TLS)
  std::string user;  // empty: no authentication
  std::string password;
  bool require_tls = true;  // false only for a plain server on the loopback address
  long timeout_seconds = 60;
};

// Sends `mime` from `sender` to `recipients` over SMTP. Throws Error with
// ExitStatus::unavailable and the server's reply when the server rejects the
// message or cannot be reached.
void send_smtp(const SmtpSettings& settings, const std::string& sender,
               const std::vector<std::string>& recipients, const std::string& mime);

enum class SendmailResult { sent, deferred };

// Runs `program -i -f sender -- recipients...` without a shell and writes `mime` to
// its standard input. Returns deferred when it exits with EX_TEMPFAIL (75), the
// status sendmail exits with when it queued the message for a later try. Throws Error
// with its exit status and standard error for any other failure, and with
// ExitStatus::unavailable when it has not finished after `timeout_seconds`, after
// killing it.
SendmailResult send_with_sendmail(const std::string& program, const std::string& sender,
                                  const std::vector<std::string>& recipients,
                                  const std::string& mime, int timeout_seconds);

// Sends `mime` by the configured transport. Takes the SMTP password from the
// environment variable that email.smtp_password_env names. Throws Error with
// ExitStatus::config when the settings are incomplete.
SendmailResult deliver(const EmailConfig& email, const std::vector<std::string>& recipients,
                       const std::string& mime, GetEnv get_env = process_env);

}  // namespace mentor
