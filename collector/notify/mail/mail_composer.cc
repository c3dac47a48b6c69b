// MailComposer: MIME entities and the PGP/MIME wrappers around them.
#include "notify/mail/mail_composer.h"

#include <cstdio>

#include "notify/mail/mime_text.h"

namespace vigil::notify {
namespace {

// A quoted MIME parameter value: no quotes, backslashes or line breaks survive.
std::string param(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c != '"' && c != '\\' && c != '\r' && c != '\n') out += c;
  }
  return out;
}

}  // namespace

std::string MailComposer::boundary(std::string_view content) {
  for (;;) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "=_vigil_%016llx", static_cast<unsigned long long>(random_()));
    if (content.find(buf) == std::string_view::npos) return buf;
  }
}

std::string MailComposer::bodyEntity(const RenderedMail& mail) {
  const std::string text =
      "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n"
      "\r\n" +
      quotedPrintable(mail.text);
  if (mail.attachments.empty()) return text;
  std::string parts;
  std::vector<std::string> encoded;
  for (const MailAttachment& a : mail.attachments) {
    const std::string name = param(a.filename);
    encoded.push_back("Content-Type: " + param(a.content_type) + "; charset=utf-8; name=\"" + name +
                      "\"\r\nContent-Disposition: attachment; filename=\"" + name +
                      "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + base64Lines(a.content));
  }
  std::string all = text;
  for (const std::string& e : encoded)
    all += e;
  const std::string b = boundary(all);
  std::string out = "Content-Type: multipart/mixed; boundary=\"" + b + "\"\r\n\r\n";
  out += "--" + b + "\r\n" + text;
  for (const std::string& e : encoded)
    out += "--" + b + "\r\n" + e;
  out += "--" + b + "--\r\n";
  return out;
}

common::Result<std::string> MailComposer::compose(const RenderedMail& mail, const Envelope& envelope, PgpContext* pgp,
                                                  const std::string& encrypt_to) {
  char id[32];
  std::snprintf(id, sizeof id, "%016llx", static_cast<unsigned long long>(random_()));
  std::string head = "From: " + headerValue(envelope.from_name) + " <" + headerValue(envelope.from_email) + ">\r\n" +
                     "To: <" + headerValue(envelope.to) + ">\r\n" + "Subject: " + headerValue(mail.subject) + "\r\n" +
                     "Date: " + rfc5322Date(envelope.date_ms) + "\r\n" + "Message-ID: <" +
                     headerValue(envelope.ticket) + "." + id + "@" + headerValue(envelope.domain) + ">\r\n" +
                     "MIME-Version: 1.0\r\n";
  for (const auto& [name, value] : mail.headers)
    head += headerValue(name) + ": " + headerValue(value) + "\r\n";

  const std::string entity = bodyEntity(mail);
  if (pgp == nullptr) return head + entity;

  if (!encrypt_to.empty()) {
    auto sealed = pgp->encryptSign(entity, encrypt_to);
    if (!sealed) return common::fail(sealed.error());
    const std::string armored = toCrlf(*sealed);
    const std::string b = boundary(armored);
    return head + "Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\"; boundary=\"" + b +
           "\"\r\n\r\nThis is an OpenPGP/MIME encrypted message (RFC 3156).\r\n--" + b +
           "\r\nContent-Type: application/pgp-encrypted\r\nContent-Description: PGP/MIME version identification\r\n"
           "\r\nVersion: 1\r\n\r\n--" +
           b +
           "\r\nContent-Type: application/octet-stream; name=\"encrypted.asc\"\r\nContent-Description: OpenPGP "
           "encrypted message\r\nContent-Disposition: inline; filename=\"encrypted.asc\"\r\n\r\n" +
           armored + "\r\n--" + b + "--\r\n";
  }
  auto signature = pgp->detachedSign(entity);
  if (!signature) return common::fail(signature.error());
  const std::string armored = toCrlf(signature->armored);
  const std::string b = boundary(entity + armored);
  // The entity is followed by CRLF + boundary: that CRLF belongs to the boundary (RFC 2046 5.1.1), so the
  // signed bytes are exactly `entity`.
  return head + "Content-Type: multipart/signed; micalg=" + signature->micalg +
         "; protocol=\"application/pgp-signature\"; boundary=\"" + b +
         "\"\r\n\r\nThis is an OpenPGP/MIME signed message (RFC 3156).\r\n--" + b + "\r\n" + entity + "\r\n--" + b +
         "\r\nContent-Type: application/pgp-signature; name=\"signature.asc\"\r\nContent-Description: OpenPGP "
         "digital signature\r\nContent-Disposition: attachment; filename=\"signature.asc\"\r\n\r\n" +
         armored + "\r\n--" + b + "--\r\n";
}

}  // namespace vigil::notify
