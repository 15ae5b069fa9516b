#pragma once
// Which Linux the kernel backend ran on: the release uname -r prints, kept in every kernel run's
// trace (its header's "kernel_release") so that a saved run, or a recording, says where it came from.
#include <string>

namespace tcplab::real {

// uname(2)'s release ("6.1.0-18-amd64"); "" if uname fails.
std::string kernel_release();

}  // namespace tcplab::real
