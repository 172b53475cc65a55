#include "presentationmodels.h"

#include "markdowntext.h"

#include <browser/findings.h>
#include <models/modelroles.h>
#include <session/session.h>

#include <QApplication>
#include <QColor>
#include <QCoreApplication>
#include <QFontDatabase>
#include <QLocale>
#include <QPalette>
#include <QStyle>

namespace SseScope::Gui {

namespace {
bool darkPalette()
{
    return QApplication::palette().color(QPalette::Window).lightness() < 128;
}

QColor typeColor(const QString &type)
{
    // A stable colour per event type, so the eye groups them in a long table.
    static const QColor light[] = {QColor(0x1f, 0x5f, 0xa8), QColor(0x2e, 0x7d, 0x32), QColor(0x8e, 0x24, 0xaa),
                                   QColor(0xc6, 0x28, 0x28), QColor(0x00, 0x83, 0x8f), QColor(0xa1, 0x5c, 0x00)};
    static const QColor dark[] = {QColor(0x82, 0xb1, 0xff), QColor(0x81, 0xc7, 0x84), QColor(0xce, 0x93, 0xd8),
                                  QColor(0xef, 0x9a, 0x9a), QColor(0x80, 0xde, 0xea), QColor(0xff, 0xcc, 0x80)};
    const size_t slot = qHash(type) % std::size(light);
    return darkPalette() ? dark[slot] : light[slot];
}

QVariant rightAligned()
{
    return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
}
} // namespace

QString severityText(int severity)
{
    switch (Severity(severity)) {
    case Severity::Error:
        return QCoreApplication::translate("SseScope::Gui", "Error");
    case Severity::Warning:
        return QCoreApplication::translate("SseScope::Gui", "Warning");
    case Severity::Info:
        return QCoreApplication::translate("SseScope::Gui", "Info");
    }
    return {};
}

QString exchangeKindText(int kind)
{
    switch (ExchangeKind(kind)) {
    case ExchangeKind::Preflight:
        return QCoreApplication::translate("SseScope::Gui", "Preflight");
    case ExchangeKind::Login:
        return QCoreApplication::translate("SseScope::Gui", "Login");
    case ExchangeKind::Redirect:
        return QCoreApplication::translate("SseScope::Gui", "Redirect");
    case ExchangeKind::Stream:
        return QCoreApplication::translate("SseScope::Gui", "Stream");
    }
    return {};
}

QString translatedFindingText(const QString &english)
{
    const QByteArray utf8 = english.toUtf8();
    return QCoreApplication::translate("Finding", utf8.constData());
}

QString visibleLineEnds(const QString &text, int maxChars)
{
    QString result;
    const qsizetype count = std::min<qsizetype>(text.size(), maxChars);
    result.reserve(count + 1);
    for (qsizetype i = 0; i < count; ++i) {
        const QChar c = text.at(i);
        if (c == u'\n') {
            result += u'⏎';
        } else if (c == u'\r') {
            result += u'␍';
        } else if (c == u'\t') {
            result += u'→';
        } else {
            result += c;
        }
    }
    if (text.size() > maxChars) {
        result += u'…';
    }
    return result;
}

QString formatMilliseconds(qint64 ms)
{
    return QCoreApplication::translate("SseScope::Gui", "%1 s").arg(QLocale().toString(double(ms) / 1000.0, 'f', 3));
}

QString formatBytes(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

QColor severityColor(int severity)
{
    const bool dark = darkPalette();
    switch (Severity(severity)) {
    case Severity::Error:
        return dark ? QColor(0xff, 0x8a, 0x80) : QColor(0xb7, 0x1c, 0x1c);
    case Severity::Warning:
        return dark ? QColor(0xff, 0xd1, 0x80) : QColor(0x9a, 0x5b, 0x00);
    case Severity::Info:
        return QApplication::palette().color(QPalette::Text);
    }
    return {};
}

ToneColors toneColors(int severity, const QPalette &palette)
{
    const bool dark = palette.color(QPalette::Window).lightness() < 128;
    switch (severity) {
    case int(Severity::Error):
        return {(dark ? QColor(0x4a, 0x1c, 0x1c) : QColor(0xfd, 0xec, 0xea)).name(), QColor(0xd3, 0x2f, 0x2f).name()};
    case int(Severity::Warning):
        return {(dark ? QColor(0x4a, 0x3b, 0x12) : QColor(0xff, 0xf4, 0xe5)).name(), QColor(0xed, 0x6c, 0x02).name()};
    case int(Severity::Info):
        return {(dark ? QColor(0x1b, 0x3d, 0x20) : QColor(0xed, 0xf7, 0xed)).name(), QColor(0x2e, 0x7d, 0x32).name()};
    default:
        return {QStringLiteral("palette(alternate-base)"), QStringLiteral("palette(mid)")};
    }
}

QColor secondaryTextColor(const QPalette &palette)
{
    return palette.color(QPalette::Disabled, QPalette::Text);
}

// -- events --

QVariant EventsPresentationModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid()) {
        return {};
    }
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole: {
        const QVariant raw = QIdentityProxyModel::data(index, Qt::DisplayRole);
        switch (column) {
        case EventColumn::Time:
            return formatMilliseconds(raw.toLongLong());
        case EventColumn::Delta:
            return tr("+%1 ms").arg(QLocale().toString(raw.toLongLong()));
        case EventColumn::Data:
            return visibleLineEnds(raw.toString(), 240);
        case EventColumn::Size:
            return formatBytes(raw.toLongLong());
        case EventColumn::Id:
            // Across a reconnect: delivered twice, or events missed right before it.
            switch (RecordedEvent::Replay(QIdentityProxyModel::data(index, EventReplayRole).toInt())) {
            case RecordedEvent::Replay::Repeated:
                return tr("%1 · twice").arg(raw.toString());
            case RecordedEvent::Replay::AfterGap:
                return tr("%1 · %n missed before", nullptr, QIdentityProxyModel::data(index, EventMissedBeforeRole).toInt())
                    .arg(raw.toString());
            case RecordedEvent::Replay::None:
                break;
            }
            return raw;
        default:
            return raw;
        }
    }
    case Qt::ToolTipRole:
        if (column == EventColumn::Data) {
            return visibleLineEnds(QIdentityProxyModel::data(index, EventDataRole).toString(), 2000);
        }
        if (column == EventColumn::Id) {
            switch (RecordedEvent::Replay(QIdentityProxyModel::data(index, EventReplayRole).toInt())) {
            case RecordedEvent::Replay::Repeated:
                return tr("Delivered twice: the page had already received this id before the reconnect "
                          "(stream.events-repeated).");
            case RecordedEvent::Replay::AfterGap:
                return tr("After the reconnect the server skipped %n event(s) before this one: the page never got "
                          "them (stream.events-missed).",
                          nullptr, QIdentityProxyModel::data(index, EventMissedBeforeRole).toInt());
            case RecordedEvent::Replay::None:
                break;
            }
        }
        return {};
    case Qt::BackgroundRole:
        // The whole row, so a mark is seen while scrolling.
        switch (RecordedEvent::Replay(QIdentityProxyModel::data(index, EventReplayRole).toInt())) {
        case RecordedEvent::Replay::Repeated:
            return QColor(255, 193, 7, 70); // amber, translucent on light and dark palettes
        case RecordedEvent::Replay::AfterGap:
            return QColor(211, 47, 47, 60);
        case RecordedEvent::Replay::None:
            break;
        }
        return {};
    case Qt::TextAlignmentRole:
        if (column == EventColumn::Time || column == EventColumn::Delta || column == EventColumn::Size) {
            return rightAligned();
        }
        return {};
    case Qt::ForegroundRole:
        if (column == EventColumn::Type) {
            return typeColor(QIdentityProxyModel::data(index, EventTypeRole).toString());
        }
        return {};
    case Qt::FontRole:
        if (column == EventColumn::Data || column == EventColumn::Id) {
            return QFontDatabase::systemFont(QFontDatabase::FixedFont);
        }
        return {};
    default:
        return QIdentityProxyModel::data(index, role);
    }
}

