# ctest -P script: install concur from BUILD_DIR into a fresh prefix, move the
# prefix (the package must be relocatable), build the client project against
# it, and run the client.
set(work "${WORK_DIR}")
file(REMOVE_RECURSE "${work}")
file(MAKE_DIRECTORY "${work}")
execute_process(COMMAND ${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${work}/staging"
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(rc)
  message(FATAL_ERROR "cmake --install failed: ${rc}")
endif()
file(RENAME "${work}/staging" "${work}/moved-prefix")
execute_process(COMMAND ${CMAKE_COMMAND} -S "${CLIENT_DIR}" -B "${work}/client-build" -G Ninja
                        -DCMAKE_CXX_COMPILER=${CXX_COMPILER} -DCMAKE_PREFIX_PATH=${work}/moved-prefix
                        -DCMAKE_BUILD_TYPE=Release
                RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "configuring the client against the installed package failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build "${work}/client-build" RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "building the client failed")
endif()
foreach(client ${CLIENTS})
  execute_process(COMMAND "${work}/client-build/${client}" RESULT_VARIABLE rc)
  if(rc)
    message(FATAL_ERROR "${client} failed: ${rc}")
  endif()
endforeach()
