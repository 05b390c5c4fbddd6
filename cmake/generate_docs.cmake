# Writes the man page and the shell completions that the built binary generates
# from its command definitions (`mentor --generate FORMAT`).
#
# Inputs: MENTOR (the built binary) and OUTPUT_DIR.

foreach(format man bash zsh fish)
  set(file_man "man/mentor.1")
  set(file_bash "completions/mentor")
  set(file_zsh "completions/_mentor")
  set(file_fish "completions/mentor.fish")
  set(output "${OUTPUT_DIR}/${file_${format}}")
  get_filename_component(folder "${output}" DIRECTORY)
  file(MAKE_DIRECTORY "${folder}")
  execute_process(
    COMMAND "${MENTOR}" --generate ${format}
    OUTPUT_FILE "${output}"
    RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "'${MENTOR} --generate ${format}' failed with status ${status}")
  endif()
endforeach()