QVariant EventsPresentationModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole) {
        switch (section) {
        case EventColumn::Time:
            return tr("Time");
        case EventColumn::Delta:
            return tr("Δt");
        case EventColumn::Type:
            return tr("Type");
        case EventColumn::Id:
            return tr("Id");
        case EventColumn::Data:
            return tr("Data");
        case EventColumn::Size:
            return tr("Size");
        default:
            break;
        }
    }
    return QIdentityProxyModel::headerData(section, orientation, role);
}

// -- exchanges --

QVariant ExchangesPresentationModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid()) {
        return {};
    }
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole: {
        const QVariant raw = QIdentityProxyModel::data(index, Qt::DisplayRole);
        switch (column) {
        case ExchangeColumn::Kind:
            return exchangeKindText(raw.toInt());
        case ExchangeColumn::Status:
            if (raw.toInt() == 0) {
                return QIdentityProxyModel::data(index, ExchangeOpenRole).toBool() ? tr("pending") : tr("(none)");
            }
            return raw;
        case ExchangeColumn::Started:
            return formatMilliseconds(raw.toLongLong());
        case ExchangeColumn::Duration:
            return raw.toLongLong() < 0 ? tr("open") : tr("%1 ms").arg(QLocale().toString(raw.toLongLong()));
        case ExchangeColumn::Bytes:
            return formatBytes(raw.toLongLong());
        default:
            return raw;
        }
    }
    case Qt::ForegroundRole:
        if (QIdentityProxyModel::data(index, ExchangeFailedRole).toBool()) {
            return severityColor(int(Severity::Error));
        }
        return {};
    case Qt::TextAlignmentRole:
        if (column == ExchangeColumn::Number || column == ExchangeColumn::Started || column == ExchangeColumn::Duration
            || column == ExchangeColumn::Bytes) {
            return rightAligned();
        }
        return {};
    case Qt::ToolTipRole:
        if (column == ExchangeColumn::Url) {
            return QIdentityProxyModel::data(index, Qt::DisplayRole);
        }
        return {};
    default:
        return QIdentityProxyModel::data(index, role);
    }
}

