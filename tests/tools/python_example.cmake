# Runs a scenario (SCENARIO, with the ;-list SETS of key=value overrides) and a Python example
# (EXAMPLE) on its result; the example must print EXPECT and write its figure.
file(REMOVE_RECURSE ${OUT})
set(overrides)
foreach(set IN LISTS SETS)
    list(APPEND overrides --set ${set})
endforeach()
execute_process(COMMAND ${TUNTAS} run ${SCENARIO} -o ${OUT}/result.h5 ${overrides} --quiet --threads 2
                RESULT_VARIABLE code)
if(NOT code EQUAL 0)
    message(FATAL_ERROR "tuntas run failed (${code})")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E env PYTHONPATH=${PYTHONPATH} ${PYTHON} ${EXAMPLE} ${OUT}/result.h5 ${OUT}/figure.png
                RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}")
if(NOT code EQUAL 0 OR NOT out MATCHES "${EXPECT}" OR NOT EXISTS ${OUT}/figure.png)
    message(FATAL_ERROR "${EXAMPLE} failed (${code}): ${err}")
endif()
file(SIZE ${OUT}/figure.png size)
if(size LESS 10000)
    message(FATAL_ERROR "the figure is suspiciously small (${size} bytes)")
endif()
