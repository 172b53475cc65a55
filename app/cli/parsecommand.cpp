// `ssescope parse [FILE|-] [--json | --stats]` (../shared/CLI.md): feeds the bytes to the
// event-stream parser exactly as a browser would and prints the events it dispatches. The input
// is read and printed chunk by chunk, so stdin streams (`curl -N … | ssescope parse`) and memory
// stays bounded by the parser's limits whatever the input's size.

#include "commandline.h"
#include "commands.h"

#include <sse/eventstreamparser.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstdio>
#include <cstring>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

namespace SseScope::Cli {

namespace {

const QString kCommand = QStringLiteral("parse");
constexpr qsizetype kChunkSize = 64 * 1024;

enum class OutputFormat
{
    Readable,
    Json,
    Stats
};

void appendJsonString(QByteArray &out, QByteArrayView utf8)
{
    static const char hex[] = "0123456789abcdef";
    out += '"';
    for (const char c : utf8) {
        const auto u = uchar(c);
        switch (u) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (u < 0x20) {
                out += "\\u00";
                out += hex[u >> 4];
                out += hex[u & 0xF];
            } else {
                out += c; // the parser guarantees valid UTF-8
            }
        }
    }
    out += '"';
}

// Control characters would garble a terminal; the readable form shows them as \xNN.
void appendReadable(QByteArray &out, QByteArrayView utf8)
{
    static const char hex[] = "0123456789abcdef";
    for (const char c : utf8) {
        const auto u = uchar(c);
        if ((u < 0x20 && u != '\t') || u == 0x7F) {
            out += "\\x";
            out += hex[u >> 4];
            out += hex[u & 0xF];
        } else {
            out += c;
        }
    }
}

// Writes what the parser reports to stdout as it comes (flushed after every input chunk).
class OutputSink final : public EventStreamSink
{
public:
    explicit OutputSink(OutputFormat format)
        : m_format(format)
    {
        if (m_format == OutputFormat::Json) {
            m_out += "{\"events\":[";
        }
    }

    void event(const SseEvent &event) override
    {
        ++m_events;
        switch (m_format) {
        case OutputFormat::Stats:
            return;
        case OutputFormat::Json:
            if (m_events > 1) {
                m_out += ',';
            }
            m_out += "{\"type\":";
            appendJsonString(m_out, event.type);
            m_out += ",\"data\":";
            appendJsonString(m_out, event.data);
            m_out += ",\"lastEventId\":";
            appendJsonString(m_out, event.lastEventId);
            m_out += '}';
            return;
        case OutputFormat::Readable:
            m_out += "event ";
            m_out += QByteArray::number(m_events);
            m_out += ": ";
            appendReadable(m_out, event.type);
            m_out += "  (bytes ";
            m_out += QByteArray::number(event.startOffset);
            m_out += '-';
            m_out += QByteArray::number(event.endOffset);
            m_out += ")\n";
            if (!event.lastEventId.isEmpty()) {
                m_out += "  id: ";
                appendReadable(m_out, event.lastEventId);
                m_out += '\n';
            }
            appendDataLines(event.data);
            m_out += '\n';
            return;
        }
    }

    void retry(const RetryField &field) override
    {
        if (field.milliseconds) {
            m_reconnectionTimeMs = field.milliseconds;
        }
        if (m_format == OutputFormat::Readable) {
            if (field.milliseconds) {
                m_out += "retry: reconnection time " + QByteArray::number(*field.milliseconds) + " ms\n\n";
            } else {
                m_out += "retry: ignored value \"";
                appendReadable(m_out, field.value);
                m_out += "\" (not ASCII digits only)\n\n";
            }
        }
    }

    void comment(QByteArrayView text, qint64 offset) override
    {
        Q_UNUSED(text)
        Q_UNUSED(offset)
        ++m_comments;
    }

    void error(const ParseError &error) override
    {
        m_errors.append(error);
        if (m_format == OutputFormat::Readable) {
            m_out += "error: " + ParseError::kindName(error.kind).toUtf8() + ": " + error.message().toUtf8() + "\n\n";
        }
    }

    // Writes what has been collected so far.
    void flush()
    {
        if (!m_out.isEmpty()) {
            std::fwrite(m_out.constData(), 1, size_t(m_out.size()), stdout);
            m_out.resize(0);
        }
        std::fflush(stdout);
    }

    void end(qint64 bytes)
    {
        switch (m_format) {
        case OutputFormat::Stats:
            m_out += "{\"events\":" + QByteArray::number(m_events) + ",\"bytes\":" + QByteArray::number(bytes) + "}\n";
            break;
        case OutputFormat::Json:
            m_out += "],\"reconnectionTimeMs\":";
            m_out += m_reconnectionTimeMs ? QByteArray::number(*m_reconnectionTimeMs) : QByteArray("null");
            m_out += ",\"comments\":" + QByteArray::number(m_comments) + ",\"errors\":[";
            for (qsizetype i = 0; i < m_errors.size(); ++i) {
                const ParseError &error = m_errors.at(i);
                if (i > 0) {
                    m_out += ',';
                }
                m_out += "{\"kind\":";
                appendJsonString(m_out, ParseError::kindName(error.kind).toUtf8());
                m_out += ",\"offset\":" + QByteArray::number(error.offset)
                    + ",\"bytes\":" + QByteArray::number(error.bytes) + ",\"limit\":" + QByteArray::number(error.limit)
                    + ",\"message\":";
                appendJsonString(m_out, error.message().toUtf8());
                m_out += '}';
            }
            m_out += "]}\n";
            break;
        case OutputFormat::Readable:
            m_out += QByteArray::number(m_events) + (m_events == 1 ? " event, " : " events, ")
                + QByteArray::number(m_comments) + (m_comments == 1 ? " comment, " : " comments, ")
                + QByteArray::number(m_errors.size()) + (m_errors.size() == 1 ? " error, " : " errors, ")
                + QByteArray::number(bytes) + " bytes; reconnection time: "
                + (m_reconnectionTimeMs ? QByteArray::number(*m_reconnectionTimeMs) + " ms"
                                        : QByteArray("not set (browser default)"))
                + '\n';
            break;
        }
        flush();
    }

private:
    void appendDataLines(QByteArrayView data)
    {
        qsizetype from = 0;
        while (true) {
            const qsizetype lf = data.indexOf('\n', from);
            m_out += "  data: ";
            appendReadable(m_out, data.sliced(from, (lf < 0 ? data.size() : lf) - from));
            m_out += '\n';
            if (lf < 0) {
                break;
            }
            from = lf + 1;
        }
    }

