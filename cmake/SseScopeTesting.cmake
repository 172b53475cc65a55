# ssescope_add_test(<name> SOURCES <files>... [LIBRARIES <targets>...] [LABELS <labels>...]
#                   [TIMEOUT <seconds>] [ENVIRONMENT <VAR=value>...] [ARGS <arguments>...])
#
# The one way a test enters the suite (STYLE.md §2): it links the core library and Qt Test,
# runs offscreen, and fails on any warning the code under test prints (QT_FATAL_WARNINGS is not
# used because QTest::failOnWarning() gives a readable failure instead).
function(ssescope_add_test name)
    cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;LIBRARIES;LABELS;ENVIRONMENT;ARGS" ${ARGN})
    if(NOT ARG_SOURCES)
        message(FATAL_ERROR "ssescope_add_test(${name}): SOURCES is required")
    endif()
    qt_add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE ssescope_core Qt6::Test ssescope_build_flags ${ARG_LIBRARIES})
    # Helpers several test folders share (tests/common).
    target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests/common)
    target_compile_definitions(${name} PRIVATE
        SSESCOPE_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
        SSESCOPE_BINARY_DIR="${PROJECT_BINARY_DIR}")
    ssescope_add_test_run(${name} ${name} ARGS ${ARG_ARGS} LABELS ${ARG_LABELS} TIMEOUT ${ARG_TIMEOUT}
        ENVIRONMENT ${ARG_ENVIRONMENT})
endfunction()

# ssescope_add_test_run(<test name> <test executable> [ARGS <arguments>...] [LABELS <labels>...]
#                       [TIMEOUT <seconds>] [ENVIRONMENT <VAR=value>...])
#
# One ctest entry running a test executable (its test functions named in ARGS, or all), with
# ssescope_add_test's environment and defaults: how one executable whose parts take very different
# times (tests/browser/tst_conformance, one function per engine) gets a time limit per part.
function(ssescope_add_test_run name target)
    cmake_parse_arguments(ARG "" "TIMEOUT" "ARGS;LABELS;ENVIRONMENT" ${ARGN})
    add_test(NAME ${name} COMMAND ${target} ${ARG_ARGS})
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 120)
    endif()
    if(NOT ARG_LABELS)
        set(ARG_LABELS unit)
    endif()
    set_tests_properties(${name} PROPERTIES
        LABELS "${ARG_LABELS}"
        TIMEOUT ${ARG_TIMEOUT}
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;LC_ALL=C.UTF-8;${ARG_ENVIRONMENT}")
    # The suite runs several tests at a time (scripts/run-tests.sh), but a real-browser test runs
    # alone: it already keeps the cores busy with two browsers at a time, and its cases observe a
    # browser within a time window that a second heavy test beside it would only stretch.
    if("browser" IN_LIST ARG_LABELS)
        set_tests_properties(${name} PROPERTIES RUN_SERIAL TRUE)
    endif()
endfunction()
