// Writes a seed corpus for the fuzz targets: the sample lessons as pcap (each link type) and as
// JSON lines. Usage: fuzz_seeds DIR  (creates DIR/pcap and DIR/jsonl)
#include <filesystem>
#include <fstream>
#include <iostream>

#include <pcap/pcap.h>

#include "../sample_traces.h"
#include "export/jsonl.h"
#include "export/pcap_writer.h"
#include "export/tcp_packet.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: fuzz_seeds DIR\n";
    return 2;
  }
  namespace fs = std::filesystem;
  const fs::path dir = argv[1];
  fs::create_directories(dir / "pcap");
  fs::create_directories(dir / "jsonl");
  using namespace tcplab;
  const std::pair<const char*, Trace> traces[] = {
      {"close", samples::four_way_close()},
      {"lost-ack", samples::lost_last_ack()},
      {"rst", samples::rst_close()},
      {"refused", samples::refused()},
  };
  for (const auto& [name, trace] : traces) {
    PcapExportOptions options;
    write_pcap(trace, (dir / "pcap" / (std::string(name) + "-eth.pcap")).string(), options);
    options.link = PcapLink::RawIpv4;
    options.keep_dropped = true;
    write_pcap(trace, (dir / "pcap" / (std::string(name) + "-raw.pcap")).string(), options);
    std::ofstream((dir / "jsonl" / (std::string(name) + ".jsonl")).string()) << to_jsonl(trace);
  }
  // One SYN in each of the other link types the reader knows.
  Segment syn;
  syn.src = samples::kClient;
  syn.dst = samples::kServer;
  syn.flags = TcpFlag::Syn;
  const auto ip = encode_ipv4_tcp(syn, {});
  const std::pair<int, std::vector<std::uint8_t>> links[] = {
      {DLT_LINUX_SLL, {0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0}},
      {DLT_LINUX_SLL2, {8, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0}},
      {DLT_NULL, {2, 0, 0, 0}},
      {DLT_LOOP, {0, 0, 0, 2}},
  };
  for (const auto& [dlt, header] : links) {
    pcap_t* dead = pcap_open_dead(dlt, 65535);
    const std::string path =
        (dir / "pcap" / ("syn-" + std::string(pcap_datalink_val_to_name(dlt)) + ".pcap")).string();
    pcap_dumper_t* dumper = pcap_dump_open(dead, path.c_str());
    std::vector<std::uint8_t> frame = header;
    frame.insert(frame.end(), ip.begin(), ip.end());
    pcap_pkthdr h{};
    h.caplen = h.len = static_cast<bpf_u_int32>(frame.size());
    pcap_dump(reinterpret_cast<u_char*>(dumper), &h, frame.data());  // NOLINT
    pcap_dump_close(dumper);
    pcap_close(dead);
  }
  return 0;
}
