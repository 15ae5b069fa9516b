#pragma once
// The lesson panel's knobs that are not profile knobs: they change what the programs do
// (SO_REUSEADDR, SO_LINGER {1, 0}) or the network (latency). Each edits a copy of the Scenario.
#include <string>

#include "scenario/backend.h"
#include "scenario/scenario.h"

namespace tcplab::gui {

// Every socket the host creates (socket(), accept()) gets setsockopt(SO_REUSEADDR, on) right
// after, or none when `on` is false.
void set_reuse_addr(Scenario& scenario, const std::string& host, bool on);
bool has_reuse_addr(const Scenario& scenario, const std::string& host);

// Every socket the host creates gets SO_LINGER {1, 0} (close() aborts with RST), or no SO_LINGER.
void set_linger_zero(Scenario& scenario, const std::string& host, bool on);
bool has_linger_zero(const Scenario& scenario, const std::string& host);

void set_latency(Scenario& scenario, Duration one_way);

// The value profile knob `knob` has in the run the panel would start: the panel's own edit, else
// the lesson's [knobs], else its profile's default ("1" for tcp_tw_reuse in the tw-reuse lesson,
// "60s" for Linux's TIME-WAIT). Empty when the knob does not exist.
std::string knob_value(const Scenario& scenario, const RunOptions& options, const std::string& knob);

}  // namespace tcplab::gui
