// mentor-mail.so: composes MIME messages with GMime and sends them over SMTP with
// libcurl. mentor loads it only to send mail (see src/core/mail_module.hpp), so the
// libraries behind these two are not loaded by the other commands.
#include <curl/curl.h>
#include <gmime/gmime.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <exception>
#include <memory>
#include <mutex>

#include <fmt/format.h>

#include "../core/mail_module.hpp"
#include "mentor/errors.hpp"

namespace mentor::mail_module {
namespace {

struct GObjectUnref {
  void operator()(void* object) const { g_object_unref(object); }
};
template <typename T>
using GPtr = std::unique_ptr<T, GObjectUnref>;

struct GFree {
  void operator()(void* memory) const { g_free(memory); }
};

GMimeTextPart* text_part(const char* subtype, const std::string& body) {
  GMimeTextPart* part = g_mime_text_part_new_with_subtype(subtype);
  // The text stays UTF-8, the charset that the HTML part's <meta charset> declares.
  // set_text would pick Latin-1 for many European names and contradict it.
  GMimeStream* stream = g_mime_stream_mem_new_with_buffer(body.data(), body.size());
  GMimeDataWrapper* content = g_mime_data_wrapper_new_with_stream(stream, GMIME_CONTENT_ENCODING_DEFAULT);
  g_mime_part_set_content(GMIME_PART(part), content);
  g_object_unref(content);
  g_object_unref(stream);
  g_mime_text_part_set_charset(part, "utf-8");
  // Quoted-printable keeps every encoded line within 76 characters, however long a
  // line of the report or a note is, and leaves ASCII text readable.
  g_mime_part_set_content_encoding(GMIME_PART(part), GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
  return part;
}

ComposedMessage render(const MailMessage& message) {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });

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

Failure send(const SmtpSettings& settings, const std::string& sender,
             const std::vector<std::string>& recipients, const std::string& mime) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });

  std::unique_ptr<CURL, CurlCleanup> curl(curl_easy_init());
  if (!curl) return {static_cast<int>(ExitStatus::software), "cannot start libcurl"};
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
  // Only the mail protocols, whatever scheme the URL names.
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
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
  if (result == CURLE_OK) return {};
  std::string detail = reply.empty() ? std::string(error.data()) : reply;
  if (detail.empty()) detail = curl_easy_strerror(result);
  // libcurl ends some messages with a full stop, which would run into the "; ".
  while (!detail.empty() && (detail.back() == '.' || detail.back() == ' ')) detail.pop_back();
  std::string advice = "check the [email] settings";
  if (result == CURLE_USE_SSL_FAILED) {
    advice = "the server offers no STARTTLS: use its smtps:// address, or set "
             "email.require_tls = false for a server on this machine only";
  } else if (result == CURLE_COULDNT_CONNECT || result == CURLE_COULDNT_RESOLVE_HOST ||
             result == CURLE_OPERATION_TIMEDOUT) {
    advice = "check that the server is running and email.smtp_url names it";
  }
  return {static_cast<int>(ExitStatus::unavailable),
          fmt::format("sending mail through {} failed: {}; {}", settings.url, detail, advice)};
}

// Runs `work`, turning any exception into a Failure, so that none crosses into mentor.
template <typename Work>
Failure guarded(Work&& work) {
  try {
    return work();
  } catch (const std::exception& error) {
    return {static_cast<int>(ExitStatus::software), error.what()};
  }
}

Failure compose(const MailMessage& message, ComposedMessage& composed) {
  return guarded([&] {
    composed = render(message);
    return Failure{};
  });
}

Failure send_smtp(const SmtpSettings& settings, const std::string& sender,
                  const std::vector<std::string>& recipients, const std::string& mime) {
  return guarded([&] { return send(settings, sender, recipients, mime); });
}

constexpr Functions k_functions{interface_version, compose, send_smtp};

}  // namespace
}  // namespace mentor::mail_module

extern "C" __attribute__((visibility("default"))) const mentor::mail_module::Functions*
mentor_mail_module() {
  return &mentor::mail_module::k_functions;
}
