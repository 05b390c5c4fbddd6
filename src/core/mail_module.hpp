// The boundary between mentor and its mail module, mentor-mail.so.
//
// Composing MIME (GMime) and talking SMTP (libcurl) need about forty shared libraries,
// which would cost every command several milliseconds to load at start-up. They live in
// a module that mentor loads with dlopen only when it composes or sends a message.
// mentor and the module are built together from this header, so C++ types cross the
// boundary. Exceptions do not cross it: each call catches its own and returns a Failure.
#pragma once

#include <string>
#include <vector>

#include "mentor/mail.hpp"

namespace mentor::mail_module {

// Raised whenever the functions below change, so that a module left over from another
// build is refused rather than called with the wrong layout.
inline constexpr int interface_version = 1;

// The name of the function the module exports, which returns its Functions.
inline constexpr const char* entry_point = "mentor_mail_module";

// The outcome of a call: status 0 for success, otherwise an ExitStatus and its message.
struct Failure {
  int status = 0;
  std::string message;
};

struct Functions {
  int interface_version;
  // Renders a message whose header values mentor has already checked.
  Failure (*compose)(const MailMessage& message, ComposedMessage& composed);
  Failure (*send_smtp)(const SmtpSettings& settings, const std::string& sender,
                       const std::vector<std::string>& recipients, const std::string& mime);
};

using EntryPoint = const Functions* (*)();

}  // namespace mentor::mail_module
