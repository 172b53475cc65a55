#include "fetchrequestoptions.h"

#include "commandline.h"

#include <QFile>
#include <QFileInfo>

#include <algorithm>

namespace SseScope::Cli {

namespace {

// RFC 9110 token: what Headers.get() accepts as a name without throwing "Invalid name".
bool isToken(const QString &name)
{
    static const QString extra = QStringLiteral("!#$%&'*+-.^_`|~");
    return !name.isEmpty() && std::all_of(name.cbegin(), name.cend(), [](QChar c) {
        return (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))
            || (c >= QLatin1Char('a') && c <= QLatin1Char('z')) || extra.contains(c);
    });
}

} // namespace

FetchRequestOptions::FetchRequestOptions()
    : m_method(QStringLiteral("method"), tr("The fetch() method (default GET; fetch mode only)."),
        QStringLiteral("METHOD"))
    , m_data(QStringLiteral("data"), tr("The request body, as fetch(URL, {body}) sends it (fetch mode only)."),
          QStringLiteral("TEXT"))
    , m_dataFile(QStringLiteral("data-file"),
          tr("The request body from a file, streamed, never loaded whole (fetch mode only)."),
          QStringLiteral("FILE"))
    , m_readHeader(QStringLiteral("read-header"),
          tr("A response header the page's code reads with response.headers.get(NAME) (fetch mode only)."),
          QStringLiteral("NAME"))
{
}

QList<QCommandLineOption> FetchRequestOptions::options() const
{
    return {m_method, m_data, m_dataFile, m_readHeader};
}

QString FetchRequestOptions::apply(const QCommandLineParser &parser, RequestIntent *intent) const
{
    if (intent->mode != RequestMode::Fetch) {
        if (parser.isSet(m_method) || parser.isSet(m_data) || parser.isSet(m_dataFile)) {
            const QString option = parser.isSet(m_method) ? QStringLiteral("--method")
                : parser.isSet(m_data)                    ? QStringLiteral("--data")
                                                          : QStringLiteral("--data-file");
            return tr("%1 needs --mode fetch: EventSource always sends a GET without a body (only fetch() can)")
                .arg(option);
        }
        if (parser.isSet(m_readHeader)) {
            return tr("--read-header needs --mode fetch: an EventSource's page cannot read response headers (only "
                      "fetch() can)");
        }
        return QString();
    }
    if (parser.isSet(m_method)) {
        // Validated by the model as fetch() validates it: an invalid or forbidden method is the
        // page's TypeError, reported as a finding, not a usage error.
        intent->method = parser.value(m_method).toLatin1();
    }
    if (parser.isSet(m_data) && parser.isSet(m_dataFile)) {
        return tr("give --data or --data-file, not both");
    }
    if (parser.isSet(m_data)) {
        intent->hasBody = true;
        intent->body = parser.value(m_data).toUtf8();
    } else if (parser.isSet(m_dataFile)) {
        const QString path = parser.value(m_dataFile);
        const QFileInfo info(path);
        if (!info.exists()) {
            return tr("--data-file '%1': no such file").arg(path);
        }
        if (!info.isFile()) {
            return tr("--data-file '%1': not a regular file").arg(path);
        }
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            return tr("--data-file '%1': cannot read it: %2").arg(path, file.errorString());
        }
        intent->hasBody = true;
        intent->bodyFile = info.absoluteFilePath();
    }
    for (const QString &name : parser.values(m_readHeader)) {
        if (!isToken(name)) {
            return tr("--read-header '%1' is not a header name").arg(name);
        }
        intent->readHeaders.append(name.toLatin1());
    }
    return QString();
}

} // namespace SseScope::Cli
