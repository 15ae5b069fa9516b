#include "kernel_baseline.h"

#include <cerrno>
#include <cstring>
#include <fstream>

#include <arpa/inet.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace tcplab::bench {

namespace {
bool write_file(const char* path, const std::string& text) {
  std::ofstream f(path);
  f << text;
  return static_cast<bool>(f.flush());
}
std::string errno_text(const char* what) { return std::string(what) + ": " + std::strerror(errno); }
}  // namespace

std::optional<std::string> enter_private_network() {
  if (unshare(CLONE_NEWNET) != 0) {
    const uid_t uid = getuid();
    const gid_t gid = getgid();
    if (unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0)
      return errno_text("unshare(CLONE_NEWUSER|CLONE_NEWNET)");
    write_file("/proc/self/setgroups", "deny");
    if (!write_file("/proc/self/uid_map", "0 " + std::to_string(uid) + " 1") ||
        !write_file("/proc/self/gid_map", "0 " + std::to_string(gid) + " 1")) {
      return "could not write uid_map/gid_map";
    }
  }
  const int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) return errno_text("socket");
  ifreq ifr{};
  std::strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
  if (ioctl(fd, SIOCGIFFLAGS, &ifr) != 0) return errno_text("SIOCGIFFLAGS lo");
  ifr.ifr_flags = static_cast<short>(ifr.ifr_flags | IFF_UP);
  if (ioctl(fd, SIOCSIFFLAGS, &ifr) != 0) return errno_text("SIOCSIFFLAGS lo up");
  close(fd);
  return std::nullopt;
}

bool kernel_cycles(int cycles, std::string& error) {
  sockaddr_in server{};
  server.sin_family = AF_INET;
  server.sin_port = htons(5555);
  server.sin_addr.s_addr = htonl(0x7f000002);
  const int listener = socket(AF_INET, SOCK_STREAM, 0);
  const int one = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(listener, reinterpret_cast<sockaddr*>(&server), sizeof server) != 0 ||
      listen(listener, 128) != 0) {
    error = errno_text("bind/listen 127.0.0.2:5555");
    close(listener);
    return false;
  }
  for (int i = 0; i < cycles; ++i) {
    const int client = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(client, reinterpret_cast<sockaddr*>(&server), sizeof server) != 0) {
      error = errno_text("connect") + " after " + std::to_string(i) + " cycles";
      close(client);
      close(listener);
      return false;
    }
    const int conn = accept(listener, nullptr, nullptr);
    close(client);  // the client closes first: its side goes to TIME-WAIT
    char byte;
    (void)!recv(conn, &byte, 1, 0);  // end of stream
    close(conn);
  }
  close(listener);
  return true;
}

}  // namespace tcplab::bench
