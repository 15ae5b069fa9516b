# tcplab_warnings: the warning set every tcplab target compiles with (clean under -Werror in CI).
add_library(tcplab_warnings INTERFACE)
target_compile_options(tcplab_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
  -Wold-style-cast -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough
  $<$<BOOL:${TCPLAB_WERROR}>:-Werror>)
option(TCPLAB_WERROR "Treat warnings as errors" OFF)
