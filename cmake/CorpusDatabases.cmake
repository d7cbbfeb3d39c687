# Compile databases for the multi-TU projects under corpus/projects/: one
# compile_commands.json per project in <build>/corpus-projects/<name>/, as a
# real build would write it (absolute paths, one entry per TU). The corpus
# test and scripts/scan-corpus.sh scan each project with `-p` on these. A
# source in a subdirectory belongs to the build target named after it: its
# entry writes CMake's object `CMakeFiles/<subdirectory>.dir/<file>.o`. A source
# that says `also built into: <target>...` gets one more entry per target named,
# after its own (a build that compiles one source into several binaries lists
# it once per binary). A project's `system/` directory holds headers of a
# library it uses, included as system headers (-isystem).
file(GLOB corpus_projects LIST_DIRECTORIES true ${PROJECT_SOURCE_DIR}/corpus/projects/*)
foreach(project_dir IN LISTS corpus_projects)
  if(NOT IS_DIRECTORY ${project_dir})
    continue()
  endif()
  get_filename_component(name ${project_dir} NAME)
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${project_dir}/*.c ${project_dir}/*.cc ${project_dir}/*.cpp)
  list(SORT sources)
  set(system_include "")
  if(IS_DIRECTORY ${project_dir}/system)
    set(system_include ", \"-isystem${project_dir}/system\"")
  endif()
  set(entries "")
  foreach(source IN LISTS sources)
    if(source MATCHES "\\.c$")
      set(command "\"clang-19\", \"-std=c17\"")
    else()
      set(command "\"clang++-19\", \"-std=c++20\"")
    endif()
    file(RELATIVE_PATH relative ${project_dir} ${source})
    get_filename_component(subdirectory ${relative} DIRECTORY)
    get_filename_component(source_name ${source} NAME)
    set(targets "")
    if(subdirectory)
      set(targets ${subdirectory})
    endif()
    # Read at configure time: an edit to a corpus source configures again.
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${source})
    file(STRINGS ${source} also REGEX "also built into:")
    foreach(line IN LISTS also)
      string(REGEX REPLACE ".*also built into:[ ]*([^*]*).*" "\\1" named "${line}")
      string(STRIP "${named}" named)
      separate_arguments(named)
      list(APPEND targets ${named})
    endforeach()
    if(NOT targets)
      set(targets "-")
    endif()
    foreach(target IN LISTS targets)
      set(output "")
      if(NOT target STREQUAL "-")
        set(output ", \"-o\", \"${PROJECT_BINARY_DIR}/corpus-projects/${name}/CMakeFiles/${target}.dir/${source_name}.o\"")
      endif()
      string(APPEND entries "  {\"directory\": \"${project_dir}\", \"file\": \"${source}\", \"arguments\": [${command}, \"-I${project_dir}\", \"-I${PROJECT_SOURCE_DIR}/include\"${system_include}, \"-c\", \"${source}\"${output}]},\n")
    endforeach()
  endforeach()
  string(REGEX REPLACE ",\n$" "\n" entries "${entries}")
  file(CONFIGURE OUTPUT ${PROJECT_BINARY_DIR}/corpus-projects/${name}/compile_commands.json
       CONTENT "[\n${entries}]\n" @ONLY)
endforeach()
