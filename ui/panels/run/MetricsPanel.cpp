#include "panels/run/MetricsPanel.h"

#include "engine/Behaviour.h"
#include "engine/nodes/Function.h"
#include "engine/nodes/Queue.h"
#include "model/Catalog.h"
#include "panels/run/RunFormat.h"

#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSplitter>
#include <QTextStream>
#include <QToolTip>
#include <QVBoxLayout>
#include <qcustomplot.h>

namespace ml::ui::run {

namespace {

QColor seriesColour(int i)
{
    static const QColor colours[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e), QColor(0x2c, 0xa0, 0x2c),
                                     QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b), QColor(0xe3, 0x77, 0xc2),
                                     QColor(0x17, 0xbe, 0xcf), QColor(0xbc, 0xbd, 0x22)};
    return colours[i % 8];
}

}  // namespace

MetricsPanel::MetricsPanel(RunFeed* feed, QWidget* parent) : QWidget(parent), m_feed(feed)
{
    setObjectName(QStringLiteral("metricsPanel"));
    m_chart = new QComboBox(this);
    m_chart->setObjectName(QStringLiteral("metricsChart"));
    m_chart->addItem(tr("Queue depth"), QueueDepth);
    m_chart->addItem(tr("Invocations / errors / throttles per second"), Invocations);
    m_chart->addItem(tr("Latency p50 / p95 / p99"), Latency);
    m_chart->addItem(tr("Concurrency (invocations running)"), Concurrency);
    m_chart->addItem(tr("Cost so far (USD)"), Cost);
    auto* png = new QPushButton(tr("Export PNG…"), this);
    auto* csv = new QPushButton(tr("Export CSV…"), this);
    m_hint = new QLabel(this);
    m_nodes = new QListWidget(this);
    m_nodes->setObjectName(QStringLiteral("metricsNodes"));
    m_nodes->setMaximumWidth(fontMetrics().horizontalAdvance(QLatin1Char('M')) * 14);
    m_nodes->setToolTip(tr("Tick the nodes to plot"));
    m_plot = new QCustomPlot(this);
    m_plot->setObjectName(QStringLiteral("metricsPlot"));
    m_plot->setMinimumHeight(120);
    // The legend in its own column right of the chart, so it never hides a line.
    m_plot->legend->setVisible(true);
    m_plot->plotLayout()->addElement(0, 1, m_plot->legend);
    m_plot->plotLayout()->setColumnStretchFactor(1, 0.001);
    m_plot->legend->setBorderPen(Qt::NoPen);
    m_plot->xAxis->setLabel(tr("virtual time (seconds)"));
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->axisRect()->setRangeZoom(Qt::Horizontal);
    m_plot->axisRect()->setRangeDrag(Qt::Horizontal);

    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(4, 2, 4, 2);
    bar->addWidget(m_chart);
    bar->addWidget(m_hint, 1);
    bar->addWidget(png);
    bar->addWidget(csv);
    auto* body = new QHBoxLayout;
    body->setContentsMargins(0, 0, 0, 0);
    body->addWidget(m_nodes);
    body->addWidget(m_plot, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(bar);
    layout->addLayout(body, 1);

    m_timer.setInterval(kSampleMs);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        sampleNow();
        if (isVisible()) replot();
    });
    auto later = [this] {
        if (!m_timer.isActive()) m_timer.start();
    };
    connect(m_feed, &RunFeed::runReset, this, &MetricsPanel::onReset);
    connect(m_feed, &RunFeed::eventsAppended, this, [this, later](const EventBatch& batch) {
        // At "max" and in --run-for, virtual time outruns the timer: a sample at least every
        // kSampleVirtual of virtual time, or a 5-minute run would be a straight line of 2 points.
        if (batch && !batch->empty() &&
            (m_samples.empty() || batch->back().time - m_samples.back().time >= kSampleVirtual))
            sampleNow();
        later();
    });
    connect(m_feed, &RunFeed::stateChanged, this, later);
    connect(m_chart, &QComboBox::currentIndexChanged, this, [this] {
        fillNodeList();
        replot();
    });
    connect(m_nodes, &QListWidget::itemChanged, this, &MetricsPanel::replot);
    connect(m_plot, &QCustomPlot::mouseMove, this, &MetricsPanel::onHover);
    connect(png, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export chart"), QStringLiteral("metrics.png"),
                                                          tr("PNG images (*.png)"));
        if (!path.isEmpty()) exportPng(path);
    });
    connect(csv, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export samples"), QStringLiteral("metrics.csv"),
                                                          tr("CSV files (*.csv)"));
        if (!path.isEmpty()) exportCsv(path);
    });
    onReset();
}

