# tcplab-web: tcplab-gui for a browser (the "web" preset, scripts/web.sh). The same views
# (tcplab_gui_views) on gui_backend_web.cpp; the output is a static folder, <build>/site, that any
# web server can serve: index.html, index.js, index.wasm and index.data (the bundled files:
# lessons, message catalogs, the Chinese font cut to the glyphs they use).
set(app ${PROJECT_SOURCE_DIR}/src/app)
set(site ${PROJECT_BINARY_DIR}/site)

# The Chinese font: Noto Sans CJK SC (fonts-noto-cjk) cut by fonttools' subsetter
# (python3-fonttools) to the characters of the lessons, the catalogs and the sentences' symbols.
set(TCPLAB_CJK_FONT /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc CACHE FILEPATH
    "the CJK font the web build's Chinese is cut from")
set(TCPLAB_CJK_FONT_INDEX 2 CACHE STRING "the face in that collection: 2 is Simplified Chinese")
# Debian's python3 (a python3 earlier on PATH may lack python3-fonttools).
set(TCPLAB_SYSTEM_PYTHON /usr/bin/python3 CACHE FILEPATH "a python3 with fontTools (python3-fonttools)")
file(GLOB lesson_files CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/lessons/*.toml)
# The kernel's recorded runs of the lessons (tcplab record): "Linux kernel" and "Side by side".
file(GLOB recording_files CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/recordings/*.jsonl)
set(glyph_sources ${lesson_files} ${PROJECT_SOURCE_DIR}/po/zh_CN.po
    ${PROJECT_SOURCE_DIR}/src/present/event_sentence.h)
set(bundle ${PROJECT_BINARY_DIR}/web-bundle)
set(font ${bundle}/fonts/tcplab-cjk.otf)
add_custom_command(
  OUTPUT ${font}
  COMMAND ${CMAKE_COMMAND} -DOUT=${bundle}/glyphs.txt "-DFILES=${glyph_sources}"
          -P ${PROJECT_SOURCE_DIR}/cmake/ConcatFiles.cmake
  COMMAND ${TCPLAB_SYSTEM_PYTHON} -m fontTools.subset ${TCPLAB_CJK_FONT} --font-number=${TCPLAB_CJK_FONT_INDEX}
          --text-file=${bundle}/glyphs.txt --unicodes=U+0020-007E,U+00A0-00FF,U+2026
          --layout-features= --no-hinting --desubroutinize --output-file=${font}
  # Its characters: the page builds its atlas from these instead of reading every lesson first.
  COMMAND ${TCPLAB_SYSTEM_PYTHON} ${PROJECT_SOURCE_DIR}/cmake/font_characters.py ${font}
          ${bundle}/fonts/tcplab-cjk.txt
  DEPENDS ${glyph_sources} ${PROJECT_SOURCE_DIR}/cmake/ConcatFiles.cmake
          ${PROJECT_SOURCE_DIR}/cmake/font_characters.py
  COMMENT "Cutting the Chinese font to the glyphs tcplab shows"
  VERBATIM)

# The lessons (the .toml files only), their kernel recordings and the compiled catalogs, as the
# page's files.
set(copy_recordings)  # none yet: the page says so in those modes
if(recording_files)
  set(copy_recordings COMMAND ${CMAKE_COMMAND} -E copy ${recording_files} ${bundle}/recordings/)
endif()
add_custom_command(
  OUTPUT ${bundle}/lessons.stamp
  COMMAND ${CMAKE_COMMAND} -E rm -rf ${bundle}/lessons ${bundle}/locale ${bundle}/recordings
  COMMAND ${CMAKE_COMMAND} -E make_directory ${bundle}/lessons ${bundle}/recordings
  COMMAND ${CMAKE_COMMAND} -E copy ${lesson_files} ${bundle}/lessons/
  ${copy_recordings}
  COMMAND ${CMAKE_COMMAND} -E copy_directory ${TCPLAB_LOCALE_DIR} ${bundle}/locale
  COMMAND ${CMAKE_COMMAND} -E touch ${bundle}/lessons.stamp
  DEPENDS ${lesson_files} ${recording_files} ${TCPLAB_LOCALE_DIR}/zh_CN/LC_MESSAGES/tcplab.mo tcplab_catalogs
  VERBATIM)
add_custom_target(tcplab_web_bundle DEPENDS ${font} ${bundle}/lessons.stamp)

add_executable(tcplab-web
  ${app}/gui_main_web.cpp
  ${app}/gui_backend_web.cpp
  ${app}/glfw_keys.cpp
  ${app}/gui_lessons.cpp
  ${app}/backends.cpp
  ${app}/script_backend.cpp
  ${app}/view_link.cpp
)
add_dependencies(tcplab-web tcplab_web_bundle)
# src/export: the recordings (JSON lines), and uploaded traces and captures read, saved as on the
# desktop (libpcap built for the page, third_party/web.cmake).
target_link_libraries(tcplab-web PRIVATE tcplab_gui_views tcplab_scenario tcplab_export tcplab_packetdrill
                      nlohmann_json::nlohmann_json tcplab_warnings)
set_target_properties(tcplab-web PROPERTIES OUTPUT_NAME index SUFFIX ".html"
                      RUNTIME_OUTPUT_DIRECTORY ${site})
target_link_options(tcplab-web PRIVATE
  -sALLOW_MEMORY_GROWTH=1
  -sMINIFY_HTML=0  # Debian's emscripten lacks the HTML minifier's node modules
  -sEXPORTED_RUNTIME_METHODS=ccall,UTF8ToString
  "SHELL:--shell-file ${app}/web_shell.html"
  "SHELL:--preload-file ${bundle}/lessons@/lessons"
  "SHELL:--preload-file ${bundle}/locale@/locale"
  "SHELL:--preload-file ${bundle}/recordings@/recordings"
  "SHELL:--preload-file ${bundle}/fonts@/fonts")
set_property(TARGET tcplab-web APPEND PROPERTY LINK_DEPENDS ${app}/web_shell.html ${font}
             ${bundle}/lessons.stamp)
