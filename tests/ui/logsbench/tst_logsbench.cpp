// The Logs tab at 10,000 lines a second: 3 s of log lines in 60 batches a second (as the run
// controller coalesces them) into a shown LogsPanel that follows the tail, with a ring of 100k.
// Prints the time per batch (append + repaint) — median, p95, max; asserts nothing about time
// (machines differ), only that every line arrived.
#include "Theme.h"
#include "panels/run/LogsPanel.h"

#include <QElapsedTimer>
#include <QTableView>
#include <QTest>
#include <QThread>

#include <algorithm>

using namespace ml;
using namespace ml::ui;
using namespace ml::ui::run;

class TestLogsBench : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        initResources();
        applyTheme(ThemeMode::Light);
    }

    void tenThousandLinesPerSecond()
    {
        constexpr int kRate = 10000;
        constexpr int kBatchesPerSecond = 60;
        constexpr int kSeconds = 3;
        Diagram diagram;
        for (const char* id : {"api", "router", "worker", "notify"}) {
            Node n;
            n.id = NodeId(QString::fromLatin1(id));
            n.kind = QStringLiteral("worker");
            diagram.addNode(n);
        }
        RunFeed feed;
        feed.beginRun(diagram, [](const std::function<void(EngineRun&)>&) { return false; });
        LogsPanel panel(&feed);
        panel.resize(1200, 400);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));

        std::vector<double> ms, appendMs;
        quint64 line = 0;
        QElapsedTimer wall;
        wall.start();
        for (int b = 0; b < kBatchesPerSecond * kSeconds; ++b) {
            auto batch = std::make_shared<std::vector<EngineEvent>>();
            const int n = kRate / kBatchesPerSecond + (b % 3 == 0 ? 1 : 0);
            batch->reserve(size_t(n));
            for (int i = 0; i < n; ++i, ++line) {
                EngineEvent e;
                e.time = Micros(line) * 100;
                e.type = EventType::Log;
                e.node = int(line % 4);
                e.message = line / 3 + 1;
                e.trace = line / 9 + 1;
                e.value = qint64(line % 7 == 0 ? 2 : 1);
                const std::string n = std::to_string(line);
                e.detail = "{\"time\":\"2026-01-01T00:00:01.250Z\",\"function\":\"worker\",\"requestId\":\"" +
                           std::to_string(line / 3) +
                           "\",\"user\":\"alice\",\"urgency\":\"info\",\"sensitivity\":\"normal\","
                           "\"message\":\"processed order " +
                           n + "\",\"data\":{\"orderId\":" + n + "}}";
                batch->push_back(std::move(e));
            }
            QElapsedTimer t;
            t.start();
            feed.publish(batch);
            appendMs.push_back(double(t.nsecsElapsed()) / 1e6);
            QCoreApplication::processEvents();  // layout + paint of the view
            ms.push_back(double(t.nsecsElapsed()) / 1e6);
            const qint64 due = qint64(b + 1) * 1000 / kBatchesPerSecond;
            if (wall.elapsed() < due) QThread::msleep(quint64(due - wall.elapsed()));
        }
        QCOMPARE(panel.model()->totalCount(), line);
        QVERIFY(panel.followsTail());
        std::sort(ms.begin(), ms.end());
        std::sort(appendMs.begin(), appendMs.end());
        qInfo(
            "logs: %llu lines in %d batches over %.2f s wall; per batch (append + paint): median %.2f ms, p95 %.2f ms, "
            "max %.2f ms",
            line, int(ms.size()), double(wall.elapsed()) / 1000.0, ms[ms.size() / 2], ms[ms.size() * 95 / 100],
            ms.back());
        qInfo("logs: of which the model's append (parse, ring, filter, row insert): median %.2f ms, max %.2f ms",
              appendMs[appendMs.size() / 2], appendMs.back());
    }
};

QTEST_MAIN(TestLogsBench)
#include "tst_logsbench.moc"
