# GUI glue: Dear ImGui (libimgui-dev), GLFW (libglfw3-dev) and a glad GL 3.3 core loader
# generated at build time by the packaged `glad --reproducible` (python3-glad).
pkg_check_modules(GLFW REQUIRED IMPORTED_TARGET GLOBAL glfw3)
find_package(OpenGL REQUIRED)
find_program(GLAD_EXECUTABLE glad REQUIRED)

set(GLAD_OUT ${CMAKE_CURRENT_BINARY_DIR}/glad)
add_custom_command(
  OUTPUT ${GLAD_OUT}/src/gl.c ${GLAD_OUT}/include/glad/gl.h ${GLAD_OUT}/include/KHR/khrplatform.h
  COMMAND ${GLAD_EXECUTABLE} --quiet --reproducible --api gl:core=3.3 --out-path ${GLAD_OUT} c
  COMMENT "Generating the glad OpenGL 3.3 core loader"
  VERBATIM)
add_library(tcplab_glad STATIC ${GLAD_OUT}/src/gl.c)
target_include_directories(tcplab_glad SYSTEM PUBLIC ${GLAD_OUT}/include)
target_link_libraries(tcplab_glad PUBLIC ${CMAKE_DL_LIBS})
add_library(tcplab::glad ALIAS tcplab_glad)

# libimgui.a holds the core and its GLFW and OpenGL3 backends; headers under /usr/include/imgui.
# Debian builds it against the system stb (libstb-dev: stb_truetype, stb_rect_pack), which must be
# linked too (imgui.pc says `-limgui -lstb`).
find_library(IMGUI_LIBRARY NAMES imgui REQUIRED)
find_library(STB_LIBRARY NAMES stb REQUIRED)
find_path(IMGUI_INCLUDE_DIR imgui.h PATH_SUFFIXES imgui REQUIRED)
add_library(tcplab_imgui INTERFACE)
target_include_directories(tcplab_imgui SYSTEM INTERFACE ${IMGUI_INCLUDE_DIR} ${IMGUI_INCLUDE_DIR}/backends)
target_link_libraries(tcplab_imgui INTERFACE ${IMGUI_LIBRARY} ${STB_LIBRARY} PkgConfig::GLFW OpenGL::GL ${CMAKE_DL_LIBS})
add_library(tcplab::imgui ALIAS tcplab_imgui)

# PNG screenshots (libpng-dev): PNG::PNG.
find_package(PNG REQUIRED)
add_library(tcplab::png ALIAS PNG::PNG)
