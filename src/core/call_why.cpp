#include "core/call_why.h"

#include <utility>

namespace tcplab {

namespace {
constexpr std::pair<CallWhy, std::string_view> kNames[] = {
    {CallWhy::None, "none"},
    {CallWhy::AlreadyBound, "already-bound"},
    {CallWhy::NotAnAddressOfThisHost, "not-an-address-of-this-host"},
    {CallWhy::NoFreeEphemeralPort, "no-free-ephemeral-port"},
    {CallWhy::PortHeld, "port-held"},
    {CallWhy::SocketConnected, "socket-connected"},
    {CallWhy::SocketListening, "socket-listening"},
    {CallWhy::FourTupleInUse, "four-tuple-in-use"},
    {CallWhy::FourTupleInTimeWait, "four-tuple-in-time-wait"},
    {CallWhy::NoFreeLocalPort, "no-free-local-port"},
    {CallWhy::NoConnectInProgress, "no-connect-in-progress"},
    {CallWhy::NotListening, "not-listening"},
    {CallWhy::SendingSideShutDown, "sending-side-shut-down"},
    {CallWhy::LingerZeroAbort, "linger-zero-abort"},
    {CallWhy::UnreadDataReset, "unread-data-reset"},
    {CallWhy::PortSharedByReuse, "port-shared-by-reuse"},
};

constexpr std::pair<BindConflict::Holder, std::string_view> kHolders[] = {
    {BindConflict::Holder::Listener, "listener"},
    {BindConflict::Holder::Connection, "connection"},
    {BindConflict::Holder::TimeWait, "time-wait"},
};
constexpr std::pair<BindConflict::Rule, std::string_view> kRules[] = {
    {BindConflict::Rule::ListenerNeverShares, "listener-never-shares"},
    {BindConflict::Rule::ThisSocketHasNoReuse, "this-socket-has-no-reuse"},
    {BindConflict::Rule::ThatSocketHasNoReuse, "that-socket-has-no-reuse"},
};

template <typename E, std::size_t N>
std::string_view name_of(const std::pair<E, std::string_view> (&table)[N], E value) {
  for (const auto& [code, name] : table) {
    if (code == value) return name;
  }
  return table[0].second;
}

template <typename E, std::size_t N>
std::optional<E> parse_name(const std::pair<E, std::string_view> (&table)[N],
                            std::string_view text) {
  for (const auto& [code, name] : table) {
    if (name == text) return code;
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(CallWhy why) { return name_of(kNames, why); }
std::optional<CallWhy> parse_call_why(std::string_view name) { return parse_name(kNames, name); }
std::string_view to_string(BindConflict::Holder holder) { return name_of(kHolders, holder); }
std::optional<BindConflict::Holder> parse_conflict_holder(std::string_view name) {
  return parse_name(kHolders, name);
}
std::string_view to_string(BindConflict::Rule rule) { return name_of(kRules, rule); }
std::optional<BindConflict::Rule> parse_conflict_rule(std::string_view name) {
  return parse_name(kRules, name);
}

}  // namespace tcplab
