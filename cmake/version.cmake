# Generates build/generated/tuntas_version.hpp at every build, rewriting it only when the git commit
# changes, so `tuntas --version` and result files name the commit they were built from.
set(TUNTAS_GENERATED_DIR ${CMAKE_BINARY_DIR}/generated)
add_custom_target(tuntas_version_header
    COMMAND ${CMAKE_COMMAND}
        -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
        -DOUTPUT=${TUNTAS_GENERATED_DIR}/tuntas_version.hpp
        -DVERSION=${PROJECT_VERSION}
        -P ${PROJECT_SOURCE_DIR}/cmake/write_version.cmake
    BYPRODUCTS ${TUNTAS_GENERATED_DIR}/tuntas_version.hpp
    COMMENT "" VERBATIM)
