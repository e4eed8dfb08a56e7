#include "panels/run/RunSummaryBar.h"

#include "panels/run/RunFormat.h"

#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>

namespace ml::ui::run {

RunSummaryBar::RunSummaryBar(RunFeed* feed, QWidget* parent) : QWidget(parent), m_feed(feed)
{
    setObjectName(QStringLiteral("runSummaryBar"));
    m_label = new QLabel(this);
    m_label->setTextFormat(Qt::RichText);
    // The line is long; on a narrow window it gives way (cut at the right, whole in the tooltip)
    // instead of pushing the zoom and the problem count out of the status bar.
    m_label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_label->setMinimumWidth(
        m_label->fontMetrics().horizontalAdvance(QStringLiteral("888,888 events · 88m 88s virtual")));
    m_save = new QPushButton(tr("Save report…"), this);
    m_save->setObjectName(QStringLiteral("saveReportButton"));
    m_save->setToolTip(tr("Save the run's report (microlab-report/1 JSON)"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 0, 2, 0);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_save);
    m_timer.setInterval(kRefreshMs);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &RunSummaryBar::refreshNow);
    auto later = [this] {
        if (!m_timer.isActive()) m_timer.start();
    };
    connect(m_feed, &RunFeed::runReset, this, [this, later] {
        m_savedTo.clear();  // a report of the run that was
        later();
    });
    connect(m_feed, &RunFeed::stateChanged, this, later);
    connect(m_feed, &RunFeed::eventsAppended, this, later);
    connect(m_save, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save report"), QStringLiteral("report.json"),
                                                          tr("JSON files (*.json)"));
        QString error;
        if (!path.isEmpty() && !saveReport(path, &error)) QMessageBox::warning(this, tr("Save report"), error);
    });
    refreshNow();
}

QString RunSummaryBar::text() const { return m_label->text(); }

void RunSummaryBar::refreshNow()
{
    quint64 events = 0;
    Micros now = 0;
    Conservation c;
    const bool has = m_feed->withRun([&](EngineRun& run) {
        events = run.eventCount();
        now = run.engine().now();
        c = run.engine().conservation();
    });
    setVisible(has);
    m_save->setEnabled(has);
    if (!has) return;
    m_holds = c.holds;
    QString text =
        (events == 1 ? tr("<b>%1</b> event · <b>%2</b> virtual") : tr("<b>%1</b> events · <b>%2</b> virtual"))
            .arg(countText(qint64(events)), ageText(now));
    quint64 dropped = 0;
    for (const auto& [reason, n] : c.dropped) dropped += n;
    const quint64 in = c.entered + c.derived;
    const quint64 accounted = c.delivered + c.forwarded + c.queued + c.inFlight + c.deadLettered + c.expired + dropped;
    if (c.holds) {
        text += tr(" · <span style='color:%1'><b>\u2714 conservation holds</b></span> (%2 in = %3 accounted for)")
                    .arg(okColour().name(), countText(qint64(in)), countText(qint64(accounted)));
    } else {
        text += tr(" · <span style='color:%1'><b>\u2716 conservation BROKEN</b></span>: %2 in, %3 accounted for "
                   "(delivered %4, forwarded %5, queued %6, in flight %7, dead-lettered %8, expired %9, dropped %10)")
                    .arg(failColour().name(), countText(qint64(in)), countText(qint64(accounted)),
                         countText(qint64(c.delivered)), countText(qint64(c.forwarded)), countText(qint64(c.queued)),
                         countText(qint64(c.inFlight)), countText(qint64(c.deadLettered)))
                    .arg(countText(qint64(c.expired)), countText(qint64(dropped)));
    }
    if (c.deadLettered > 0)
        text += tr(" · <span style='color:%1'><b>%2 in dead-letter queues</b></span>")
                    .arg(failColour().name(), countText(qint64(c.deadLettered)));
    if (!m_savedTo.isEmpty())
        text += tr(" · report saved to <b>%1</b>").arg(QFileInfo(m_savedTo).fileName().toHtmlEscaped());
    m_label->setText(text);
    m_label->setToolTip(m_savedTo.isEmpty() ? text : text + QStringLiteral("<br>") + m_savedTo.toHtmlEscaped());
}

bool RunSummaryBar::saveReport(const QString& path, QString* error)
{
    std::string json;
    if (!m_feed->withRun([&](EngineRun& run) { json = run.engine().report().dump(2); })) {
        if (error) *error = tr("There is no run to report on.");
        return false;
    }
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(json.data(), qint64(json.size())) < 0) {
        if (error) *error = tr("%1: %2").arg(path, file.errorString());
        return false;
    }
    // Saying nothing after a save left people unsure it happened.
    m_savedTo = QFileInfo(path).absoluteFilePath();
    refreshNow();
    return true;
}

}  // namespace ml::ui::run
