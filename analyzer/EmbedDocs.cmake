# Turns each Markdown page in INPUTS into a raw string literal entry
# {"<check-id>", R"concurdoc(<page>)concurdoc"} written to OUTPUT.
string(REPLACE "|" ";" INPUTS "${INPUTS}")
set(content "// Generated from docs/checks/*.md by EmbedDocs.cmake; do not edit.\n")
foreach(input IN LISTS INPUTS)
  get_filename_component(id ${input} NAME_WE)
  file(READ ${input} page)
  string(APPEND content "{\"${id}\", R\"concurdoc(${page})concurdoc\"},\n")
endforeach()
file(WRITE ${OUTPUT}.tmp "${content}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different ${OUTPUT}.tmp ${OUTPUT})
