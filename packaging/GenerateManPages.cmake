# Writes the man pages from the program's own --help text (cmake -P, run by the ssescope_man_pages
# target), so the pages list exactly the options the QCommandLineParser definitions declare.
#   -DSSESCOPE=<path of the built ssescope> -DHELP2MAN=<help2man> -DGZIP=<gzip or empty>
#   -DOUTPUT_DIR=<dir> -DVERSION=<x.y.z> -DHOMEPAGE=<url>
# Output: OUTPUT_DIR/ssescope.1 and one ssescope-COMMAND.1 per command that answers --help, each
# also as .1.gz when gzip is given. A command whose --help fails (a placeholder in this build) gets
# no page and a message says so, instead of failing the build.
cmake_minimum_required(VERSION 3.21)

foreach(var SSESCOPE HELP2MAN OUTPUT_DIR VERSION HOMEPAGE)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "GenerateManPages.cmake: -D${var}=... is required")
    endif()
endforeach()

# English text whatever the builder's locale (the app loads translations for the locale).
set(ENV{LC_ALL} "C.UTF-8")
set(ENV{LANGUAGE} "")
set(ENV{QT_QPA_PLATFORM} "offscreen")

file(REMOVE_RECURSE "${OUTPUT_DIR}")
set(wrappers "${OUTPUT_DIR}/wrappers")
file(MAKE_DIRECTORY "${wrappers}")

# help2man runs a program by name; a wrapper per page makes argv[0] "ssescope", so the usage line
# reads "ssescope serve [options]" instead of the build tree's path.
function(write_wrapper name)
    file(WRITE "${wrappers}/${name}" "#!/bin/bash\nexec -a ssescope '${SSESCOPE}' ${ARGN} \"$@\"\n")
    file(CHMOD "${wrappers}/${name}" PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
        WORLD_READ WORLD_EXECUTE)
endfunction()

write_wrapper(ssescope)
execute_process(COMMAND "${wrappers}/ssescope" --help
    OUTPUT_VARIABLE top_help RESULT_VARIABLE status ERROR_VARIABLE top_error)
if(NOT status EQUAL 0)
    message(FATAL_ERROR "ssescope --help failed (${status}): ${top_error}")
endif()

# The commands are the "  name   description" lines between "Commands:" and the next blank line.
string(REPLACE "\n" ";" lines "${top_help}")
set(in_commands FALSE)
set(commands "")
foreach(line IN LISTS lines)
    if(line MATCHES "Commands:$")
        set(in_commands TRUE)
    elseif(in_commands AND line MATCHES "^  ([a-z][a-z0-9-]*)  +(.+)$")
        list(APPEND commands "${CMAKE_MATCH_1}")
        set(description_${CMAKE_MATCH_1} "${CMAKE_MATCH_2}")
    elseif(in_commands)
        set(in_commands FALSE)
    endif()
endforeach()
if(NOT commands)
    message(FATAL_ERROR "no command list found in 'ssescope --help':\n${top_help}")
endif()

set(common_args --no-info --section=1 "--source=SSE Scope ${VERSION}" "--manual=SSE Scope Manual")
set(pages "")
foreach(command IN LISTS commands)
    write_wrapper(ssescope-${command} ${command})
    execute_process(COMMAND "${wrappers}/ssescope-${command}" --help
        OUTPUT_QUIET ERROR_VARIABLE command_error RESULT_VARIABLE status)
    if(NOT status EQUAL 0)
        string(STRIP "${command_error}" command_error)
        message(STATUS "man pages: no page for '${command}': 'ssescope ${command} --help' says: ${command_error}")
        continue()
    endif()
    string(REGEX REPLACE "\\.$" "" name "${description_${command}}")
    file(WRITE "${OUTPUT_DIR}/ssescope-${command}.h2m"
        "[SEE ALSO]\n.BR ssescope (1)\n.PP\nThe full reference: ${HOMEPAGE}/blob/main/docs/cli.md\n")
    execute_process(
        COMMAND "${HELP2MAN}" ${common_args} "--version-string=${VERSION}" "--name=${name}"
            "--include=${OUTPUT_DIR}/ssescope-${command}.h2m" "--output=${OUTPUT_DIR}/ssescope-${command}.1"
            "${wrappers}/ssescope-${command}"
        RESULT_VARIABLE status ERROR_VARIABLE help2man_error)
    if(NOT status EQUAL 0)
        message(FATAL_ERROR "help2man failed for ssescope ${command}: ${help2man_error}")
    endif()
    list(APPEND pages ssescope-${command})
endforeach()

# The main page: the top-level help (the command list), exit statuses, and the per-command pages.
set(see_also "")
foreach(page IN LISTS pages)
    string(APPEND see_also ".BR ${page} (1),\n")
endforeach()
file(WRITE "${OUTPUT_DIR}/ssescope.h2m"
"[EXIT STATUS]
.TP
.B 0
success; for
.BR check :
the browser would open the stream
.TP
.B 1
.BR check :
the browser would not open the stream (blocked, failed, or not open within the window)
.TP
.B 2
bad usage or unreadable input, with a one-line reason on standard error
[SEE ALSO]
${see_also}the command reference ${HOMEPAGE}/blob/main/docs/cli.md
and the walk-through ${HOMEPAGE}/blob/main/docs/walkthrough.md
")
execute_process(
    COMMAND "${HELP2MAN}" ${common_args} "--name=debug cross-origin Server-Sent Events"
        "--include=${OUTPUT_DIR}/ssescope.h2m" "--output=${OUTPUT_DIR}/ssescope.1" "${wrappers}/ssescope"
    RESULT_VARIABLE status ERROR_VARIABLE help2man_error)
if(NOT status EQUAL 0)
    message(FATAL_ERROR "help2man failed for ssescope: ${help2man_error}")
endif()
list(PREPEND pages ssescope)

if(GZIP)
    foreach(page IN LISTS pages)
        # -n: no name or time stamp in the archive, so the package is reproducible.
        execute_process(COMMAND "${GZIP}" -9nkf "${OUTPUT_DIR}/${page}.1" RESULT_VARIABLE status)
        if(NOT status EQUAL 0)
            message(FATAL_ERROR "gzip failed on ${page}.1")
        endif()
    endforeach()
endif()
file(REMOVE_RECURSE "${wrappers}")
file(WRITE "${OUTPUT_DIR}/pages.txt" "${pages}\n")
