# include(concur.cmake) in your CMakeLists.txt: `cmake --build build --target concur-scan` scans
# the project with its own compile database and writes build/concur.sarif and build/concur.html.
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)
find_program(CONCUR_EXECUTABLE concur REQUIRED)
add_custom_target(concur-scan
  COMMAND ${CONCUR_EXECUTABLE} scan -p ${CMAKE_BINARY_DIR}
          --cache-dir ${CMAKE_BINARY_DIR}/.concur-cache
          --format sarif --output ${CMAKE_BINARY_DIR}/concur.sarif
          --format html --output ${CMAKE_BINARY_DIR}/concur.html
          --format text
  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
  COMMENT "concur: scanning for concurrency hazards"
  VERBATIM USES_TERMINAL)
