bh_add_test(test_db test_db.c)