void MetricsPanel::onReset()
{
    // A new run starts empty. A run rebuilt by step back is the same run up to its new present
    // (the replay is deterministic), so the samples taken up to then stay and the later ones go:
    // the charts go on from there without a gap and without a point twice.
    std::vector<QString> names;
    Micros now = -1;
    quint64 events = 0;
    m_feed->withRun([&](EngineRun& run) {
        now = run.engine().now();
        events = run.eventCount();
        for (int i = 0; i < run.engine().nodeCount(); ++i) names.push_back(run.engine().node(i).id.value);
    });
    const bool sameRun = events > 0 && names == m_names;
    if (sameRun)
        while (!m_samples.empty() && m_samples.back().time > now) m_samples.pop_back();
    else
        m_samples.clear();
    m_queues.clear();
    m_functions.clear();
    m_names.clear();
    m_startEpoch = 0;
    m_feed->withRun([this](EngineRun& run) {
        const Engine& engine = run.engine();
        m_startEpoch = engine.startTime();
        for (int i = 0; i < engine.nodeCount(); ++i) {
            m_names.push_back(engine.node(i).id.value);
            if (dynamic_cast<const Queue*>(&engine.behaviour(i))) m_queues.push_back(i);
            const KindInfo* kind = Catalog::instance().kind(engine.node(i).kind);
            if (kind && kind->isFunction && dynamic_cast<const Function*>(&engine.behaviour(i)))
                m_functions.push_back(i);
        }
    });
    fillNodeList();
    sampleNow();
    replot();
}

void MetricsPanel::sampleNow()
{
    Sample s;
    const bool ran = m_feed->withRun([&](EngineRun& run) {
        const Engine& engine = run.engine();
        s.time = engine.now();
        for (int q : m_queues) {
            double held = 0;
            if (const auto* queue = dynamic_cast<const Queue*>(&engine.behaviour(q)))
                held = double(queue->visibleCount() + queue->inFlightCount() + queue->delayedCount());
            s.depth.push_back(held);
        }
        for (int f : m_functions) {
            const NodeStats& st = engine.behaviour(f).stats();
            s.invoked.push_back(double(st.invoked));
            s.failed.push_back(double(st.failed + st.timedOut));
            s.throttled.push_back(double(st.throttled));
            s.p50.push_back(double(st.latency.quantile(0.50)) / 1000.0);
            s.p95.push_back(double(st.latency.quantile(0.95)) / 1000.0);
            s.p99.push_back(double(st.latency.quantile(0.99)) / 1000.0);
            const auto* fn = dynamic_cast<const Function*>(&engine.behaviour(f));
            s.active.push_back(fn ? double(fn->active()) : 0.0);
        }
        s.cost = engine.costEstimate().value("total", 0.0);
    });
    if (!ran) return;
    if (!m_samples.empty() && m_samples.back().time == s.time)
        m_samples.back() = std::move(s);
    else
        m_samples.push_back(std::move(s));
    if (m_samples.size() > kMaxSamples) {  // thin out: keep every other sample, the newest always
        std::vector<Sample> kept;
        kept.reserve(m_samples.size() / 2 + 1);
        for (std::size_t i = 0; i < m_samples.size(); i += 2) kept.push_back(std::move(m_samples[i]));
        if (kept.back().time != m_samples.back().time) kept.push_back(std::move(m_samples.back()));
        m_samples = std::move(kept);
    }
}

void MetricsPanel::setChart(Chart chart) { m_chart->setCurrentIndex(m_chart->findData(int(chart))); }

void MetricsPanel::fillNodeList()
{
    const Chart chart = Chart(m_chart->currentData().toInt());
    const QSignalBlocker block(m_nodes);
    m_nodes->clear();
    if (chart == Cost) {
        m_nodes->setVisible(false);
        return;
    }
    m_nodes->setVisible(true);
    const std::vector<int>& nodes = chart == QueueDepth ? m_queues : m_functions;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        auto* item = new QListWidgetItem(m_names[size_t(nodes[i])], m_nodes);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(i < 6 ? Qt::Checked : Qt::Unchecked);
        item->setData(Qt::UserRole, int(i));
        item->setForeground(seriesColour(int(i)));
    }
}

