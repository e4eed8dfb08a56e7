// The sample projects as a newcomer meets them (issue 13): every file in projects/ loads without
// problems, lints with neither errors nor warnings, says what to try, is laid out left to right,
// and runs 10 minutes of virtual time with conservation holding. Then each sample shows its
// point in those 10 minutes — the DLQ fills, the gatekeeper denies, the push reaches the user —
// as relations between report counters, so a change that breaks a lesson fails here.
#include "../enginekit/EngineKit.h"
#include "model/Lint.h"

#include <QDir>
#include <QFileInfo>

#include <map>

using namespace ml;
using namespace kit;

namespace {

QStringList sampleFiles()
{
    const QDir dir(QStringLiteral(MICROLAB_PROJECTS_DIR));
    QStringList out;
    for (const QString& f : dir.entryList({QStringLiteral("*.mlab.json")}, QDir::Files, QDir::Name))
        out << dir.filePath(f);
    return out;
}

constexpr Micros kTenMinutes = 10 * kMicrosPerMinute;

// A dotted path into the report ("nodes.jobs-dlq.queue.visible"); null when absent.
Json at(const Json& report, const QString& path)
{
    const Json* j = &report;
    for (const QString& part : path.split(QLatin1Char('.'))) {
        if (!j->is_object() || !j->contains(part.toStdString())) return Json();
        j = &(*j)[part.toStdString()];
    }
    return *j;
}

// A side of a relation: a number, or a sum of report paths joined by "+".
double value(const Json& report, const QString& side, QString& missing)
{
    bool isNumber = false;
    const double n = side.toDouble(&isNumber);
    if (isNumber) return n;
    double sum = 0;
    for (const QString& path : side.split(QLatin1Char('+'))) {
        const Json v = at(report, path.trimmed());
        if (!v.is_number()) missing += path.trimmed() + QLatin1Char(' ');
        sum += v.is_number() ? v.get<double>() : 0;
    }
    return sum;
}

std::unique_ptr<Engine> tenMinutesOf(const QString& file)
{
    Result<LoadedProject> loaded = projectfile::load(file);
    if (!loaded.ok()) return nullptr;
    Result<std::unique_ptr<Engine>> engine = Engine::create(loaded->diagram);
    if (!engine.ok()) return nullptr;
    engine.value()->run(kTenMinutes);
    return std::move(engine).value();
}

}  // namespace

class TestSamples : public QObject {
    Q_OBJECT

private slots:
    void everySample_data()
    {
        QTest::addColumn<QString>("file");
        const QStringList files = sampleFiles();
        // Issue 13: one per microservice type of the seed plus two reference architectures.
        QVERIFY2(files.size() >= 11, qPrintable(QString::number(files.size())));
        for (const QString& f : files) QTest::newRow(qPrintable(QFileInfo(f).fileName())) << f;
    }

