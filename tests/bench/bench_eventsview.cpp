// GUI budget (DESIGN.md "Budgets"): 1,000,000 events kept and scrollable; 50,000 events/s
// ingested with no event-loop stall over 50 ms; <= 400 MB resident at 1M events of ~100 B.
//
// Feeds synthetic events at 50,000 per second into the window's own path — EventsModel (the
// batching model) → EventFilterProxyModel → EventsPresentationModel → a shown QTableView that
// follows the newest row — in deliveries of 500 every 10 ms, as the client's notifications
// arrive. A 1 ms watchdog timer measures the longest gap of the event loop. At the end it prints
// the figures and the verdicts. Run offscreen: QT_QPA_PLATFORM=offscreen bench_eventsview
// [events] [rate].

#include <gui/presentationmodels.h>

#include <models/eventfilterproxymodel.h>
#include <models/eventsmodel.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QHeaderView>
#include <QScrollBar>
#include <QTableView>
#include <QTimer>

#include <cstdio>
#include <ctime>

using namespace SseScope;

namespace {
qint64 residentKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly)) {
        return -1;
    }
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:")) {
            return line.mid(6).trimmed().split(' ').first().toLongLong();
        }
    }
    return -1;
}

// CPU time of this thread: on a shared machine the wall-clock stall includes time the process
// waited for a core, so the batch's own CPU cost is reported beside it.
qint64 threadCpuNs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

