#pragma once
// The tokens of a packetdrill script, as google/packetdrill's lexer.l cuts them: numbers (a time
// is a float or an integer, "0x" starts a hex number), words, strings, `shell` commands,
// %{ python }% blocks, --option lines, the ellipsis and single punctuation. Comments (// and
// /* */) and whitespace separate tokens; newlines mean nothing, as in packetdrill.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "packetdrill/script_error.h"

namespace tcplab::packetdrill {

enum class TokenKind {
  Integer,     // 1460, 0x10 (value in `integer`)
  Float,       // .1, 0.100 (only digits after a dot make a float: "0..." is 0 then "...")
  Word,        // SOCK_STREAM, ack, mss, S, F
  String,      // "..." (text without the quotes, escapes resolved)
  BackQuoted,  // `sysctl -q net.ipv4.tcp_rfc1337=1` (text between the back quotes)
  Code,        // %{ ... }% (text between the braces)
  Option,      // --tolerance_usecs=10000 (the whole line after "--")
  Ellipsis,    // ...
  Punct,       // one of + - * ~ ( ) [ ] { } < > , = : | . / !
  End,
};

struct Token {
  TokenKind kind = TokenKind::End;
  std::string text;  // as written (String: the resolved text; Punct: the character)
  std::int64_t integer = 0;
  ScriptPlace where;
};

// A `// comment`: its text (trimmed) and line; scripts narrate themselves with them.
struct Comment {
  std::string text;
  int line = 0;
};

// Cuts the whole script into tokens (and collects its line comments into `comments`, if given);
// throws ScriptError at the first character it cannot read (an unterminated string, comment or
// command, or a character packetdrill does not use).
std::vector<Token> tokenize(std::string_view text, const std::string& file,
                            std::vector<Comment>* comments = nullptr);

// "an integer", "'ack'", "'('", "the end of the script": a token as an error message names it.
std::string describe(const Token& token);

}  // namespace tcplab::packetdrill
