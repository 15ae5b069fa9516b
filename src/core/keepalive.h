#pragma once
// TCP keep-alive (RFC 1122 §4.2.3.6; Linux tcp_keepalive_timer): a connection with SO_KEEPALIVE
// that has heard nothing from its peer for the idle time sends a probe, a bare ACK one below
// SND.UNA that the peer must answer; unanswered probes repeat at the interval, and after the
// last one Linux resets the connection (tcp_send_active_reset) and reports ETIMEDOUT. While data
// is in flight or waiting, the retransmission and persist timers watch the peer instead.
#include "core/profile.h"
#include "core/socket_options.h"
#include "core/time.h"

namespace tcplab {

// The idle time, interval and probe count in force: the socket's TCP_KEEPIDLE, TCP_KEEPINTVL,
// TCP_KEEPCNT, else the sysctls (keepalive_time_when, keepalive_intvl_when, keepalive_probes).
struct KeepaliveTimes {
  Duration idle{0};
  Duration interval{0};
  int probes = 0;
};
KeepaliveTimes keepalive_times(const SocketOptions& options, const Profile& profile);

// What tcp_keepalive_timer does when it fires.
enum class KeepaliveStep {
  Wait,    // not idle long enough, or busy: fire again after `next`
  Probe,   // send a probe, then fire again after the interval (`next`)
  GiveUp,  // RST and ETIMEDOUT
};
struct KeepaliveDecision {
  KeepaliveStep step = KeepaliveStep::Wait;
  Duration next{0};
};

// `busy`: data in flight or waiting to be sent ("alive without keepalive"); `idle_for`: since
// the peer was last heard (keepalive_time_elapsed); `probes_out`: probes unanswered so far. With
// a user timeout, it and not the probe count decides when to give up (once a probe went out).
KeepaliveDecision keepalive_decide(bool busy, Duration idle_for, int probes_out,
                                   const KeepaliveTimes& times, Duration user_timeout);

}  // namespace tcplab
