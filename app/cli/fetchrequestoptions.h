#pragma once

#include <browser/requestintent.h>

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QList>
#include <QString>

namespace SseScope::Cli {

// `check`'s options for the request a page's fetch() makes (CLI.md): --method, --data,
// --data-file, --read-header. Fetch mode only, like --header: an EventSource always GETs without a
// body and its page reads no response header.
class FetchRequestOptions
{
public:
    FetchRequestOptions();

    QList<QCommandLineOption> options() const;
    // Fills the intent's method, body and read headers. Returns the usage error's reason (empty
    // when the options are fine). A --data-file is checked for reading here and streamed later,
    // never loaded whole.
    QString apply(const QCommandLineParser &parser, RequestIntent *intent) const;

private:
    QCommandLineOption m_method;
    QCommandLineOption m_data;
    QCommandLineOption m_dataFile;
    QCommandLineOption m_readHeader;
};

} // namespace SseScope::Cli
