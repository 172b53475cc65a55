#pragma once

#include <QDialog>

#include <optional>

class QCheckBox;

namespace SseScope::Gui {

// Asked before a HAR export: sanitized by default; keeping secrets shows a warning.
class HarExportDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit HarExportDialog(QWidget *parent = nullptr);
    bool keepSecrets() const;

    // Whether to keep secrets, or nullopt when cancelled.
    static std::optional<bool> ask(QWidget *parent);

private:
    QCheckBox *m_keep = nullptr;
};

} // namespace SseScope::Gui
