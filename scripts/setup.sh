#!/usr/bin/env bash
# Installs the Debian packages tcplab builds and tests with, and only those that are missing.
#   scripts/setup.sh            everything (GUI, kernel backend, tests, tools)
#   scripts/setup.sh --no-gui   the model, lessons and command line only
#   scripts/setup.sh --web      also the web build and its browser tests (scripts/web.sh)
set -euo pipefail

want_gui=1
want_web=0
for arg in "$@"; do
  case "$arg" in
    --no-gui) want_gui=0 ;;
    --web) want_web=1 ;;
    -h|--help) sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "setup.sh: unknown option '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

packages=(
  build-essential cmake ninja-build pkg-config git ccache
  libgtest-dev libgmock-dev libbenchmark-dev
  libtomlplusplus-dev libcli11-dev libfmt-dev nlohmann-json3-dev libabsl-dev
  gettext
  libpango1.0-dev libcairo2-dev poppler-utils fonts-noto-cjk
  libpcap-dev libmnl-dev libnftables-dev libnftnl-dev libnetfilter-queue-dev
  iproute2 nftables tshark stress-ng
  clang libclang-rt-14-dev
)
if [[ $want_gui == 1 ]]; then
  packages+=(libimgui-dev libstb-dev libglfw3-dev python3-glad libpng-dev xvfb xauth libgl1-mesa-dri fonts-noto-cjk
            libgtk-3-dev  # the file dialogs (GtkFileChooserNative; the desktop's portal where there is one)
            xdotool x11-apps  # the live-window test: keys in, the screen out (xwd)
            librsvg2-bin)  # rsvg-convert: an exported slide's SVG drawn, to look at
fi

if [[ $want_web == 1 ]]; then
  # Emscripten; fonttools cuts the Chinese font; dpkg-dev unpacks imgui's and abseil's Debian
  # source packages; flex and bison make libpcap's filter grammar when it is built for the page;
  # headless Chromium and npm (puppeteer-core) for the browser tests.
  packages+=(emscripten python3-fonttools fonts-noto-cjk dpkg-dev flex bison chromium)
  # Node.js and npm from Debian, unless a Node.js with its own npm is installed already (the
  # NodeSource build bundles npm, and Debian's npm package conflicts with it).
  command -v node >/dev/null || packages+=(nodejs)
  command -v npm >/dev/null || packages+=(npm)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [[ ${#missing[@]} == 0 ]]; then
  echo "setup.sh: all ${#packages[@]} packages already installed"
  exit 0
fi

sudo_cmd=()
if [[ $(id -u) != 0 ]]; then
  command -v sudo >/dev/null || { echo "setup.sh: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo_cmd=(sudo)
fi

echo "setup.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# tshark asks whether non-root users may capture; the answer does not matter for tcplab.
echo "wireshark-common wireshark-common/install-setuid boolean false" | "${sudo_cmd[@]}" debconf-set-selections 2>/dev/null || true
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
