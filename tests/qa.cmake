# qa room: every parser fuzz harness (fuzz/fuzz_*.c) replayed on its seed corpus
# (fuzz/corpus/<name>/) by fuzz/replay.c, without libFuzzer, so gcc and ASan builds run them too.
foreach(bh_fuzz_name IN ITEMS city layer style plan plan_key plan_sheet strbuf options gaiku crime_row norm_chome utf8 month)
  add_executable(replay_${bh_fuzz_name} ${CMAKE_SOURCE_DIR}/fuzz/fuzz_${bh_fuzz_name}.c
                 ${CMAKE_SOURCE_DIR}/fuzz/replay.c)
  target_include_directories(replay_${bh_fuzz_name} PRIVATE ${CMAKE_SOURCE_DIR}/fuzz)
  target_link_libraries(replay_${bh_fuzz_name} PRIVATE bohan_io_internal)
  add_test(NAME fuzz_replay_${bh_fuzz_name}
           COMMAND replay_${bh_fuzz_name} ${CMAKE_SOURCE_DIR}/fuzz/corpus/${bh_fuzz_name})
  set_tests_properties(fuzz_replay_${bh_fuzz_name} PROPERTIES ENVIRONMENT "${BH_TEST_ENV}"
                       WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
endforeach()
# Every allocation of the library failed in turn (tests/test_oom.c) over the parsers, the crimes
# importer and (test_oom_render, run beside it) the renderer: map and atlas.
bh_add_test(test_oom test_oom.c)
add_test(NAME test_oom_render COMMAND test_oom render)
set_tests_properties(test_oom_render PROPERTIES ENVIRONMENT "${BH_TEST_ENV}"
                     WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
foreach(t test_oom test_oom_render)
  set_property(TEST ${t} APPEND PROPERTY ENVIRONMENT
               "LSAN_OPTIONS=suppressions=${CMAKE_SOURCE_DIR}/tests/data/render/lsan.supp:print_suppressions=0")
endforeach()
