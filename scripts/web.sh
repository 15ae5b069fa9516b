#!/usr/bin/env bash
# tcplab in the browser: sets up, builds, and serves the page.
#   scripts/web.sh            set up, build, and serve build/web/site at http://127.0.0.1:8000
#   scripts/web.sh --build    set up and build only (the static folder: build/web/site)
#   scripts/web.sh --port N   serve on another port
# Setting up installs Emscripten and the font tools (Debian packages) and fetches the Debian source
# packages of Dear ImGui, Abseil and libpcap (the same versions as libimgui-dev, libabsl-dev and
# libpcap-dev) into
# ~/.cache/tcplab/src, their checksums verified; no third-party source enters the repository.
# The folder build/web/site is all a web server needs; it works offline.
set -euo pipefail
cd "$(dirname "$0")/.."

serve=1
port=8000
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build) serve=0 ;;
    --port) port="$2"; shift ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "web.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done

cache="${XDG_CACHE_HOME:-$HOME/.cache}/tcplab/src"
# Emscripten runs its JavaScript tools with the node first on PATH; Debian's JS modules must be
# found from a node installed elsewhere too.
export NODE_PATH=/usr/share/nodejs

sudo_cmd=()
[[ $(id -u) != 0 ]] && sudo_cmd=(sudo)

bash scripts/setup.sh --web

# The source package `name` at `version`, unpacked under $cache (once). apt-get checks the files
# against the signed Sources index; the .dsc's SHA-256 sums are checked again here, and by
# dpkg-source when it unpacks.
fetch_source() {
  local name="$1" version="$2" dir="$3"
  [[ -d "$cache/$dir" ]] && return 0
  mkdir -p "$cache"
  if ! apt-get source --print-uris "$name=$version" >/dev/null 2>&1; then
    echo "web.sh: adding a deb-src entry for Debian's source packages"
    "${sudo_cmd[@]}" tee /etc/apt/sources.list.d/tcplab-deb-src.sources >/dev/null <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    "${sudo_cmd[@]}" apt-get update -qq
  fi
  (cd "$cache" && apt-get source --download-only -qq "$name=$version")
  local dsc
  dsc=$(ls "$cache"/"${name}"_*.dsc | head -n1)
  (cd "$cache" && awk '/^Checksums-Sha256:/{on=1; next} /^[^ ]/{on=0} on && NF==3 {print $1"  "$3}' "$dsc" |
    sha256sum --check --quiet) || { echo "web.sh: checksum mismatch in $dsc" >&2; exit 1; }
  (cd "$cache" && dpkg-source -x "$(basename "$dsc")" "$dir" >/dev/null)
  echo "web.sh: $name $version unpacked in $cache/$dir (checksums verified)"
}
imgui_version=$(dpkg-query -W -f='${source:Version}' libimgui-dev 2>/dev/null || echo "1.86+ds-1")
absl_version=$(dpkg-query -W -f='${source:Version}' libabsl-dev 2>/dev/null || echo "20220623.1-1+deb12u2")
fetch_source imgui "$imgui_version" "imgui-${imgui_version%-*}"
fetch_source abseil "$absl_version" "abseil-${absl_version%-*}"
pcap_version=$(dpkg-query -W -f='${source:Version}' libpcap-dev 2>/dev/null || echo "1.10.3-1")
fetch_source libpcap "$pcap_version" "libpcap-${pcap_version%-*}"

export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}"
cmake --preset web \
  -DTCPLAB_IMGUI_SOURCE_DIR="$cache/imgui-${imgui_version%-*}" \
  -DTCPLAB_ABSL_SOURCE_DIR="$cache/abseil-${absl_version%-*}" \
  -DTCPLAB_PCAP_SOURCE_DIR="$cache/libpcap-${pcap_version%-*}" >/dev/null
cmake --build --preset web -j "$(nproc 2>/dev/null || echo 2)"
site=build/web/site
echo "web.sh: built $site ($(du -sh "$site" | cut -f1))"
[[ $serve == 1 ]] || exit 0

echo "web.sh: serving $site at http://127.0.0.1:$port (Ctrl-C stops)"
# A static server that gives .wasm its MIME type (browsers compile it while it downloads).
exec /usr/bin/python3 - "$site" "$port" <<'PY'
import functools, http.server, sys
handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])
handler.func.extensions_map[".wasm"] = "application/wasm"
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[2])), handler).serve_forever()
PY
