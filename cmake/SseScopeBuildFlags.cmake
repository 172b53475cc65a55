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
# and ASan+UBSan; only the fuzz executables link libFuzzer's main (-fsanitize=fuzzer there).
if(SSESCOPE_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
        message(FATAL_ERROR "SSESCOPE_FUZZ needs clang++ (use the 'fuzz' preset)")
    endif()
    set(_ssescope_fuzz_flags -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
        -fno-sanitize-recover=undefined
        # Qt's qCDebug(cat) << ... is a variadic macro used without arguments: valid C++20, fine.
        -Wno-gnu-zero-variadic-macro-arguments)
    target_compile_options(ssescope_build_flags INTERFACE ${_ssescope_fuzz_flags})
    target_link_options(ssescope_build_flags INTERFACE -fsanitize=address,undefined)
endif()
