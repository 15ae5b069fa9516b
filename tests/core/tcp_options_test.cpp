// The options codec: Linux's wire layout byte for byte (bytes captured from Linux 6.18 over
// loopback, docs/linux-facts.md), tcpdump's notation, and clear errors for malformed lists.
#include "core/tcp_options.h"

#include <gtest/gtest.h>

namespace tcplab {
namespace {

std::vector<std::uint8_t> hex(std::string_view text) {
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; i + 1 < text.size(); i += 2) {
    out.push_back(
        static_cast<std::uint8_t>(std::stoul(std::string(text.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

TcpOptions linux_syn() {
  TcpOptions o;
  o.mss = 65495;
  o.sack_permitted = true;
  o.timestamps = TcpTimestamps{0x91b70daa, 0};
  o.window_scale = 10;
  return o;
}

TEST(TcpOptions, SynIsLaidOutAsLinuxWritesIt) {
  // Linux 6.18's SYN over loopback, its 20 option bytes as captured.
  EXPECT_EQ(encode_tcp_options(linux_syn()), hex("0204ffd70402080a91b70daa000000000103030a"));
  EXPECT_EQ(tcpdump_options(linux_syn()), "mss 65495,sackOK,TS val 2444692906 ecr 0,nop,wscale 10");
  EXPECT_EQ(tcp_options_key(linux_syn()), "mss 65495,sackOK,TS ecr 0,nop,wscale 10");
  EXPECT_EQ(tcp_options_length(linux_syn()), 20u);
}

TEST(TcpOptions, LaterSegmentsCarryTwoNopsAndTheTimestamps) {
  TcpOptions o;
  o.timestamps = TcpTimestamps{0x91b70daa, 0x7c593d74};
  EXPECT_EQ(encode_tcp_options(o), hex("0101080a91b70daa7c593d74"));
  EXPECT_EQ(tcpdump_options(o), "nop,nop,TS val 2444692906 ecr 2086223220");
  EXPECT_EQ(tcp_options_key(o), "nop,nop,TS");
}

TEST(TcpOptions, SackBlocksFollowTheTimestampsAfterTwoNops) {
  TcpOptions o;
  o.timestamps = TcpTimestamps{0x91b70e49, 0x7c593de3};
  o.sack.push_back({SeqNum(0x66ab7a16), SeqNum(0x66ac00b6)});
  const auto bytes = hex("0101080a91b70e497c593de30101050a66ab7a1666ac00b6");
  EXPECT_EQ(encode_tcp_options(o), bytes);
  auto decoded = decode_tcp_options(bytes);
  ASSERT_TRUE(std::holds_alternative<TcpOptions>(decoded));
  EXPECT_EQ(std::get<TcpOptions>(decoded), o);
  EXPECT_EQ(tcp_options_key(o), "nop,nop,TS,nop,nop,sack 1");  // how many blocks, not where
}

TEST(TcpOptions, WithoutTimestampsSackPermittedTakesTwoNops) {
  // tcp_timestamps = 0: MSS, NOP, NOP, SACK-permitted, NOP, window scale (12 bytes).
  TcpOptions o = linux_syn();
  o.timestamps.reset();
  o.window_scale = 7;
  EXPECT_EQ(encode_tcp_options(o), hex("0204ffd70101040201030307"));
  EXPECT_EQ(tcpdump_options(o), "mss 65495,nop,nop,sackOK,nop,wscale 7");
}

TEST(TcpOptions, WithoutSackTheTimestampsTakeTwoNops) {
  TcpOptions o = linux_syn();
  o.sack_permitted = false;
  EXPECT_EQ(tcpdump_options(o), "mss 65495,nop,nop,TS val 2444692906 ecr 0,nop,wscale 10");
  EXPECT_EQ(tcp_options_length(o), 20u);
}

TEST(TcpOptions, MssAloneIsFourBytes) {
  TcpOptions o;
  o.mss = 1460;
  EXPECT_EQ(encode_tcp_options(o), hex("020405b4"));
  EXPECT_EQ(tcpdump_options(o), "mss 1460");
  EXPECT_TRUE(TcpOptions{}.empty());
  EXPECT_TRUE(encode_tcp_options(TcpOptions{}).empty());
}

TEST(TcpOptions, DecodeReadsWhatEncodeWrites) {
  auto decoded = decode_tcp_options(encode_tcp_options(linux_syn()));
  ASSERT_TRUE(std::holds_alternative<TcpOptions>(decoded));
  EXPECT_EQ(std::get<TcpOptions>(decoded), linux_syn());
}

TEST(TcpOptions, DecodeSkipsUnknownKindsAndStopsAtEnd) {
  // TCP Fast Open cookie request (kind 34, length 2), then MSS, then End and garbage.
  auto decoded = decode_tcp_options(hex("2202020405b400ff"));
  ASSERT_TRUE(std::holds_alternative<TcpOptions>(decoded));
  EXPECT_EQ(std::get<TcpOptions>(decoded).mss, std::optional<std::uint16_t>(1460));
}

TEST(TcpOptions, MalformedListsAreErrorsNamingTheByte) {
  auto error = [](std::string_view bytes) {
    auto d = decode_tcp_options(hex(bytes));
    return std::holds_alternative<std::string>(d) ? std::get<std::string>(d) : "(decoded)";
  };
  EXPECT_EQ(error("0101080a0000"),
            "option kind 8 has length 10, beyond the header's 6 option bytes at option byte 2");
  EXPECT_EQ(error("020305b4"), "option kind 2 has length 3, not 4 at option byte 0");
  EXPECT_EQ(error("0101010102"), "option kind 2 without a length at option byte 4");
  EXPECT_EQ(error("0500"),
            "option kind 5 has length 0, beyond the header's 2 option bytes at option byte 0");
  EXPECT_EQ(error("05050000000000000000"), "SACK option length 5 is not 2 + 8n at option byte 0");
}

TEST(TcpOptions, TheTimestampClockTicksEveryMillisecondAndWraps) {
  using namespace std::chrono_literals;
  EXPECT_EQ(tsval_at(kTimeZero, 100), 100u);
  EXPECT_EQ(tsval_at(kTimeZero + 999us, 100), 100u);
  EXPECT_EQ(tsval_at(kTimeZero + 1ms, 100), 101u);
  EXPECT_EQ(tsval_at(kTimeZero + 5ms, 0xfffffffeu), 3u);
}

}  // namespace
}  // namespace tcplab