    void everySample()
    {
        QFETCH(QString, file);
        const Result<LoadedProject> loaded = projectfile::load(file);
        QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().toString()));
        QVERIFY(loaded->problems.empty());
        const Diagram& d = loaded->diagram;
        QVERIFY(!d.name.isEmpty());
        // "What to try" is part of every description, and it is more than a title.
        QVERIFY2(d.description.contains(QLatin1String("Try")), qPrintable(d.description));
        QVERIFY2(d.description.size() >= 200, qPrintable(d.description));

        QStringList found;
        for (const Problem& p : lint(d)) found << p.pointer + QStringLiteral(": ") + p.message;
        QVERIFY2(found.isEmpty(), qPrintable(found.join(QLatin1Char('\n'))));

        // Laid out in the file (not arranged at load) and read left to right: every edge but a
        // dead-letter edge (which runs down) goes rightwards, at least 80 % of them.
        QVERIFY2(!loaded->arranged, "positions missing: run microlab-cli layout on it");
        int edges = 0, rightwards = 0;
        for (const Edge& e : d.edges()) {
            const Node* from = d.node(e.from);
            const Node* to = d.node(e.to);
            QVERIFY(from && to);
            if (e.kind == QLatin1String("dead-letter")) {
                QVERIFY2(to->y > from->y, qPrintable(e.id.value));
                continue;
            }
            ++edges;
            if (to->x > from->x) ++rightwards;
        }
        QVERIFY2(rightwards * 5 >= edges * 4, qPrintable(QStringLiteral("%1 of %2").arg(rightwards).arg(edges)));

        auto engine = tenMinutesOf(file);
        QVERIFY(engine);
        KIT_VERIFY_HOLDS(*engine);
        QVERIFY(engine->conservation().entered > 0);
    }

    void showsItsPoint_data()
    {
        QTest::addColumn<QString>("sample");
        QTest::addColumn<QString>("left");
        QTest::addColumn<QString>("op");
        QTest::addColumn<QString>("right");
        const auto row = [](const char* sample, const char* left, const char* op, const char* right) {
            QTest::addRow("%s: %s %s %s", sample, left, op, right) << sample << left << op << right;
        };
        // One resize in ten fails; a message failing 3 receives lands in the DLQ.
        row("image-pipeline", "nodes.jobs-dlq.queue.visible", ">", "0");
        row("crud-api", "nodes.api.responses.201", ">", "0");
        row("crud-api", "nodes.api.responses.200", ">", "0");
        // Filter policies split the events: the admins see only the high-priority ones.
        row("fanout-notifications", "nodes.admins.received", ">", "0");
        row("fanout-notifications", "nodes.admins.received", "<", "nodes.events.received");
        row("fanout-notifications", "nodes.orders.received+nodes.refunds.received", "=", "nodes.events.received");
        // The cron fires at 02:00, five minutes after the run's 01:55 start.
        row("nightly-report", "nodes.nightly.invoked", "=", "1");
        row("reference-architecture", "nodes.notify.pushed", ">", "0");
        // Retries happen; a task failing all 4 attempts is dead-lettered; results are delivered.
        row("task-manager", "nodes.tm.retried", ">", "0");
        row("task-manager", "nodes.tasks-dlq.queue.visible", ">", "0");
        row("task-manager", "nodes.publish.succeeded", ">", "0");
        // Every decision is audited; mallory and bob's writes are denied.
        row("gatekeeper", "nodes.guard.denied", ">", "0");
        row("gatekeeper", "nodes.guard.auditRows", "=", "nodes.guard.allowed+nodes.guard.denied");
        row("gatekeeper", "nodes.api.responses.403", "=", "nodes.guard.denied");
        // Only incoming/*.jpg uploads invoke the trigger.
        row("s3-upload-trigger", "nodes.make-thumbnail.invoked", ">", "0");
        row("s3-upload-trigger", "nodes.make-thumbnail.invoked", "<", "nodes.uploads.received");
        // The on-call inbox gets exactly the critical lines; sensitive ones are stored apart.
        row("log-monitor", "nodes.on-call.received", "=", "logs.critical");
        row("log-monitor", "nodes.sensitive-lines.received", "=", "nodes.accounts-guard.denied");
        row("log-monitor", "nodes.log-archive.received", "=", "nodes.monitor.invoked");
        row("log-monitor", "nodes.on-call.received", "<", "nodes.log-archive.received");
        // cron(0/2 * * * ? *) from 00:00: fires at 2, 4, 6, 8 and 10 minutes.
        row("cron-cleanup", "nodes.every-2-minutes.invoked", "=", "5");
        row("cron-cleanup", "nodes.cleanup.retried", ">", "0");
        row("cron-cleanup", "nodes.failed-cleanups.queue.visible", ">", "0");
        // Every finished job reaches its user's browser.
        row("websocket-push", "nodes.notify.pushed", ">", "0");
        row("websocket-push", "nodes.notify.pushed", "=", "nodes.job-runner.succeeded");
        row("image-web-app", "nodes.notify.pushed", "=", "nodes.resize.succeeded");
        row("image-web-app", "nodes.indexer.invoked", "=", "nodes.thumbnails.received");
        row("order-system", "nodes.payments-guard.denied", ">", "0");
        row("order-system", "nodes.security-inbox.received", "=", "nodes.payments-guard.denied");
        row("order-system", "nodes.sales-inbox.received", "=", "nodes.order-events.received");
    }

    void showsItsPoint()
    {
        QFETCH(QString, sample);
        QFETCH(QString, left);
        QFETCH(QString, op);
        QFETCH(QString, right);
        // One run per sample, shared by its rows.
        static std::map<QString, Json> reports;
        if (!reports.count(sample)) {
            auto engine =
                tenMinutesOf(QStringLiteral(MICROLAB_PROJECTS_DIR "/") + sample + QStringLiteral(".mlab.json"));
            QVERIFY2(engine, qPrintable(sample));
            reports[sample] = engine->report();
        }
        const Json& report = reports[sample];
        QString missing;
        const double l = value(report, left, missing);
        const double r = value(report, right, missing);
        QVERIFY2(missing.isEmpty(), qPrintable(QStringLiteral("not in the report: ") + missing));
        const QString seen = QStringLiteral("%1 = %2, %3 = %4").arg(left).arg(l).arg(right).arg(r);
        if (op == QLatin1String("="))
            QVERIFY2(l == r, qPrintable(seen));
        else if (op == QLatin1String(">"))
            QVERIFY2(l > r, qPrintable(seen));
        else
            QVERIFY2(l < r, qPrintable(seen));
    }
};

QTEST_GUILESS_MAIN(TestSamples)
#include "tst_samples.moc"
