#pragma once
// What the tests that start the real GUI under Xvfb share: whether Xvfb exists, the command line
// that runs something under an X server of its own (tests/gui/with_xvfb.sh), whether
// a run that failed did so because this machine has no OpenGL 3.3 context under Xvfb (then the
// test skips, printing what the GUI said, rather than failing on the machine's account), reading
// back what it wrote, and the classroom's smallest readable size.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace tcplab::gui {

// Presentation mode's texts are at least this tall (the classroom issue: read from the back row).
inline constexpr float kPresentationMinFontPx = 18;

// A file the GUI wrote (its log, a layout report), whole; "" when it cannot be read.
inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline bool have_xvfb() { return std::system("command -v Xvfb >/dev/null 2>&1") == 0; }

// The start of a shell command line that runs the rest under a fresh X server with one screen
// `screen` ("1920x1080x24"), `options` passed to Xvfb ("-br": a black root). Unlike xvfb-run -a,
// tests started together never share or lose a display: Xvfb picks a free one itself.
inline std::string under_xvfb(const std::string& screen, const std::string& options = "") {
  return std::string(TCPLAB_SOURCE_DIR) + "/tests/gui/with_xvfb.sh " + screen + " " +
         (options.empty() ? "" : options + " ") + "-- ";
}

// `status` and `printed`: std::system()'s result for the GUI's run and what it wrote.
inline bool failed_for_want_of_opengl(int status, const std::string& printed) {
  return status != 0 && (printed.find("cannot create an OpenGL") != std::string::npos ||
                         printed.find("cannot open a window") != std::string::npos);
}

}  // namespace tcplab::gui
