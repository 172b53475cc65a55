#pragma once

#include <QIdentityProxyModel>

class QPalette;

namespace SseScope::Gui {

// Presentation over the core models (STYLE.md §4): translated headers and enum names, formatted
// numbers, colours, fonts, icons and tooltips. The raw values stay reachable through the typed
// roles in models/modelroles.h.

class EventsPresentationModel final : public QIdentityProxyModel
{
    Q_OBJECT
public:
    using QIdentityProxyModel::QIdentityProxyModel;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
};

class ExchangesPresentationModel final : public QIdentityProxyModel
{
    Q_OBJECT
public:
    using QIdentityProxyModel::QIdentityProxyModel;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
};

class FindingsPresentationModel final : public QIdentityProxyModel
{
    Q_OBJECT
public:
    using QIdentityProxyModel::QIdentityProxyModel;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
};

class CookiesPresentationModel final : public QIdentityProxyModel
{
    Q_OBJECT
public:
    using QIdentityProxyModel::QIdentityProxyModel;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
};

// Shared wording, so the banner, the tables and the details say the same thing.
QString severityText(int severity);
QString exchangeKindText(int kind);
QString translatedFindingText(const QString &english); // context "Finding"
// Shows control characters of a data preview: LF as ⏎, CR as ␍, tab as →.
QString visibleLineEnds(const QString &text, int maxChars);
QString formatMilliseconds(qint64 ms); // "12.345 s"
QString formatBytes(qint64 bytes);
// A colour that reads on the current palette (lighter on a dark palette).
QColor severityColor(int severity);
// The verdict banner's tones, as stylesheet colours: severity Error red, Warning amber, Info
// green, -1 neutral (palette roles). Light or dark after `palette`.
struct ToneColors
{
    QString background;
    QString border;
};
ToneColors toneColors(int severity, const QPalette &palette);
// What the transport added and a browser would not send: shown, but greyed.
QColor secondaryTextColor(const QPalette &palette);

} // namespace SseScope::Gui
