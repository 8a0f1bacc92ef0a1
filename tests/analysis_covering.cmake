# analysis room: the covering solver (maximal covering with fixed sites).
bh_add_test(test_covering test_covering.c)