QVariant ExchangesPresentationModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole) {
        switch (section) {
        case ExchangeColumn::Number:
            return tr("#");
        case ExchangeColumn::Kind:
            return tr("Kind");
        case ExchangeColumn::Method:
            return tr("Method");
        case ExchangeColumn::Url:
            return tr("URL");
        case ExchangeColumn::Status:
            return tr("Status");
        case ExchangeColumn::Started:
            return tr("Started");
        case ExchangeColumn::Duration:
            return tr("Duration");
        case ExchangeColumn::Bytes:
            return tr("Body");
        case ExchangeColumn::Error:
            return tr("Error");
        default:
            break;
        }
    }
    return QIdentityProxyModel::headerData(section, orientation, role);
}

// -- findings --

QVariant FindingsPresentationModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid()) {
        return {};
    }
    const int column = index.column();
    const int severity = QIdentityProxyModel::data(index, FindingSeverityRole).toInt();
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case FindingColumn::Severity:
            return severityText(severity);
        case FindingColumn::Title:
            return inlineMarkdownToPlain(
                translatedFindingText(QIdentityProxyModel::data(index, FindingTitleRole).toString()));
        default:
            return QIdentityProxyModel::data(index, role);
        }
    case Qt::DecorationRole:
        if (column == FindingColumn::Severity) {
            const QStyle::StandardPixmap pixmap = severity == int(Severity::Error) ? QStyle::SP_MessageBoxCritical
                : severity == int(Severity::Warning)                               ? QStyle::SP_MessageBoxWarning
                                                                                    : QStyle::SP_MessageBoxInformation;
            return QApplication::style()->standardIcon(pixmap);
        }
        return {};
    case Qt::ForegroundRole:
        if (column == FindingColumn::Severity || column == FindingColumn::Title) {
            return severityColor(severity);
        }
        return {};
    case Qt::ToolTipRole:
        // Rich text: a tooltip starting with a tag is rendered, so the code spans show as code.
        return QStringLiteral("<p>%1</p>").arg(
            inlineMarkdownToHtml(translatedFindingText(QIdentityProxyModel::data(index, FindingExplanationRole).toString())));
    case Qt::FontRole:
        if (column == FindingColumn::Id || column == FindingColumn::Detail) {
            return QFontDatabase::systemFont(QFontDatabase::FixedFont);
        }
        return {};
    default:
        return QIdentityProxyModel::data(index, role);
    }
}

QVariant FindingsPresentationModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole) {
        switch (section) {
        case FindingColumn::Severity:
            return tr("Severity");
        case FindingColumn::Title:
            return tr("Finding");
        case FindingColumn::Detail:
            return tr("Seen");
        case FindingColumn::Id:
            return tr("Rule");
        default:
            break;
        }
    }
    return QIdentityProxyModel::headerData(section, orientation, role);
}

// -- cookies --

QVariant CookiesPresentationModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid()) {
        return {};
    }
    const bool set = QIdentityProxyModel::data(index, CookieDirectionRole).toInt() == int(RecordedCookie::Direction::Set);
    const bool included = QIdentityProxyModel::data(index, CookieIncludedRole).toBool();
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case CookieColumn::Direction:
            return set ? tr("Set-Cookie") : tr("Cookie");
        case CookieColumn::Outcome:
            if (set) {
                return included ? tr("stored") : tr("refused");
            }
            return included ? tr("sent") : tr("blocked");
        default:
            return QIdentityProxyModel::data(index, role);
        }
    case Qt::ForegroundRole:
        if (!included) {
            return severityColor(int(Severity::Error));
        }
        return {};
    default:
        return QIdentityProxyModel::data(index, role);
    }
}

QVariant CookiesPresentationModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole) {
        switch (section) {
        case CookieColumn::Exchange:
            return tr("Exchange");
        case CookieColumn::Direction:
            return tr("Header");
        case CookieColumn::Name:
            return tr("Cookie");
        case CookieColumn::Outcome:
            return tr("Fate");
        case CookieColumn::Reasons:
            return tr("Why");
        default:
            break;
        }
    }
    return QIdentityProxyModel::headerData(section, orientation, role);
}

} // namespace SseScope::Gui
