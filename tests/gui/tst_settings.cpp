// Settings (app/gui/settings.h) writes the INI file itself (a checked QSaveFile, see
// tst_atomicwrites) and QSettings reads it: every value the window stores must come back as it
// went in, files QSettings wrote must still be read, and keys we do not know must survive a save.
#include <gui/settings.h>

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QRect>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QSize>
#include <QTemporaryDir>
#include <QTest>

using SseScope::Gui::Settings;

namespace {

QByteArray allBytes()
{
    QByteArray bytes;
    for (int i = 0; i < 256; ++i) {
        bytes += char(i);
    }
    static const char tail[] = "\\x41\0" "41\"quoted\", ; = @ByteArray(x)";
    return bytes + QByteArray(tail, sizeof tail - 1) + QByteArray(3, '\0');
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class tst_Settings final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }
    void defaults();
    void roundTrip_data();
    void roundTrip();
    void recentFilesAreBoundedAndOrdered();
    void sameBytesAsQSettings_data();
    void sameBytesAsQSettings();
    void readsWhatQSettingsWrote();
    void keepsKeysItDoesNotKnow();
    void twoInstancesMerge();
    void savesFromTheEventLoop();
    void reportsAFolderItCannotCreate();
};

void tst_Settings::defaults()
{
    QTemporaryDir dir;
    const Settings settings(dir.filePath(QStringLiteral("none.conf")));
    QCOMPARE(settings.windowGeometry(), QByteArray());
    QCOMPARE(settings.recentFiles(), QStringList());
    QCOMPARE(settings.browserProfile(), QStringLiteral("chromium"));
    QCOMPARE(settings.connectOnStart(), true);
    QCOMPARE(settings.autoScroll(), true);
    QCOMPARE(settings.tourShown(), false);
    QCOMPARE(settings.apiPort(), quint16(0));
    // Nothing changed: nothing written.
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("none.conf"))));
}

void tst_Settings::roundTrip_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("files");
    QTest::addColumn<bool>("flag");
    QTest::addColumn<quint16>("port");
    QTest::addRow("plain") << QByteArray("\x01\xd9\xd0\xcb\x00\x03", 6) << QStringLiteral("/home/me/scenarios")
                           << QStringList{QStringLiteral("/home/me/a.json"), QStringLiteral("/home/me/b.json")} << false
                           << quint16(8080);
    QTest::addRow("every byte") << allBytes() << QStringLiteral("C:\\Users\\me\\\"quoted\"")
                                << QStringList{QStringLiteral("/one.json")} << true << quint16(65535);
    QTest::addRow("awkward text") << QByteArray() << QStringLiteral(" leading, trailing ; = ")
                                  << QStringList{QStringLiteral("@ByteArray(not bytes)"), QStringLiteral("a, b.json"),
                                                 QStringLiteral(" spaced .json "), QStringLiteral("tab\there\nnewline"),
                                                 QStringLiteral("\\x41 and \\0")}
                                  << false << quint16(1);
    QTest::addRow("unicode") << QByteArray(1000, '\xff') << QStringLiteral(u"/home/jürgen/日本語/😀")
                             << QStringList{QStringLiteral(u"/tmp/é.json"), QStringLiteral(u"/tmp/𝄞 clef.json")} << true
                             << quint16(443);
    QTest::addRow("at sign") << QByteArray("@") << QStringLiteral("@Invalid()") << QStringList{QStringLiteral("@@x")}
                             << true << quint16(0);
}

