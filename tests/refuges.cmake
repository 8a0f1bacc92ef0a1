# こども110番の家 coverage, gaps, register import (room: refuges).
bh_add_test(test_refuges test_refuges.c)
bh_add_cli_test(cli_refuges cli/refuges.sh)
bh_add_cli_test(cli_refuges_import cli/refuges_import.sh)
bh_add_cli_test(cli_refuges_atlas cli/refuges_atlas.sh)
# The fuzz harness replayed on its seed corpus without libFuzzer (as tests/qa.cmake does).
add_executable(replay_gaiku ${CMAKE_SOURCE_DIR}/fuzz/fuzz_gaiku.c ${CMAKE_SOURCE_DIR}/fuzz/replay.c)
target_include_directories(replay_gaiku PRIVATE ${CMAKE_SOURCE_DIR}/fuzz)
target_link_libraries(replay_gaiku PRIVATE bohan bohan-io)
add_test(NAME fuzz_replay_gaiku COMMAND replay_gaiku ${CMAKE_SOURCE_DIR}/fuzz/corpus/gaiku)
set_tests_properties(fuzz_replay_gaiku PROPERTIES ENVIRONMENT "${BH_TEST_ENV}")
