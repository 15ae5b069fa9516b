#include "packetdrill/script_lexer.h"

#include <limits>

namespace tcplab::packetdrill {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_word_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_word_char(char c) { return is_word_start(c) || is_digit(c); }

// Reads the text one character at a time, keeping line and column (1-based, in bytes).
class Cursor {
 public:
  Cursor(std::string_view text, const std::string& file) : text_(text), file_(file) {}

  bool done() const { return pos_ >= text_.size(); }
  char peek(std::size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }
  bool starts(std::string_view s) const { return text_.substr(pos_).starts_with(s); }
  char take() {
    const char c = text_[pos_++];
    if (c == '\n') {
      ++line_;
      column_ = 1;
    } else {
      ++column_;
    }
    return c;
  }
  ScriptPlace here() const { return {file_, line_, column_}; }

 private:
  std::string_view text_;
  const std::string& file_;
  std::size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
};

// Skips blanks and comments; throws on a comment left open.
void skip_space(Cursor& in, std::vector<Comment>* comments) {
  while (!in.done()) {
    const char c = in.peek();
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      in.take();
    } else if (in.starts("//")) {
      Comment comment;
      comment.line = in.here().line;
      in.take();
      in.take();
      while (!in.done() && in.peek() != '\n') comment.text += in.take();
      const auto first = comment.text.find_first_not_of(" \t");
      const auto last = comment.text.find_last_not_of(" \t\r");
      comment.text = first == std::string::npos ? "" : comment.text.substr(first, last - first + 1);
      if (comments && !comment.text.empty()) comments->push_back(std::move(comment));
    } else if (in.starts("/*")) {
      const ScriptPlace start = in.here();
      in.take();
      in.take();
      while (!in.starts("*/")) {
        if (in.done()) throw ScriptError(start, "comment opened here is never closed ('*/')");
        in.take();
      }
      in.take();
      in.take();
    } else {
      return;
    }
  }
}

Token number(Cursor& in) {
  Token t;
  t.where = in.here();
  if (in.peek() == '0' && (in.peek(1) == 'x' || in.peek(1) == 'X') && is_hex(in.peek(2))) {
    t.text += in.take();
    t.text += in.take();
    std::uint64_t value = 0;
    while (is_hex(in.peek())) {
      const char c = in.take();
      t.text += c;
      const std::uint64_t digit = is_digit(c) ? static_cast<std::uint64_t>(c - '0')
                                  : (c >= 'a' && c <= 'f')
                                      ? static_cast<std::uint64_t>(c - 'a' + 10)
                                      : static_cast<std::uint64_t>(c - 'A' + 10);
      if (value > (static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) >> 4))
        throw ScriptError(t.where, "number " + t.text + "... is too large");
      value = value * 16 + digit;
    }
    t.kind = TokenKind::Integer;
    t.integer = static_cast<std::int64_t>(value);
    return t;
  }
  while (is_digit(in.peek())) t.text += in.take();
  // A dot makes a float only when a digit follows: "0...0.1" is 0, "...", 0.1.
  if (in.peek() == '.' && is_digit(in.peek(1))) {
    t.text += in.take();
    while (is_digit(in.peek())) t.text += in.take();
    t.kind = TokenKind::Float;
    return t;
  }
  t.kind = TokenKind::Integer;
  std::int64_t value = 0;
  for (const char c : t.text) {
    if (value > (std::numeric_limits<std::int64_t>::max() - 9) / 10)
      throw ScriptError(t.where, "number " + t.text + " is too large");
    value = value * 10 + (c - '0');
  }
  t.integer = value;
  return t;
}

Token string_literal(Cursor& in) {
  Token t;
  t.kind = TokenKind::String;
  t.where = in.here();
  in.take();  // the opening quote
  while (true) {
    if (in.done() || in.peek() == '\n')
      throw ScriptError(t.where, "string opened here is not closed on its line ('\"')");
    const char c = in.take();
    if (c == '"') return t;
    if (c == '\\') {
      if (in.done()) throw ScriptError(t.where, "string opened here is never closed ('\"')");
      const char e = in.take();
      t.text += e == 'n' ? '\n' : e == 't' ? '\t' : e == '0' ? '\0' : e;
    } else {
      t.text += c;
    }
  }
}