    const OutputFormat m_format;
    QByteArray m_out;
    qint64 m_events = 0;
    qint64 m_comments = 0;
    QList<ParseError> m_errors; // at most one per maxLineBytes of input
    std::optional<qint64> m_reconnectionTimeMs;
};

// Reads up to kChunkSize bytes; on stdin, returns whatever has arrived so that events print
// as soon as their blank line does. Returns -1 on a read error (errno set).
qint64 readChunk(QFile &file, bool isStdin, char *buffer)
{
#ifdef Q_OS_UNIX
    if (isStdin) {
        while (true) {
            const ssize_t n = ::read(STDIN_FILENO, buffer, size_t(kChunkSize));
            if (n >= 0 || errno != EINTR) {
                return qint64(n);
            }
        }
    }
#else
    Q_UNUSED(isStdin)
#endif
    return file.read(buffer, kChunkSize);
}

std::optional<qint64> positiveNumber(const QString &text)
{
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok || value <= 0) {
        return std::nullopt;
    }
    return value;
}

} // namespace

int runParse(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Feeds an event stream to the parser exactly as a browser would and prints the events it dispatches."));
    parser.addPositionalArgument(
        QStringLiteral("file"), tr("The stream's bytes; '-' or nothing reads stdin."), QStringLiteral("[FILE|-]"));
    const QCommandLineOption jsonOption(QStringLiteral("json"), tr("Print the events as JSON."));
    const QCommandLineOption statsOption(
        QStringLiteral("stats"), tr("Print only the number of events and bytes, as JSON."));
    const EventStreamParser::Limits defaults;
    const QCommandLineOption maxLineOption(QStringLiteral("max-line-bytes"),
        tr("Skip lines longer than this and report an error (default %1).").arg(defaults.maxLineBytes),
        QStringLiteral("N"));
    const QCommandLineOption maxEventOption(QStringLiteral("max-event-bytes"),
        tr("Drop events with more data than this and report an error (default %1).").arg(defaults.maxEventBytes),
        QStringLiteral("N"));
    parser.addOptions({jsonOption, statsOption, maxLineOption, maxEventOption});
    if (const std::optional<int> status = parseCommandLine(parser, arguments)) {
        return *status;
    }

    if (parser.isSet(jsonOption) && parser.isSet(statsOption)) {
        return usageError(kCommand, tr("--json and --stats cannot be used together"));
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1) {
        return usageError(kCommand, tr("expected at most one FILE, got %1").arg(positional.size()));
    }
    EventStreamParser::Limits limits;
    for (const auto &[option, target] :
        {std::pair {&maxLineOption, &limits.maxLineBytes}, std::pair {&maxEventOption, &limits.maxEventBytes}}) {
        if (parser.isSet(*option)) {
            const std::optional<qint64> value = positiveNumber(parser.value(*option));
            if (!value) {
                return usageError(kCommand,
                    tr("--%1 needs a positive number of bytes, not '%2'")
                        .arg(option->names().constFirst(), parser.value(*option)));
            }
            *target = *value;
        }
    }

    const QString path = positional.isEmpty() ? QStringLiteral("-") : positional.constFirst();
    const bool isStdin = path == QLatin1String("-");
    QFile file;
    if (isStdin) {
        if (!file.open(stdin, QIODevice::ReadOnly)) {
            return usageError(kCommand, tr("cannot read stdin: %1").arg(file.errorString()));
        }
    } else {
        if (QFileInfo(path).isDir()) {
            return usageError(kCommand, tr("cannot read '%1': it is a directory").arg(path));
        }
        file.setFileName(path);
        if (!file.open(QIODevice::ReadOnly)) {
            return usageError(kCommand, tr("cannot read '%1': %2").arg(path, file.errorString()));
        }
    }

    const OutputFormat format = parser.isSet(jsonOption) ? OutputFormat::Json
        : parser.isSet(statsOption)                      ? OutputFormat::Stats
                                                         : OutputFormat::Readable;
    OutputSink sink(format);
    EventStreamParser eventParser(sink, limits);
    QByteArray buffer(kChunkSize, Qt::Uninitialized);
    qint64 total = 0;
    while (true) {
        const qint64 n = readChunk(file, isStdin, buffer.data());
        if (n < 0) {
            const QString reason = isStdin ? QString::fromLocal8Bit(std::strerror(errno)) : file.errorString();
            sink.flush();
            return usageError(kCommand,
                tr("cannot read '%1' after %2 bytes: %3").arg(isStdin ? tr("stdin") : path).arg(total).arg(reason));
        }
        if (n == 0) {
            break;
        }
        total += n;
        eventParser.feed(QByteArrayView(buffer.constData(), n));
        if (format != OutputFormat::Stats) {
            sink.flush();
        }
    }
    eventParser.finish();
    sink.end(total);
    return ExitSuccess;
}

} // namespace SseScope::Cli
