# cmake -DOUT=file "-DFILES=a;b;c" -P ConcatFiles.cmake: writes the files one after the other.
file(WRITE ${OUT} "")
foreach(f ${FILES})
  file(READ ${f} text)
  file(APPEND ${OUT} "${text}")
endforeach()
