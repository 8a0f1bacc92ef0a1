# crimes-import room fuzzers: the 町丁目 name normaliser and the open-data row mapper.
bh_add_fuzzer(fuzz_norm_chome fuzz_norm_chome.c)
bh_add_fuzzer(fuzz_crime_row fuzz_crime_row.c)
