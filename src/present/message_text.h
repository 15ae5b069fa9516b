#pragma once
// A Message (core/message.h) in the reader's language: its pattern through the catalog, then its
// arguments filled in.
#include <string>

#include "core/message.h"

namespace tcplab::present {

std::string message_text(const Message& message);

}  // namespace tcplab::present
