#pragma once

// A test that needs a tool this machine may lack (a browser, Node.js, a TLS backend) skips loudly
// on a developer's machine, but under CI=true a missing tool fails the run: otherwise a green CI
// could mean the browser suites never ran (issue 12).
//
//   if (!QFileInfo::exists(chromium))
//       SSESCOPE_SKIP_OR_FAIL_IN_CI("SKIPPED LOUDLY: /usr/bin/chromium is missing, ...");
//
// Use it only for a missing tool; a skip that is a choice (a filter that selects nothing, a
// platform the check does not apply to) stays a plain QSKIP.

#include <QtCore/QByteArray>
#include <QtCore/QString>
#include <QtCore/QtGlobal>
#include <QtTest/QTest>

namespace SseScopeTest {

// True when the run is CI's (CI=true, as CI systems set it): a missing tool is then an error.
inline bool missingToolFailsRun()
{
    const QByteArray ci = qgetenv("CI").trimmed().toLower();
    return ci == "true" || ci == "1" || ci == "yes";
}

// The message as a QString, whether it was written as a literal or built as a QString.
inline QString toolMessage(const char *message)
{
    return QString::fromUtf8(message);
}
inline QString toolMessage(const QString &message)
{
    return message;
}

} // namespace SseScopeTest

#define SSESCOPE_SKIP_OR_FAIL_IN_CI(message)                                                       \
    do {                                                                                           \
        if (SseScopeTest::missingToolFailsRun()) {                                                 \
            QFAIL(qPrintable(QStringLiteral("CI=true, so a missing tool fails the run: ")          \
                + SseScopeTest::toolMessage(message)));                                                               \
        }                                                                                          \
        QSKIP(qPrintable(SseScopeTest::toolMessage(message)));                                                       \
    } while (false)
