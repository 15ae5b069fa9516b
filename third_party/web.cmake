# The web build (Emscripten): the same libraries as the desktop, but nothing is linked from the
# system. Header-only Debian packages are reached through a folder of links to their headers (so
# that no glibc header comes along); Dear ImGui and the two Abseil hash containers are compiled
# with em++ from their Debian source packages, which scripts/web.sh fetches and verifies into a
# cache outside the repository (TCPLAB_IMGUI_SOURCE_DIR, TCPLAB_ABSL_SOURCE_DIR); libpcap likewise
# (TCPLAB_PCAP_SOURCE_DIR), built by its own CMake for reading and writing captures.
set(TCPLAB_IMGUI_SOURCE_DIR "" CACHE PATH "Debian's imgui source package, unpacked (apt-get source imgui)")
set(TCPLAB_ABSL_SOURCE_DIR "" CACHE PATH "Debian's abseil source package, unpacked (apt-get source abseil)")
set(TCPLAB_PCAP_SOURCE_DIR "" CACHE PATH "Debian's libpcap source package, unpacked (apt-get source libpcap)")
foreach(dir TCPLAB_IMGUI_SOURCE_DIR TCPLAB_ABSL_SOURCE_DIR TCPLAB_PCAP_SOURCE_DIR)
  if(NOT EXISTS "${${dir}}")
    message(FATAL_ERROR "${dir} is not set or missing ('${${dir}}'): scripts/web.sh --build fetches it")
  endif()
endforeach()

# Header-only packages: toml++ (libtomlplusplus-dev), CLI11 (libcli11-dev), {fmt} (libfmt-dev,
# used header-only), nlohmann/json (nlohmann-json3-dev), stb (libstb-dev).
set(TCPLAB_WEB_HEADERS ${CMAKE_CURRENT_BINARY_DIR}/system-headers)
file(MAKE_DIRECTORY ${TCPLAB_WEB_HEADERS})
foreach(name toml++ CLI fmt nlohmann)
  file(CREATE_LINK /usr/include/${name} ${TCPLAB_WEB_HEADERS}/${name} SYMBOLIC)
endforeach()
function(tcplab_header_target target)
  add_library(${target} INTERFACE IMPORTED GLOBAL)
  target_include_directories(${target} SYSTEM INTERFACE ${TCPLAB_WEB_HEADERS})
endfunction()
tcplab_header_target(tomlplusplus::tomlplusplus)
tcplab_header_target(CLI11::CLI11)
tcplab_header_target(nlohmann_json::nlohmann_json)
tcplab_header_target(fmt::fmt)
target_compile_definitions(fmt::fmt INTERFACE FMT_HEADER_ONLY=1)

# Abseil's hash containers (src/core's port and TIME-WAIT tables): headers and the few sources
# they need, from the same release as libabsl-dev.
add_library(tcplab_absl STATIC
  ${TCPLAB_ABSL_SOURCE_DIR}/absl/base/internal/raw_logging.cc
  ${TCPLAB_ABSL_SOURCE_DIR}/absl/base/internal/throw_delegate.cc
  ${TCPLAB_ABSL_SOURCE_DIR}/absl/container/internal/raw_hash_set.cc
  ${TCPLAB_ABSL_SOURCE_DIR}/absl/hash/internal/city.cc
  ${TCPLAB_ABSL_SOURCE_DIR}/absl/hash/internal/hash.cc
  ${TCPLAB_ABSL_SOURCE_DIR}/absl/hash/internal/low_level_hash.cc
)
target_include_directories(tcplab_absl SYSTEM PUBLIC ${TCPLAB_ABSL_SOURCE_DIR})
add_library(absl::flat_hash_map ALIAS tcplab_absl)
add_library(absl::node_hash_map ALIAS tcplab_absl)
add_library(absl::node_hash_set ALIAS tcplab_absl)

# Dear ImGui with std::string widgets and its GLFW and OpenGL 3 backends; Emscripten provides GLFW 3 and WebGL 2 (GLES 3).
set(imgui ${TCPLAB_IMGUI_SOURCE_DIR})
add_library(tcplab_imgui STATIC
  ${imgui}/imgui.cpp ${imgui}/imgui_draw.cpp ${imgui}/imgui_tables.cpp ${imgui}/imgui_widgets.cpp
  ${imgui}/misc/cpp/imgui_stdlib.cpp
  ${imgui}/backends/imgui_impl_glfw.cpp ${imgui}/backends/imgui_impl_opengl3.cpp)
target_include_directories(tcplab_imgui SYSTEM PUBLIC ${imgui} ${imgui}/backends ${imgui}/misc/cpp)
target_compile_definitions(tcplab_imgui PUBLIC IMGUI_IMPL_OPENGL_ES3)
target_link_options(tcplab_imgui PUBLIC -sUSE_GLFW=3 -sUSE_WEBGL2=1 -sFULL_ES3=1 -sMIN_WEBGL_VERSION=2)
add_library(tcplab::imgui ALIAS tcplab_imgui)

# libpcap, the same release as libpcap-dev, for src/export's capture reader and writer (the page
# opens pcap/pcapng files and saves pcap). Only its savefile code is reached: PCAP_TYPE=null is
# its build without any capture device. Its grammar needs flex and bison (scripts/setup.sh --web).
include(ExternalProject)
set(pcap_build ${CMAKE_CURRENT_BINARY_DIR}/libpcap)
ExternalProject_Add(tcplab_libpcap_build
  SOURCE_DIR ${TCPLAB_PCAP_SOURCE_DIR}
  BINARY_DIR ${pcap_build}
  CMAKE_ARGS -DCMAKE_TOOLCHAIN_FILE=${CMAKE_TOOLCHAIN_FILE} -DCMAKE_BUILD_TYPE=Release
             -DPCAP_TYPE=null -DBUILD_SHARED_LIBS=OFF -DENABLE_REMOTE=OFF -DBUILD_WITH_LIBNL=OFF
             -DDISABLE_DBUS=ON -DDISABLE_RDMA=ON -DDISABLE_BLUETOOTH=ON -DDISABLE_USB=ON
             -DDISABLE_NETMAP=ON -DDISABLE_DPDK=ON -DDISABLE_LINUX_USBMON=ON
  BUILD_COMMAND ${CMAKE_COMMAND} --build . --target pcap_static
  BUILD_BYPRODUCTS ${pcap_build}/libpcap.a
  INSTALL_COMMAND ""
  USES_TERMINAL_CONFIGURE ON)
# Its public headers only (<pcap/pcap.h>): its source folder holds private headers too.
file(MAKE_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/pcap-headers)
file(CREATE_LINK ${TCPLAB_PCAP_SOURCE_DIR}/pcap ${CMAKE_CURRENT_BINARY_DIR}/pcap-headers/pcap SYMBOLIC)
add_library(tcplab_libpcap STATIC IMPORTED GLOBAL)
set_target_properties(tcplab_libpcap PROPERTIES IMPORTED_LOCATION ${pcap_build}/libpcap.a
                      INTERFACE_INCLUDE_DIRECTORIES ${CMAKE_CURRENT_BINARY_DIR}/pcap-headers)
add_dependencies(tcplab_libpcap tcplab_libpcap_build)
add_library(tcplab::pcap ALIAS tcplab_libpcap)