void MetricsPanel::replot()
{
    m_plot->clearGraphs();
    const Chart chart = Chart(m_chart->currentData().toInt());
    QVector<double> x;
    x.reserve(int(m_samples.size()));
    for (const Sample& s : m_samples) x.push_back(double(s.time) / 1e6);
    auto add = [&](const QString& name, const QVector<double>& y, const QColor& colour, Qt::PenStyle style) {
        QCPGraph* g = m_plot->addGraph();
        g->setName(name);
        g->setPen(QPen(colour, 2.5, style));
        g->setData(x, y, true);
    };
    auto column = [&](auto member, std::size_t i) {
        QVector<double> y;
        y.reserve(int(m_samples.size()));
        for (const Sample& s : m_samples) y.push_back(i < (s.*member).size() ? (s.*member)[i] : 0.0);
        return y;
    };
    auto rate = [&](const QVector<double>& cumulative) {  // per virtual second between samples
        QVector<double> y(cumulative.size(), 0.0);
        for (int k = 1; k < cumulative.size(); ++k) {
            const double dt = x[k] - x[k - 1];
            y[k] = dt > 0 ? (cumulative[k] - cumulative[k - 1]) / dt : y[k - 1];
        }
        return y;
    };
    QString unit;
    for (int row = 0; row < m_nodes->count(); ++row) {
        const QListWidgetItem* item = m_nodes->item(row);
        if (item->checkState() != Qt::Checked) continue;
        const std::size_t i = size_t(item->data(Qt::UserRole).toInt());
        const QString name = item->text();
        const QColor c = seriesColour(int(i));
        switch (chart) {
        case QueueDepth:
            add(name, column(&Sample::depth, i), c, Qt::SolidLine);
            unit = tr("messages");
            break;
        case Invocations:
            add(name + tr(" invocations"), rate(column(&Sample::invoked, i)), c, Qt::SolidLine);
            add(name + tr(" errors"), rate(column(&Sample::failed, i)), c.darker(130), Qt::DashLine);
            add(name + tr(" throttles"), rate(column(&Sample::throttled, i)), c.lighter(130), Qt::DotLine);
            unit = tr("per second");
            break;
        case Latency:
            add(name + QStringLiteral(" p50"), column(&Sample::p50, i), c, Qt::SolidLine);
            add(name + QStringLiteral(" p95"), column(&Sample::p95, i), c, Qt::DashLine);
            add(name + QStringLiteral(" p99"), column(&Sample::p99, i), c, Qt::DotLine);
            unit = tr("ms");
            break;
        case Concurrency:
            add(name, column(&Sample::active, i), c, Qt::SolidLine);
            unit = tr("running");
            break;
        case Cost: break;
        }
    }
    if (chart == Cost) {
        QVector<double> y;
        for (const Sample& s : m_samples) y.push_back(s.cost);
        add(tr("estimated AWS cost"), y, seriesColour(0), Qt::SolidLine);
        unit = tr("USD");
    }
    m_plot->yAxis->setLabel(unit);
    m_plot->rescaleAxes();
    if (m_plot->yAxis->range().lower > 0) m_plot->yAxis->setRangeLower(0);
    m_plot->yAxis->setRangeUpper(std::max(m_plot->yAxis->range().upper * 1.1, chart == Cost ? 1e-6 : 1.0));
    m_plot->legend->setVisible(m_plot->graphCount() > 0 && m_plot->graphCount() <= 12);
    m_hint->setText(m_samples.size() < 2 ? tr("Samples appear as the run goes (x: virtual seconds).")
                                         : tr("%1 samples · hover for values · drag / wheel to pan and zoom")
                                               .arg(countText(qint64(m_samples.size()))));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void MetricsPanel::onHover(QMouseEvent* event)
{
    if (m_samples.empty() || m_plot->graphCount() == 0) return;
    const double t = m_plot->xAxis->pixelToCoord(event->position().x());
    QStringList lines{tr("at %1 (%2 s)").arg(clockText(m_startEpoch + Micros(t * 1e6))).arg(t, 0, 'f', 2)};
    for (int g = 0; g < m_plot->graphCount(); ++g) {
        QCPGraph* graph = m_plot->graph(g);
        auto it = graph->data()->findBegin(t, true);
        if (it == graph->data()->constEnd()) continue;
        lines << QStringLiteral("%1: %2").arg(graph->name()).arg(it->value, 0, 'g', 4);
    }
    QToolTip::showText(event->globalPosition().toPoint(), lines.join(QLatin1Char('\n')), m_plot);
}

bool MetricsPanel::exportPng(const QString& path) { return m_plot->savePng(path, 0, 0, 1.0); }

bool MetricsPanel::exportCsv(const QString& path) const
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)) return false;
    QTextStream out(&file);
    out << "time_s";
    for (int q : m_queues) out << ',' << m_names[size_t(q)] << ".depth";
    for (int f : m_functions) {
        const QString& n = m_names[size_t(f)];
        out << ',' << n << ".invoked," << n << ".errors," << n << ".throttled," << n << ".p50_ms," << n << ".p95_ms,"
            << n << ".p99_ms," << n << ".concurrency";
    }
    out << ",cost_usd\n";
    for (const Sample& s : m_samples) {
        out << QString::number(double(s.time) / 1e6, 'f', 6);
        for (double d : s.depth) out << ',' << d;
        for (std::size_t i = 0; i < s.invoked.size(); ++i)
            out << ',' << s.invoked[i] << ',' << s.failed[i] << ',' << s.throttled[i] << ',' << s.p50[i] << ','
                << s.p95[i] << ',' << s.p99[i] << ',' << s.active[i];
        out << ',' << QString::number(s.cost, 'f', 6) << '\n';
    }
    return true;
}

void MetricsPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    sampleNow();
    replot();
}

}  // namespace ml::ui::run
