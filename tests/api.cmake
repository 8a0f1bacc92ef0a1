# api room: the shape of the library.
# One-way dependencies between rooms (scripts/check-includes).
add_test(NAME include_rules COMMAND bash ${CMAKE_SOURCE_DIR}/scripts/check-includes ${CMAKE_SOURCE_DIR})

# The exported symbols of both shared libraries are the committed list (scripts/check-symbols).
add_test(NAME public_symbols
         COMMAND bash ${CMAKE_SOURCE_DIR}/scripts/check-symbols ${CMAKE_BINARY_DIR} ${CMAKE_SOURCE_DIR})

# Every public header compiles alone, as C17 and as C++17, pedantic and warning-free: one
# translation unit per header and language that includes only it (built with the suite; the test
# public_headers rebuilds the target so a ctest run reports it too).
enable_language(CXX)
file(GLOB BH_PUBLIC_HEADERS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/include/bohan/*.h)
set(bh_header_srcs)
foreach(h IN LISTS BH_PUBLIC_HEADERS)
  get_filename_component(name ${h} NAME_WE)
  foreach(ext c cpp)
    set(tu ${CMAKE_CURRENT_BINARY_DIR}/public_headers/${name}.${ext})
    file(CONFIGURE OUTPUT ${tu} CONTENT "#include \"bohan/${name}.h\"\nint bh_header_${name}_alone;\n")
    list(APPEND bh_header_srcs ${tu})
  endforeach()
endforeach()
add_library(bh_public_headers OBJECT ${bh_header_srcs})
target_include_directories(bh_public_headers PRIVATE ${CMAKE_SOURCE_DIR}/include)
set_target_properties(bh_public_headers PROPERTIES CXX_STANDARD 17 CXX_STANDARD_REQUIRED ON
                      CXX_EXTENSIONS OFF)
target_compile_options(bh_public_headers PRIVATE -Wall -Wextra -Wpedantic -Werror)
add_test(NAME public_headers
         COMMAND ${CMAKE_COMMAND} --build ${CMAKE_BINARY_DIR} --target bh_public_headers)
