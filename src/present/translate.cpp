#include "present/translate.h"

namespace tcplab::present {

// Identity until the catalogs arrive (a separate issue); the signature is what they will use.
std::string_view tr(std::string_view msgid) { return msgid; }

}  // namespace tcplab::present
