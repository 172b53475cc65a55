# CPack: `cpack -G DEB` and `cpack -G TGZ` in a build directory (plain `cpack` makes both) pack what
# the install() rules install. The .deb takes its library dependencies from dpkg-shlibdeps, so it
# names exactly the Qt and libpsl packages the binary links (the xcb platform plugin comes with
# libqt6gui6, the TLS backend with libqt6network6).
set(CPACK_PACKAGE_NAME "ssescope")
set(CPACK_PACKAGE_VENDOR "SSE Scope contributors")
set(CPACK_PACKAGE_CONTACT "${SSESCOPE_MAINTAINER}") # packaging/CMakeLists.txt
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
# The synopsis line: at most 80 characters (Debian policy 3.4.1; lintian synopsis-too-long).
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "lab for cross-origin Server-Sent Events: mock server and browser-faithful client")
set(CPACK_PACKAGE_HOMEPAGE_URL "${PROJECT_HOMEPAGE_URL}")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "ssescope")
set(CPACK_PACKAGE_EXECUTABLES "ssescope" "SSE Scope")
set(CPACK_RESOURCE_FILE_README "${PROJECT_SOURCE_DIR}/README.md")
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
set(CPACK_GENERATOR "DEB;TGZ")
set(CPACK_STRIP_FILES ON)
# The archive unpacks into ssescope-<version>-Linux/{bin,share}.
set(CPACK_INCLUDE_TOPLEVEL_DIRECTORY ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CPACK_PACKAGE_CONTACT}")
set(CPACK_DEBIAN_PACKAGE_SECTION "devel")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The test page opens in a real browser to confirm a diagnosis.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "chromium | firefox-esr")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# The extended description under the summary line; CPack indents it and turns the empty line
# into " ." (deb-control(5)).
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "SSE Scope makes cross-origin Server-Sent Events debuggable. A mock SSE server
driven by scenarios and a client that connects the way a browser would sit
side by side; the diagnosis names the rule the browser applies, prints the
exact console message and shows the headers that fix it.

The same binary runs headless for scripts and CI: 'ssescope check URL
--origin ORIGIN' exits non-zero when a browser would block the stream.")

set(CPACK_SOURCE_GENERATOR "TGZ")
set(CPACK_SOURCE_IGNORE_FILES "/\\\\.git/" "/build/" "/node_modules/" "\\\\.swp$")

include(CPack)
