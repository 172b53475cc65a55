#include "harexportdialog.h"

#include "presentationmodels.h"

#include <browser/findings.h>

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QVBoxLayout>

namespace SseScope::Gui {

HarExportDialog::HarExportDialog(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Export Session as HAR"));
    auto *layout = new QVBoxLayout(this);
    auto *info = new QLabel(tr("The export is sanitized: cookie values, Authorization and tokens are "
                               "replaced, so the file can be attached to a bug report."),
                            this);
    info->setWordWrap(true);
    layout->addWidget(info);
    m_keep = new QCheckBox(tr("&Keep secrets (cookies, Authorization, tokens)"), this);
    m_keep->setChecked(false);
    layout->addWidget(m_keep);
    auto *warning = new QLabel(tr("The file will hold secrets: do not share it."), this);
    warning->setStyleSheet(QStringLiteral("color: %1; font-weight: bold;").arg(severityColor(int(Severity::Error)).name()));
    warning->setVisible(false);
    layout->addWidget(warning);
    connect(m_keep, &QCheckBox::toggled, warning, &QWidget::setVisible);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

bool HarExportDialog::keepSecrets() const
{
    return m_keep->isChecked();
}

std::optional<bool> HarExportDialog::ask(QWidget *parent)
{
    HarExportDialog dialog(parent);
    if (dialog.exec() != QDialog::Accepted) {
        return std::nullopt;
    }
    return dialog.keepSecrets();
}

} // namespace SseScope::Gui
