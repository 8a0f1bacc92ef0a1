# qa room: fuzzers for our own parsers (city profile, layer definitions, styles, plan loader,
# department keys), the UTF-8 rule (fuzz_utf8), the command-line value parsers of the library
# (fuzz_options) and the CSV/JSON writers of core/strbuf (round trip through GDAL and json-c).
# Seed corpora in fuzz/corpus/<name>/, crash reproducers in fuzz/crashes/; tests/qa.cmake replays
# the corpora through the same harnesses without libFuzzer.
bh_add_fuzzer(fuzz_city fuzz_city.c)
bh_add_fuzzer(fuzz_layer fuzz_layer.c)
bh_add_fuzzer(fuzz_style fuzz_style.c)
bh_add_fuzzer(fuzz_plan fuzz_plan.c)
bh_add_fuzzer(fuzz_plan_key fuzz_plan_key.c)
bh_add_fuzzer(fuzz_plan_sheet fuzz_plan_sheet.c)
bh_add_fuzzer(fuzz_strbuf fuzz_strbuf.c)
bh_add_fuzzer(fuzz_options fuzz_options.c)
bh_add_fuzzer(fuzz_month fuzz_month.c)
bh_add_fuzzer(fuzz_utf8 fuzz_utf8.c)
