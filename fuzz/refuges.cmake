# refuges room fuzzer: the 街区 number reader of register addresses (refuges/place.c).
bh_add_fuzzer(fuzz_gaiku fuzz_gaiku.c)
