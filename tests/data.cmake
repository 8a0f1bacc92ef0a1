# The default city's data (data/matsudo, layers/*.json, scripts/derive-approx-layers,
# scripts/gen-sample-assets): bohan init end to end, checked with SpatiaLite SQL.
bh_add_cli_test(cli_data cli/data.sh)
