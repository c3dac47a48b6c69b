// MailComposer: a RenderedMail -> a complete RFC 5322 message, plain, PGP/MIME signed, or signed and encrypted.
#pragma once

#include <cstdint>
#include <random>
#include <string>

#include "common/result.h"
#include "notify/mail/pgp_context.h"
#include "notify/rendered_mail.h"

namespace vigil::notify {

/// The envelope of one message.
struct Envelope {
  std::string from_name;   // "CERT-XX"
  std::string from_email;  // "cert@cert.example"
  std::string to;          // the contact's address
  std::string ticket;      // goes into the Message-ID
  std::string domain;      // the Message-ID's right-hand side
  int64_t date_ms = 0;
};

/// Builds messages that survive any mail path unchanged: CRLF only, 7-bit (quoted-printable text,
/// base64 attachments), lines within 998 octets, header values stripped of CR/LF and RFC 2047-encoded when
/// not ASCII. The body entity is the text alone, or multipart/mixed with the attachments.
///  - pgp == nullptr: that entity is the message body.
///  - signed (RFC 3156 5): multipart/signed, micalg from the signature actually made; the entity is signed
///    byte for byte as sent.
///  - encrypt_to set: multipart/encrypted around one OpenPGP message that is signed and encrypted (the
///    RFC 3156 6.2 combined form, gpgme_op_encrypt_sign).
/// Outer headers (From, To, Subject, Date, Message-ID, and the mail's own: Auto-Submitted, X-ARF) stay in
/// the clear, which is why renderers keep addresses out of AMBER/RED subjects. Boundaries are random and
/// checked against the content. One composer per thread (it owns a random generator).
class MailComposer {
 public:
  explicit MailComposer(uint64_t seed = std::random_device{}()) : random_(seed) {}

  common::Result<std::string> compose(const RenderedMail& mail, const Envelope& envelope, PgpContext* pgp,
                                      const std::string& encrypt_to = {});

 private:
  std::string boundary(std::string_view content);
  std::string bodyEntity(const RenderedMail& mail);

  std::mt19937_64 random_;
};

}  // namespace vigil::notify
