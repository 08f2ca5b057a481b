# A short Paser morning run and the Python map-and-curve example on its result.
file(REMOVE_RECURSE ${OUT})
execute_process(COMMAND ${TUNTAS} run ${SOURCE_DIR}/scenarios/paser/baseline.toml -o ${OUT}/paser.h5
                        --set start=2025-03-03T06:00:00 --set duration=2h --quiet --threads 2
                RESULT_VARIABLE code)
if(NOT code EQUAL 0)
    message(FATAL_ERROR "tuntas run failed (${code})")
endif()
execute_process(COMMAND ${PYTHON} ${SOURCE_DIR}/tools/python/example_paser.py ${OUT}/paser.h5
                        ${OUT}/paser-peak.png
                RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}")
if(NOT code EQUAL 0 OR NOT out MATCHES "traffic.mean_travel_time_s" OR NOT EXISTS ${OUT}/paser-peak.png)
    message(FATAL_ERROR "example_paser.py failed (${code}): ${err}")
endif()
