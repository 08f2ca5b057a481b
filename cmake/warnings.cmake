# Warnings and sanitizers as INTERFACE targets: every tuntas target links them, nothing is global.
add_library(tuntas_warnings INTERFACE)
add_library(tuntas::warnings ALIAS tuntas_warnings)
target_compile_options(tuntas_warnings INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
    -Wold-style-cast -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough
    # C++20 designated initialisers leave defaulted members out on purpose; GCC 12 still
    # reports them under -Wextra.
    -Wno-missing-field-initializers
    $<$<BOOL:${TUNTAS_WERROR}>:-Werror>)

add_library(tuntas_sanitizers INTERFACE)
add_library(tuntas::sanitizers ALIAS tuntas_sanitizers)
if(TUNTAS_SANITIZE)
    target_compile_options(tuntas_sanitizers INTERFACE
        -fsanitize=${TUNTAS_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
    target_link_options(tuntas_sanitizers INTERFACE -fsanitize=${TUNTAS_SANITIZE})
endif()
if(TUNTAS_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
        message(FATAL_ERROR "TUNTAS_FUZZ needs clang (libFuzzer): use the fuzz preset")
    endif()
    # Coverage for the fuzzer in every tuntas target; the fuzz targets link libFuzzer itself.
    target_compile_options(tuntas_sanitizers INTERFACE -fsanitize=fuzzer-no-link
        -fsanitize-ignorelist=${PROJECT_SOURCE_DIR}/tools/sanitizers/ubsan-ignore.txt)
endif()

# The options every tuntas target builds with.
add_library(tuntas_options INTERFACE)
add_library(tuntas::options ALIAS tuntas_options)
target_link_libraries(tuntas_options INTERFACE tuntas_warnings tuntas_sanitizers)
target_include_directories(tuntas_options INTERFACE ${PROJECT_SOURCE_DIR})