void tst_Settings::roundTrip()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, text);
    QFETCH(QStringList, files);
    QFETCH(bool, flag);
    QFETCH(quint16, port);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("sub/dir/ssescope.conf")); // created on save
    {
        Settings settings(path);
        settings.setWindowGeometry(bytes);
        settings.setWindowState(bytes + "state");
        settings.setSplitterState(QStringLiteral("main splitter/ü"), bytes + "split");
        for (auto it = files.crbegin(); it != files.crend(); ++it) {
            settings.addRecentFile(*it);
        }
        settings.setLastDirectory(text);
        settings.setBrowserProfile(text);
        settings.setConnectOnStart(flag);
        settings.setAutoScroll(!flag);
        settings.setTourShown(flag);
        settings.setApiPort(port);
        settings.setPagePort(quint16(port / 2));
        QVERIFY2(settings.sync(), qPrintable(settings.errorString()));
    }
    const Settings read(path);
    QCOMPARE(read.windowGeometry(), bytes);
    QCOMPARE(read.windowState(), bytes + "state");
    QCOMPARE(read.splitterState(QStringLiteral("main splitter/ü")), bytes + "split");
    QCOMPARE(read.recentFiles(), files);
    QCOMPARE(read.lastDirectory(), text);
    QCOMPARE(read.browserProfile(), text);
    QCOMPARE(read.connectOnStart(), flag);
    QCOMPARE(read.autoScroll(), !flag);
    QCOMPARE(read.tourShown(), flag);
    QCOMPARE(read.apiPort(), port);
    QCOMPARE(read.pagePort(), quint16(port / 2));
    // And QSettings itself (what an older ssescope would read) sees the same.
    QSettings qt(path, QSettings::IniFormat);
    QCOMPARE(qt.status(), QSettings::NoError);
    QCOMPARE(qt.value(QStringLiteral("window/geometry")).toByteArray(), bytes);
    QCOMPARE(qt.value(QStringLiteral("files/recent")).toStringList(), files);
    QCOMPARE(qt.value(QStringLiteral("files/lastDirectory")).toString(), text);
}

void tst_Settings::recentFilesAreBoundedAndOrdered()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("ssescope.conf"));
    {
        Settings settings(path);
        for (int i = 0; i < Settings::maxRecentFiles + 3; ++i) {
            settings.addRecentFile(QStringLiteral("/f%1.json").arg(i));
        }
        settings.addRecentFile(QStringLiteral("/f5.json")); // again: moves to the front
    }
    QStringList expected{QStringLiteral("/f5.json")};
    for (int i = Settings::maxRecentFiles + 2; expected.size() < Settings::maxRecentFiles; --i) {
        if (i != 5) {
            expected.append(QStringLiteral("/f%1.json").arg(i));
        }
    }
    Settings settings(path); // saved by the destructor
    QCOMPARE(settings.recentFiles(), expected);
    settings.clearRecentFiles();
    QVERIFY(settings.sync());
    QVERIFY(!readAll(path).contains("recent"));
    QCOMPARE(Settings(path).recentFiles(), QStringList());
}

void tst_Settings::sameBytesAsQSettings_data()
{
    QTest::addColumn<QVariantMap>("values");
    QTest::addRow("window") << QVariantMap{{QStringLiteral("window/geometry"), allBytes()},
                                           {QStringLiteral("window/splitter/main"), QByteArray("\x00\x00\x00\xff", 4)},
                                           {QStringLiteral("files/recent"), QStringList{QStringLiteral("/a, b"), QStringLiteral("/c")}},
                                           {QStringLiteral("files/lastDirectory"), QStringLiteral(" /tmp/x ")},
                                           {QStringLiteral("client/connectOnStart"), false},
                                           {QStringLiteral("server/apiPort"), 8080},
                                           {QStringLiteral("topLevel"), QStringLiteral("@at")},
                                           {QStringLiteral("General/key"), 1.5}};
    QTest::addRow("lists") << QVariantMap{{QStringLiteral("a/empty"), QStringList()},
                                          {QStringLiteral("a/one"), QStringList{QStringLiteral("only")}},
                                          {QStringLiteral("a/escapes"), QStringList{QStringLiteral("\t\"\\\x01" "a")}}};
    QTest::addRow("other types") << QVariantMap{{QStringLiteral("g/rect"), QRect(1, 2, 3, 4)},
                                                {QStringLiteral("g/size"), QSize(5, 6)},
                                                {QStringLiteral("g/when"), QDateTime::fromMSecsSinceEpoch(86400000, Qt::UTC)},
                                                {QStringLiteral("g/invalid"), QVariant()},
                                                {QStringLiteral("weird key%/x"), QStringLiteral("v")}};
    QTest::addRow("unicode") << QVariantMap{{QStringLiteral(u"ü/日本"), QStringLiteral(u"jürgen 日本語 😀 \u00a0")},
                                            {QStringLiteral("u/list"), QStringList{QStringLiteral(u"é"), QStringLiteral(u"𝄞")}}};
}

void tst_Settings::sameBytesAsQSettings()
{
    // For a fresh file QSettings orders sections and keys by name, as we do: the bytes must match.
    QFETCH(QVariantMap, values);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("qt.conf"));
    {
        QSettings qt(path, QSettings::IniFormat);
        for (auto it = values.cbegin(); it != values.cend(); ++it) {
            qt.setValue(it.key(), it.value());
        }
    }
    QCOMPARE(Settings::toIni(values), readAll(path));
}

