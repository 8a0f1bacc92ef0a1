# qa room: every parser fuzz harness (fuzz/fuzz_*.c) replayed on its seed corpus
# (fuzz/corpus/<name>/) by fuzz/replay.c, without libFuzzer, so gcc and ASan builds run them too.
foreach(bh_fuzz_name IN ITEMS city layer style plan plan_key plan_sheet strbuf options gaiku)
  add_executable(replay_${bh_fuzz_name} ${CMAKE_SOURCE_DIR}/fuzz/fuzz_${bh_fuzz_name}.c
                 ${CMAKE_SOURCE_DIR}/fuzz/replay.c)
  target_include_directories(replay_${bh_fuzz_name} PRIVATE ${CMAKE_SOURCE_DIR}/fuzz)
  target_link_libraries(replay_${bh_fuzz_name} PRIVATE bohan_io_internal)
  add_test(NAME fuzz_replay_${bh_fuzz_name}
           COMMAND replay_${bh_fuzz_name} ${CMAKE_SOURCE_DIR}/fuzz/corpus/${bh_fuzz_name})
  set_tests_properties(fuzz_replay_${bh_fuzz_name} PROPERTIES ENVIRONMENT "${BH_TEST_ENV}"
                       WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
endforeach()
