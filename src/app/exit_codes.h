#pragma once
// The exit codes of tcplab and tcplab-gui, one table for every command (the README lists them).
namespace tcplab {

inline constexpr int kExitOk = 0;
inline constexpr int kExitCheckFailed = 1;  // a check failed; compare: the backends differ
inline constexpr int kExitBadInput = 2;     // bad usage, lesson or script, or not runnable here
// compare: the kernel could not run the lesson, or its programs were too late to judge.
inline constexpr int kExitNotCompared = 3;
inline constexpr int kExitInterrupted = 130;  // 128 + SIGINT, as a shell reports Ctrl-C

}  // namespace tcplab
