# render-extras: classification, text, labels, charts/tables, atlas.
bh_add_test(test_classify test_classify.c)
bh_add_test(test_text test_text.c)
bh_add_test(test_labels test_labels.c)
bh_add_test(test_chart test_chart.c)
bh_add_cli_test(cli_atlas cli/atlas.sh)
