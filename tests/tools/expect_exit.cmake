# Runs COMMAND (a ;-list) and checks its exit code is EXPECTED_EXIT and that its output matches
# EXPECTED_OUTPUT (a regular expression).
execute_process(COMMAND ${COMMAND} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT code EQUAL EXPECTED_EXIT)
    message(FATAL_ERROR "exit code ${code}, expected ${EXPECTED_EXIT}\nstdout: ${out}\nstderr: ${err}")
endif()
if(NOT "${out}${err}" MATCHES "${EXPECTED_OUTPUT}")
    message(FATAL_ERROR "output does not match '${EXPECTED_OUTPUT}'\nstdout: ${out}\nstderr: ${err}")
endif()
