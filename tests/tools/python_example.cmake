# Runs a short M/M/1 scenario and the Python example on its result; the figure must be written.
file(REMOVE_RECURSE ${OUT})
execute_process(COMMAND ${TUNTAS} run ${SOURCE_DIR}/scenarios/examples/mm1.toml -o ${OUT}/mm1.h5
                        --set duration=6h --quiet
                RESULT_VARIABLE code)
if(NOT code EQUAL 0)
    message(FATAL_ERROR "tuntas run failed (${code})")
endif()
execute_process(COMMAND ${PYTHON} ${SOURCE_DIR}/tools/python/example_mm1.py ${OUT}/mm1.h5
                        ${OUT}/mm1-waits.png
                RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}")
if(NOT code EQUAL 0)
    message(FATAL_ERROR "example_mm1.py failed (${code}): ${err}")
endif()
if(NOT out MATCHES "mm1.mean_wait_s" OR NOT EXISTS ${OUT}/mm1-waits.png)
    message(FATAL_ERROR "example_mm1.py printed no KPIs or wrote no figure")
endif()
file(SIZE ${OUT}/mm1-waits.png size)
if(size LESS 10000)
    message(FATAL_ERROR "the figure is suspiciously small (${size} bytes)")
endif()
