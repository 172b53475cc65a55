#include "serverpane.h"

#include "../settings.h"

#include <server/mockserver.h>

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace SseScope::Gui {

ServerPane::ServerPane(Settings &settings, QWidget *parent)
    : QWidget(parent)
    , m_settings(settings)
{
    setObjectName(QStringLiteral("serverPane"));
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(6, 4, 6, 4);
    auto *form = new QFormLayout;
    outer->addLayout(form);
    outer->addStretch(1);
    m_apiUrlLabel = new QLabel(this);
    m_apiUrlLabel->setObjectName(QStringLiteral("apiUrlLabel"));
    m_apiUrlLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_pageUrlLabel = new QLabel(this);
    m_pageUrlLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_connectionsLabel = new QLabel(this);
    m_connectionsLabel->setObjectName(QStringLiteral("connectionsLabel"));
    form->addRow(tr("API:"), m_apiUrlLabel);
    form->addRow(tr("Test page:"), m_pageUrlLabel);
    form->addRow(tr("Open streams:"), m_connectionsLabel);
    auto *ports = new QHBoxLayout;
    m_apiPortSpin = new QSpinBox(this);
    m_apiPortSpin->setRange(0, 65535);
    m_apiPortSpin->setSpecialValueText(tr("any"));
    m_apiPortSpin->setValue(m_settings.apiPort());
    m_pagePortSpin = new QSpinBox(this);
    m_pagePortSpin->setRange(0, 65535);
    m_pagePortSpin->setSpecialValueText(tr("any"));
    m_pagePortSpin->setValue(m_settings.pagePort());
    ports->addWidget(new QLabel(tr("API"), this));
    ports->addWidget(m_apiPortSpin);
    ports->addWidget(new QLabel(tr("page"), this));
    ports->addWidget(m_pagePortSpin);
    form->addRow(tr("Ports:"), ports);
    m_serverButton = new QPushButton(this);
    m_serverButton->setObjectName(QStringLiteral("serverButton"));
    connect(m_serverButton, &QPushButton::clicked, this, &ServerPane::startStopClicked);
    form->addRow(QString(), m_serverButton);
    auto *note = new QLabel(tr("Listens on loopback only. Port changes apply at the next start."), this);
    note->setWordWrap(true);
    note->setForegroundRole(QPalette::PlaceholderText);
    form->addRow(note);
}

ServerOptions ServerPane::options() const
{
    ServerOptions options;
    options.apiPort = quint16(m_apiPortSpin->value());
    options.pagePort = quint16(m_pagePortSpin->value());
    return options;
}

void ServerPane::showState(bool running, const QUrl &apiUrl, const QUrl &pageUrl, int openStreams)
{
    m_apiUrlLabel->setText(running ? apiUrl.toString() : tr("stopped"));
    m_pageUrlLabel->setText(running ? pageUrl.toString() : tr("stopped"));
    m_connectionsLabel->setText(QLocale().toString(openStreams));
    m_serverButton->setText(running ? tr("Stop") : tr("Start"));
}

void ServerPane::savePorts()
{
    m_settings.setApiPort(quint16(m_apiPortSpin->value()));
    m_settings.setPagePort(quint16(m_pagePortSpin->value()));
}

} // namespace SseScope::Gui
