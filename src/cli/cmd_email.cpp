// mentor email test: check the [email] settings by sending a short message.
#include <iostream>

#include <fmt/format.h>

#include "cli_common.hpp"
#include "mentor/errors.hpp"
#include "mentor/mail.hpp"

namespace mentor::cli {

void register_email(CLI::App& app, Context& context) {
  struct Options {
    std::vector<std::string> to;
    bool dry_run = false;
  };
  auto options = std::make_shared<Options>();
  auto* group = app.add_subcommand("email", "Check the mail settings");
  group->require_subcommand(1);
  auto* command = group->add_subcommand(
      "test", "Send a short test message with the [email] settings of the config file");
  command->add_option("--to", options->to, "Recipient address; repeat for several")->required();
  command->add_flag("--dry-run,-n", options->dry_run,
                    "Print the MIME message on stdout instead of sending it");
  command->callback([&context, options]() {
    const EmailConfig& email = context.config().email;
    MailMessage message = new_message(email);
    for (const auto& address : options->to) message.to.push_back({"", address});
    message.subject = "mentor: test message";
    message.text = fmt::format("This message checks mentor's mail settings ({}).\r\n",
                               email.transport);
    message.html = fmt::format("<p>This message checks mentor's mail settings ({}).</p>",
                               email.transport);
    const std::string mime = compose_mime(message).mime;
    if (options->dry_run) {
      std::cout << mime;
      return;
    }
    if (deliver(email, options->to, mime) == SendmailResult::deferred) {
      throw Error(ExitStatus::temp_fail,
                  "the mail system deferred the test message; it will try again later");
    }
  });
}

}  // namespace mentor::cli
