# The one INTERFACE target every ssescope target links: warnings and Qt's strictness macros
# (STYLE.md §3, after qBittorrent's qbt_common_cfg).
add_library(ssescope_build_flags INTERFACE)

target_compile_options(ssescope_build_flags INTERFACE
    $<$<CXX_COMPILER_ID:GNU,Clang>:-Wall -Wextra -pedantic>
    $<$<AND:$<BOOL:${SSESCOPE_WERROR}>,$<CXX_COMPILER_ID:GNU,Clang>>:-Werror>)

target_compile_definitions(ssescope_build_flags INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_URL_CAST_FROM_STRING
    QT_USE_QSTRINGBUILDER
    QT_NO_FOREACH
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_DISABLE_DEPRECATED_BEFORE=0x060400
    SSESCOPE_VERSION="${PROJECT_VERSION}"
    SSESCOPE_APP_ID="${SSESCOPE_APP_ID}")

if(SSESCOPE_SANITIZE)
    set(_ssescope_sanitizers -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_compile_options(ssescope_build_flags INTERFACE ${_ssescope_sanitizers})
    target_link_options(ssescope_build_flags INTERFACE ${_ssescope_sanitizers})
endif()

# libFuzzer (tests/fuzz, docs/hardening.md): every ssescope target gets coverage instrumentation
# and the sanitizers below (ASan+UBSan by default); only the fuzz executables link libFuzzer's
# main (-fsanitize=fuzzer there). The 'fuzz-fast' preset keeps UBSan only: ASan's shadow and
# quarantine cost most of the time per input, and a long campaign needs the executions; the
# deterministic replay in CI and the corpus it leaves are run under ASan+UBSan as before.
set(SSESCOPE_FUZZ_SANITIZERS "address,undefined" CACHE STRING "Sanitizers of the libFuzzer build (comma list)")
if(SSESCOPE_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
        message(FATAL_ERROR "SSESCOPE_FUZZ needs clang++ (use the 'fuzz' preset)")
    endif()
    set(_ssescope_fuzz_flags -fsanitize=fuzzer-no-link,${SSESCOPE_FUZZ_SANITIZERS} -fno-omit-frame-pointer
        -fno-sanitize-recover=undefined
        # Qt's qCDebug(cat) << ... is a variadic macro used without arguments: valid C++20, fine.
        -Wno-gnu-zero-variadic-macro-arguments)
    target_compile_options(ssescope_build_flags INTERFACE ${_ssescope_fuzz_flags})
    target_link_options(ssescope_build_flags INTERFACE -fsanitize=${SSESCOPE_FUZZ_SANITIZERS})
endif()