RecordedEvent syntheticEvent(quint64 sequence, qint64 ms)
{
    // ~100 bytes of data, like a small JSON message; the sequence number is written in place.
    static const QByteArray prefix = QByteArrayLiteral("{\"seq\":");
    static const QByteArray dataTemplate
        = prefix + QByteArray(10, '0') + QByteArrayLiteral(",\"pad\":\"") + QByteArray(76, 'x') + QByteArrayLiteral("\"}");
    static const QByteArray tick = QByteArrayLiteral("tick");
    static const QByteArray status = QByteArrayLiteral("status");
    RecordedEvent event;
    event.exchangeId = 1;
    event.receivedMs = ms;
    event.type = sequence % 10 == 0 ? status : tick;
    event.lastEventId = QByteArray::number(sequence);
    event.data = dataTemplate;
    char *digits = event.data.data() + prefix.size(); // detaches: one allocation, as a real event
    for (int i = 9; i >= 0; --i, sequence /= 10) {
        digits[i] = char('0' + sequence % 10);
    }
    return event;
}
} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    const qint64 total = args.size() > 1 ? args.at(1).toLongLong() : 1000000;
    const qint64 rate = args.size() > 2 ? args.at(2).toLongLong() : 50000;
    constexpr int deliveryMs = 10;
    const qint64 perDelivery = std::max<qint64>(1, rate * deliveryMs / 1000);

    EventsModel model;
    EventFilterProxyModel filter;
    filter.setSourceModel(&model);
    Gui::EventsPresentationModel presentation;
    presentation.setSourceModel(&filter);
    QTableView view;
    view.verticalHeader()->hide();
    view.verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view.verticalHeader()->setDefaultSectionSize(view.fontMetrics().height() + 6);
    view.horizontalHeader()->setStretchLastSection(true);
    view.setModel(&presentation);
    view.resize(900, 600);
    view.show();
    // Time each batch: from the model's first signal to the view having scrolled to the newest row.
    QElapsedTimer batchClock;
    qint64 batchCpuStart = 0;
    qint64 longestBatchNs = 0;
    qint64 longestBatchCpuNs = 0;
    qint64 batches = 0;
    const auto batchStarts = [&] {
        if (!batchClock.isValid()) {
            batchClock.start();
            batchCpuStart = threadCpuNs();
        }
    };
    QObject::connect(&model, &QAbstractItemModel::rowsAboutToBeRemoved, &view, batchStarts);
    QObject::connect(&model, &QAbstractItemModel::rowsAboutToBeInserted, &view, batchStarts);
    QObject::connect(&model, &EventsModel::batchInserted, &view, [&] {
        view.scrollToBottom();
        longestBatchNs = std::max(longestBatchNs, batchClock.nsecsElapsed());
        longestBatchCpuNs = std::max(longestBatchCpuNs, threadCpuNs() - batchCpuStart);
        batchClock.invalidate();
        ++batches;
    });

    const qint64 rssBeforeKiB = residentKiB();
    QElapsedTimer clock;
    clock.start();

    // The watchdog: the longest gap between 1 ms ticks is the longest event-loop stall.
    qint64 lastTickNs = clock.nsecsElapsed();
    qint64 lastTickCpuNs = threadCpuNs();
    qint64 longestStallNs = 0;
    qint64 longestStallCpuNs = 0; // the CPU this thread used during that gap
    qint64 longestCpuStallNs = 0; // the longest gap counted in CPU time (what the code itself costs)
    qint64 stallsOver50 = 0;
    QTimer watchdog;
    watchdog.setTimerType(Qt::PreciseTimer);
    watchdog.setInterval(1);
    QObject::connect(&watchdog, &QTimer::timeout, &app, [&] {
        const qint64 now = clock.nsecsElapsed();
        const qint64 cpuNow = threadCpuNs();
        const qint64 gap = now - lastTickNs;
        if (gap > longestStallNs) {
            longestStallNs = gap;
            longestStallCpuNs = cpuNow - lastTickCpuNs;
        }
        longestCpuStallNs = std::max(longestCpuStallNs, cpuNow - lastTickCpuNs);
        if (gap > 50'000'000) {
            ++stallsOver50;
        }
        lastTickNs = now;
        lastTickCpuNs = cpuNow;
    });
    watchdog.start();

    // The producer: `rate` events per second, in deliveries every 10 ms, on schedule.
    qint64 sent = 0;
    QTimer producer;
    producer.setTimerType(Qt::PreciseTimer);
    producer.setInterval(deliveryMs);
    QObject::connect(&producer, &QTimer::timeout, &app, [&] {
        const qint64 due = std::min<qint64>(total, clock.elapsed() * rate / 1000 + perDelivery);
        QList<RecordedEvent> batch;
        batch.reserve(due - sent);
        while (sent < due) {
            batch.append(syntheticEvent(quint64(sent + 1), clock.elapsed()));
            ++sent;
        }
        model.append(batch);
        if (sent >= total) {
            producer.stop();
            QTimer::singleShot(500, &app, [&] {
                model.flush();
                app.quit();
            });
        }
    });
    producer.start();
    app.exec();
    const double ingestSeconds = double(clock.elapsed()) / 1000.0;

    // Scrollable: jump to the top, the middle and the end and paint each.
    QElapsedTimer scrollClock;
    scrollClock.start();
    qint64 longestScrollMs = 0;
    for (const int row : {0, int(model.rowCount() / 2), model.rowCount() - 1}) {
        QElapsedTimer one;
        one.start();
        view.scrollTo(presentation.index(row, 0), QAbstractItemView::PositionAtCenter);
        view.viewport()->repaint();
        QCoreApplication::processEvents();
        longestScrollMs = std::max(longestScrollMs, one.elapsed());
    }
    const bool scrolled = view.verticalScrollBar()->maximum() > 0;

    const qint64 rssKiB = residentKiB();
    const double stallMs = double(longestStallNs) / 1e6;
    const double rssMiB = double(rssKiB) / 1024.0;
    const bool keptOk = model.rowCount() == std::min<qint64>(total, EventsModel::defaultCapacity);
    const bool stallOk = stallMs <= 50.0;
    const bool rssOk = rssMiB <= 400.0;

    std::printf("bench_eventsview: %lld events at %lld/s into EventsModel -> filter -> presentation -> QTableView\n",
                static_cast<long long>(total), static_cast<long long>(rate));
    std::printf("  ingest wall time        %.2f s (%.0f events/s achieved)\n", ingestSeconds,
                double(total) / ingestSeconds);
    std::printf("  rows kept               %d (dropped %llu)\n", model.rowCount(),
                static_cast<unsigned long long>(model.droppedCount()));
    std::printf("  longest event-loop stall %.1f ms wall, of which %.1f ms CPU (stalls over 50 ms: %lld)\n", stallMs,
                double(longestStallCpuNs) / 1e6, static_cast<long long>(stallsOver50));
    std::printf("  longest gap in CPU time  %.1f ms (the code's own cost, without waiting for a core)\n",
                double(longestCpuStallNs) / 1e6);
    std::printf("  batches                 %lld, longest %.1f ms wall, %.1f ms CPU (model + proxies + view)\n",
                static_cast<long long>(batches), double(longestBatchNs) / 1e6, double(longestBatchCpuNs) / 1e6);
    std::printf("  machine load (1 min)    %s\n", [] {
        QFile load(QStringLiteral("/proc/loadavg"));
        return load.open(QIODevice::ReadOnly) ? load.readLine().split(' ').first().toStdString() : std::string("?");
    }().c_str());
    std::printf("  scroll top/middle/end   longest %lld ms, scrollable: %s\n", static_cast<long long>(longestScrollMs),
                scrolled ? "yes" : "no");
    std::printf("  resident memory         %.1f MiB (%.1f MiB before feeding)\n", rssMiB,
                double(rssBeforeKiB) / 1024.0);
    // One line for scripts/run-benchmarks.sh, which takes the median over several runs.
    std::printf("RESULT window events=%lld rate=%lld kept=%d scrollable=%d stallms=%.1f stallcpums=%.1f "
                "cpugapms=%.1f batchcpums=%.1f rssmib=%.1f\n",
                static_cast<long long>(total), static_cast<long long>(rate), model.rowCount(), scrolled ? 1 : 0, stallMs,
                double(longestStallCpuNs) / 1e6, double(longestCpuStallNs) / 1e6, double(longestBatchCpuNs) / 1e6,
                rssMiB);
    std::printf("budget: 1,000,000 events kept and scrollable ... %s\n", keptOk && scrolled ? "PASS" : "FAIL");
    std::printf("budget: no event-loop stall over 50 ms ......... %s\n", stallOk ? "PASS" : "FAIL");
    std::printf("budget: <= 400 MB resident at 1M events ........ %s\n", rssOk ? "PASS" : "FAIL");
    return keptOk && scrolled && stallOk && rssOk ? 0 : 1;
}
