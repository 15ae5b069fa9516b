# With TCPLAB_SANITIZE=ON every target is built with ASan + UBSan, and any UB report aborts.
if(TCPLAB_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()
