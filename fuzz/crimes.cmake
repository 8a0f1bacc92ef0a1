# crimes-import room fuzzers: the 町丁目 name normaliser and the open-data row mapper.
# The sources under test are compiled into the fuzzer itself so that they carry libFuzzer's
# coverage instrumentation (libbohan is built without it); the archive's copies are not pulled in.
set(BH_CRIMES_FUZZ_SRC ${CMAKE_SOURCE_DIR}/src/core/normalize.c)
bh_add_fuzzer(fuzz_norm_chome fuzz_norm_chome.c ${BH_CRIMES_FUZZ_SRC})
bh_add_fuzzer(fuzz_crime_row fuzz_crime_row.c ${BH_CRIMES_FUZZ_SRC}
              ${CMAKE_SOURCE_DIR}/src/crimes/reader.c ${CMAKE_SOURCE_DIR}/src/crimes/row.c
              ${CMAKE_SOURCE_DIR}/src/crimes/matcher.c)
