#include "core/state_cause.h"

#include <array>
#include <utility>

namespace tcplab {

namespace {
using C = StateCause;
// One row per cause: the trace files' name for it. Keys never change once written.
constexpr auto kCauseKeys = std::to_array<std::pair<StateCause, std::string_view>>({
    {C::Unspecified, "unspecified"},
    {C::ConnectSendsSyn, "connect_snd_syn"},
    {C::ListenCalled, "listen"},
    {C::ListenerClosed, "listener_closed"},
    {C::ListenerShutdown, "listener_shutdown"},
    {C::CloseSendsFin, "close_snd_fin"},
    {C::ShutdownSendsFin, "shutdown_snd_fin"},
    {C::CloseInSynSent, "close_in_syn_sent"},
    {C::ShutdownInSynSent, "shutdown_in_syn_sent"},
    {C::CloseWithLingerZero, "close_linger_zero"},
    {C::CloseWithUnreadData, "close_unread_data"},
    {C::ListenerClosedBeforeAccept, "listener_closed_before_accept"},
    {C::RcvSynSendsSynAck, "rcv_syn_snd_syn_ack"},
    {C::RcvSynAckSendsAck, "rcv_syn_ack_snd_ack"},
    {C::RcvSynSimultaneousOpen, "rcv_syn_simultaneous_open"},
    {C::RcvSynAckSimultaneousOpen, "rcv_syn_ack_simultaneous_open"},
    {C::RcvAckOfSyn, "rcv_ack_of_syn"},
    {C::RcvAckOfFin, "rcv_ack_of_fin"},
    {C::RcvFin, "rcv_fin"},
    {C::RcvFinSendsAck, "rcv_fin_snd_ack"},
    {C::RcvFinAckingOurFin, "rcv_fin_acking_our_fin"},
    {C::RcvRstConnectionRefused, "rcv_rst_refused"},
    {C::RcvRstInSynReceived, "rcv_rst_in_syn_received"},
    {C::RcvRst, "rcv_rst"},
    {C::RcvRstConnectionReset, "rcv_rst_reset"},
    {C::RcvSynInWindow, "rcv_syn_in_window"},
    {C::RcvDataAfterClose, "rcv_data_after_close"},
    {C::RcvDataAfterReadShutdown, "rcv_data_after_read_shutdown"},
    {C::SentFin, "snd_fin"},
    {C::SentFinBeforePeersFin, "snd_fin_before_peers"},
    {C::SentFinAfterPeersFin, "snd_fin_after_peers"},
    {C::SentRst, "snd_rst"},
    {C::NewSynEndsFourTuple, "new_syn_ends_four_tuple"},
    {C::NewConnectionReplacesIt, "new_connection_replaces_it"},
    {C::AssumedEstablished, "assumed_established"},
    {C::FinWait2Timeout, "fin_wait_2_timeout"},
    {C::RetransmissionLimit, "retransmission_limit"},
    {C::ZeroWindowProbeLimit, "zero_window_probe_limit"},
    {C::UserTimeout, "user_timeout"},
    {C::KeepaliveTimeout, "keepalive_timeout"},
    {C::TimeWaitExpired, "time_wait_expired"},
    {C::TimeWaitReusedByConnect, "time_wait_reused_by_connect"},
    {C::TimeWaitAssassinated, "time_wait_assassinated"},
    {C::TimeWaitNewIncarnation, "time_wait_new_incarnation"},
});

constexpr auto kSourceKeys = std::to_array<std::pair<StateSource, std::string_view>>({
    {StateSource::Model, "model"},
    {StateSource::SockDiag, "sock_diag"},
    {StateSource::SockDiagShortLived, "sock_diag_short_lived"},
    {StateSource::NeverSeenBySockDiag, "never_seen_by_sock_diag"},
    {StateSource::Capture, "capture"},
    {StateSource::CallResult, "call_result"},
});

constexpr auto kUncertaintyKeys = std::to_array<std::pair<Uncertainty, std::string_view>>({
    {Uncertainty::None, "none"},
    {Uncertainty::CaptureStartedAfterSyn, "capture_started_after_syn"},
    {Uncertainty::CaptureStartedMidConnection, "capture_started_mid_connection"},
    {Uncertainty::SegmentsMissing, "segments_missing"},
});

template <typename E, std::size_t N>
std::string_view key_of(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [e, key] : table)
    if (e == value) return key;
  return table[0].second;  // unreachable: every enumerator has a row (state_cause_test)
}

template <typename E, std::size_t N>
std::optional<E> value_of(const std::array<std::pair<E, std::string_view>, N>& table,
                          std::string_view key) {
  for (const auto& [e, k] : table)
    if (k == key) return e;
  return std::nullopt;
}
}  // namespace

std::string_view state_cause_key(StateCause cause) { return key_of(kCauseKeys, cause); }
std::optional<StateCause> parse_state_cause_key(std::string_view key) {
  return value_of(kCauseKeys, key);
}
std::string_view state_source_key(StateSource source) { return key_of(kSourceKeys, source); }
std::optional<StateSource> parse_state_source_key(std::string_view key) {
  return value_of(kSourceKeys, key);
}
std::string_view uncertainty_key(Uncertainty uncertainty) {
  return key_of(kUncertaintyKeys, uncertainty);
}
std::optional<Uncertainty> parse_uncertainty_key(std::string_view key) {
  return value_of(kUncertaintyKeys, key);
}

}  // namespace tcplab
