# tcplab_warnings: the warning set every tcplab target compiles with (clean under -Werror in CI).
add_library(tcplab_warnings INTERFACE)
target_compile_options(tcplab_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
  -Wold-style-cast -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough
  $<$<BOOL:${TCPLAB_WERROR}>:-Werror>
  # The web build (wasm32): size_t is 32 bits; 64-bit segment and event numbers index vectors
  # far below 2^32.
  $<$<BOOL:${EMSCRIPTEN}>:-Wno-shorten-64-to-32>)
option(TCPLAB_WERROR "Treat warnings as errors" OFF)