void tst_Settings::readsWhatQSettingsWrote()
{
    // The file an earlier ssescope (QSettings) wrote.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("ssescope.conf"));
    {
        QSettings qt(path, QSettings::IniFormat);
        qt.setValue(QStringLiteral("window/geometry"), allBytes());
        qt.setValue(QStringLiteral("files/recent"), QStringList{QStringLiteral(u"/ü/a.json"), QStringLiteral("/b, c.json")});
        qt.setValue(QStringLiteral("client/connectOnStart"), false);
        qt.setValue(QStringLiteral("server/apiPort"), quint16(9000));
        qt.setValue(QStringLiteral("help/tourShown"), true);
    }
    const Settings settings(path);
    QCOMPARE(settings.windowGeometry(), allBytes());
    QCOMPARE(settings.recentFiles(), (QStringList{QStringLiteral(u"/ü/a.json"), QStringLiteral("/b, c.json")}));
    QCOMPARE(settings.connectOnStart(), false);
    QCOMPARE(settings.apiPort(), quint16(9000));
    QCOMPARE(settings.tourShown(), true);
}

void tst_Settings::keepsKeysItDoesNotKnow()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("ssescope.conf"));
    const QDateTime when = QDateTime::fromMSecsSinceEpoch(1700000000000, Qt::UTC);
    {
        QSettings qt(path, QSettings::IniFormat);
        qt.setValue(QStringLiteral("future/rect"), QRect(10, 20, 30, 40));
        qt.setValue(QStringLiteral("future/when"), when);
        qt.setValue(QStringLiteral("future/ratio"), 0.25);
        qt.setValue(QStringLiteral("topLevel"), QStringLiteral("kept"));
    }
    {
        Settings settings(path);
        settings.setAutoScroll(false);
        QVERIFY2(settings.sync(), qPrintable(settings.errorString()));
    }
    QSettings qt(path, QSettings::IniFormat);
    QCOMPARE(qt.value(QStringLiteral("future/rect")).toRect(), QRect(10, 20, 30, 40));
    QCOMPARE(qt.value(QStringLiteral("future/when")).toDateTime(), when);
    QCOMPARE(qt.value(QStringLiteral("future/ratio")).toDouble(), 0.25);
    QCOMPARE(qt.value(QStringLiteral("topLevel")).toString(), QStringLiteral("kept"));
    QCOMPARE(qt.value(QStringLiteral("events/autoScroll")).toBool(), false);
}

void tst_Settings::twoInstancesMerge()
{
    // Each save merges into the file: the window's instance must not undo what another wrote.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("ssescope.conf"));
    Settings window(path);
    Settings other(path);
    other.setTourShown(true);
    QVERIFY(other.sync());
    window.setAutoScroll(false);
    QVERIFY(window.sync());
    const Settings read(path);
    QCOMPARE(read.tourShown(), true);
    QCOMPARE(read.autoScroll(), false);
}

void tst_Settings::savesFromTheEventLoop()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("ssescope.conf"));
    Settings settings(path);
    settings.setBrowserProfile(QStringLiteral("firefox"));
    settings.setApiPort(1234);
    QVERIFY(settings.hasPendingChanges());
    QTRY_VERIFY(!settings.hasPendingChanges());
    QCOMPARE(Settings(path).browserProfile(), QStringLiteral("firefox"));
    QCOMPARE(Settings(path).apiPort(), quint16(1234));
}

void tst_Settings::reportsAFolderItCannotCreate()
{
    QTemporaryDir dir;
    QFile blocker(dir.filePath(QStringLiteral("file")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    // Its folder would have to be inside a plain file.
    Settings settings(dir.filePath(QStringLiteral("file/ssescope.conf")));
    QSignalSpy failed(&settings, &Settings::saveFailed);
    settings.setTourShown(true);
    QVERIFY(!settings.sync());
    QCOMPARE(failed.size(), 1);
    QVERIFY(!settings.errorString().isEmpty());
    // Still pending at the end: the destructor tries once more and warns.
    settings.setTourShown(false);
    QVERIFY(!settings.sync());
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("The settings were not saved")));
}

QTEST_GUILESS_MAIN(tst_Settings)
#include "tst_settings.moc"
