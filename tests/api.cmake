# api room: the shape of the library — one-way dependencies between rooms (scripts/check-includes).
add_test(NAME include_rules COMMAND bash ${CMAKE_SOURCE_DIR}/scripts/check-includes ${CMAKE_SOURCE_DIR})
