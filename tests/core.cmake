bh_add_test(test_core test_core.c)
bh_add_test(test_normalize test_normalize.c)
bh_add_test(test_month test_month.c)