// Text up to `close`, which may span lines (a `command` or a %{ code }% block).
Token enclosed(Cursor& in, TokenKind kind, std::string_view open, std::string_view close) {
  Token t;
  t.kind = kind;
  t.where = in.here();
  for (std::size_t i = 0; i < open.size(); ++i) in.take();
  while (!in.starts(close)) {
    if (in.done()) {
      throw ScriptError(t.where, std::string(kind == TokenKind::Code ? "code block" : "command") +
                                     " opened here is never closed ('" + std::string(close) + "')");
    }
    t.text += in.take();
  }
  for (std::size_t i = 0; i < close.size(); ++i) in.take();
  return t;
}

}  // namespace

std::vector<Token> tokenize(std::string_view text, const std::string& file,
                            std::vector<Comment>* comments) {
  std::vector<Token> tokens;
  Cursor in(text, file);
  while (true) {
    skip_space(in, comments);
    if (in.done()) break;
    const char c = in.peek();
    if (is_digit(c) || (c == '.' && is_digit(in.peek(1)))) {
      tokens.push_back(number(in));
    } else if (is_word_start(c)) {
      Token t;
      t.kind = TokenKind::Word;
      t.where = in.here();
      while (is_word_char(in.peek())) t.text += in.take();
      tokens.push_back(std::move(t));
    } else if (c == '"') {
      tokens.push_back(string_literal(in));
    } else if (c == '`') {
      tokens.push_back(enclosed(in, TokenKind::BackQuoted, "`", "`"));
    } else if (in.starts("%{")) {
      tokens.push_back(enclosed(in, TokenKind::Code, "%{", "}%"));
    } else if (in.starts("--") && is_word_start(in.peek(2))) {
      // A command-line option written in the script: the rest of the line.
      Token t;
      t.kind = TokenKind::Option;
      t.where = in.here();
      in.take();
      in.take();
      while (!in.done() && in.peek() != '\n' && !in.starts("//")) t.text += in.take();
      while (!t.text.empty() &&
             (t.text.back() == ' ' || t.text.back() == '\t' || t.text.back() == '\r'))
        t.text.pop_back();
      tokens.push_back(std::move(t));
    } else if (in.starts("...")) {
      Token t;
      t.kind = TokenKind::Ellipsis;
      t.where = in.here();
      t.text = "...";
      in.take();
      in.take();
      in.take();
      tokens.push_back(std::move(t));
    } else if (std::string_view("+-*~()[]{}<>,=:|./!").find(c) != std::string_view::npos) {
      Token t;
      t.kind = TokenKind::Punct;
      t.where = in.here();
      t.text = std::string(1, in.take());
      tokens.push_back(std::move(t));
    } else {
      const unsigned byte = static_cast<unsigned char>(c);
      std::string shown = byte >= 0x20 && byte < 0x7f ? "'" + std::string(1, c) + "'"
                                                      : "byte " + std::to_string(byte);
      throw ScriptError(in.here(), "unexpected character " + shown);
    }
  }
  Token end;
  end.kind = TokenKind::End;
  end.where = in.here();
  tokens.push_back(std::move(end));
  return tokens;
}

std::string describe(const Token& token) {
  switch (token.kind) {
    case TokenKind::Integer:
      return "the number " + token.text;
    case TokenKind::Float:
      return "the number " + token.text;
    case TokenKind::Word:
      return "'" + token.text + "'";
    case TokenKind::String:
      return "a string";
    case TokenKind::BackQuoted:
      return "a `command`";
    case TokenKind::Code:
      return "a %{ code }% block";
    case TokenKind::Option:
      return "the option --" + token.text;
    case TokenKind::Ellipsis:
      return "'...'";
    case TokenKind::Punct:
      return "'" + token.text + "'";
    case TokenKind::End:
      return "the end of the script";
  }
  return "?";
}

}  // namespace tcplab::packetdrill
