// Writes docs/findings.md from the findings catalogue (the `update_findings_doc` target).
#include <browser/findings.h>

#include <QCoreApplication>
#include <QFile>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    if (args.size() != 2) {
        QTextStream(stderr) << "usage: ssescope_findings_doc OUTPUT.md\n";
        return 2;
    }
    QFile file(args.at(1));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        QTextStream(stderr) << args.at(1) << ": " << file.errorString() << '\n';
        return 1;
    }
    file.write(SseScope::findingCatalogueMarkdown().toUtf8());
    return 0;
}
