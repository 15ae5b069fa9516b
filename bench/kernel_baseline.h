#pragma once
// The real kernel's connect/accept/close rate on loopback, as the baseline the model is measured
// against. Runs in a private network namespace when it can (TIME-WAIT piles up there, not on the
// host).
#include <optional>
#include <string>

namespace tcplab::bench {

// Enters a fresh network namespace with `lo` up; returns an error sentence when it cannot.
std::optional<std::string> enter_private_network();
// `cycles` connect/accept/close cycles, the client closing first. Returns false on failure.
bool kernel_cycles(int cycles, std::string& error);

}  // namespace tcplab::bench
