#include "present/call_label.h"

#include "present/quoted.h"
#include "present/translate.h"

namespace tcplab::present {

std::string call_result_text(const CallEvent& call) {
  std::string text = std::to_string(call.result);
  if (call.error != Errno::None) {
    text += " " + std::string(errno_name(call.error)) + " (" +
            std::string(tr(errno_message(call.error))) + ")";
  }
  return text;
}

std::string call_text(const CallEvent& call, const CallNames& names) {
  // The socket (CallEvent::fd, never in args) reads better as the lesson's variable name.
  std::string args = call.args;
  if (!names.socket.empty()) args = names.socket + (args.empty() ? "" : ", " + args);
  return call.call + "(" + args + ")";
}

std::string call_label(const CallEvent& call, const CallNames& names) {
  std::string text = call_text(call, names) + " = " + call_result_text(call);
  if (call.error == Errno::None && !names.result.empty()) text += " → " + names.result;
  if (!call.data.empty()) text += " " + quoted(call.data);
  return text;
}

std::string short_call_result(const CallEvent& call) {
  std::string out = std::to_string(call.result);
  if (call.error != Errno::None) out += " " + std::string(errno_name(call.error));
  return out;
}

std::string short_call_label(const CallEvent& call) {
  return call.call + "() = " + short_call_result(call);
}

}  // namespace tcplab::present
