#pragma once
// Capture on lo with libpcap (immediate mode, one copy per packet: lo shows every packet twice),
// parsed into IPv4/TCP segments with CLOCK_MONOTONIC timestamps.
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "real/run_record.h"

struct pcap;

namespace tcplab::real {

// Parses one captured frame (link type `dlt`) into a segment; nullopt for anything but IPv4/TCP.
std::optional<Segment> parse_tcp_frame(int dlt, const unsigned char* data, std::size_t size);

class LoopbackCapture {
 public:
  LoopbackCapture() = default;
  ~LoopbackCapture();
  LoopbackCapture(const LoopbackCapture&) = delete;
  LoopbackCapture& operator=(const LoopbackCapture&) = delete;

  // Opens lo and starts reading on a thread. Returns "" or why the capture cannot run.
  // `origin_ns` is the monotonic instant that becomes time zero.
  std::string start(std::int64_t origin_ns);
  // Stops reading after draining what the kernel already holds; returns the packets in order.
  std::vector<CapturedPacket> stop();
  // Packets seen so far (copy), for whoever needs to look during the run.
  std::vector<CapturedPacket> snapshot() const;

 private:
  void loop();

  pcap* handle_ = nullptr;
  int dlt_ = 0;
  std::int64_t origin_ns_ = 0;
  std::int64_t wall_offset_ns_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
  mutable std::mutex mutex_;
  std::vector<CapturedPacket> packets_;
};

}  // namespace tcplab::real
