#include "lab/LabPanel.h"

#include "Theme.h"
#include "model/Lint.h"
#include "run/RunFeed.h"

#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace ml::ui {

LabPanel::LabPanel(DiagramModel* model, RunFeed* feed, QWidget* parent) : QWidget(parent), m_model(model), m_feed(feed)
{
    setObjectName(QStringLiteral("labPanel"));
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(8, 8, 8, 8);
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("labTitle"));
    m_title->setWordWrap(true);
    QFont f = m_title->font();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() * 1.2);
    m_title->setFont(f);
    outer->addWidget(m_title);
    m_progress = new QLabel(this);
    m_progress->setObjectName(QStringLiteral("labProgress"));
    outer->addWidget(m_progress);

    auto* scroll = m_scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    // The steps wrap to the dock's width; they never scroll sideways.
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto* list = new QWidget(scroll);
    m_stepsLayout = new QVBoxLayout(list);
    m_stepsLayout->setContentsMargins(0, 0, 0, 0);
    m_stepsLayout->setSpacing(6);
    m_stepsLayout->addStretch(1);
    scroll->setWidget(list);
    outer->addWidget(scroll, 1);

    m_reset = new QPushButton(tr("Reset lab"), this);
    m_reset->setObjectName(QStringLiteral("resetLab"));
    m_reset->setToolTip(tr("Stop the run, put the design back as the lab began and start again at step 1"));
    outer->addWidget(m_reset);
    connect(m_reset, &QPushButton::clicked, this, [this] {
        emit resetRequested();
        restart();
    });

    m_refresh.setSingleShot(true);
    m_refresh.setInterval(kRefreshMs);
    connect(&m_refresh, &QTimer::timeout, this, &LabPanel::refreshNow);
    connect(m_model, &DiagramModel::reset, this, &LabPanel::reload);
    connect(m_model, &DiagramModel::changed, this, [this] {
        m_lintStale = true;
        scheduleRefresh();
    });
    connect(m_feed, &RunFeed::eventsAppended, this, &LabPanel::scheduleRefresh);
    connect(m_feed, &RunFeed::runReset, this, &LabPanel::runReset);
    connect(m_feed, &RunFeed::stateChanged, this, &LabPanel::scheduleRefresh);
    reload();
}

void LabPanel::reload()
{
    m_lintStale = true;
    m_error.clear();
    m_lab.reset();
    m_start = m_model->diagram();
    Result<std::optional<lab::Lab>> parsed = lab::parse(m_model->diagram());
    if (!parsed)
        m_error = parsed.error().toString();
    else
        m_lab = std::move(parsed).value();
    m_current = 0;
    m_why.clear();
    m_moments.clear();
    rebuild();
    emit labChanged(hasLab() || !m_error.isEmpty());
    updatePauseTarget(0);
    scheduleRefresh();
}

void LabPanel::restart()
{
    m_current = 0;
    m_why.clear();
    updateSteps();
    runReset();
}

void LabPanel::runReset()
{
    Micros now = -1;  // no run: every moment is gone
    m_feed->withRun([&](EngineRun& run) { now = run.engine().now(); });
    // A moment the rebuilt run has not reached again is read again when it gets there.
    m_moments.erase(now < 0 ? m_moments.begin() : m_moments.upper_bound(now), m_moments.end());
    updatePauseTarget(std::max<Micros>(now, 0));
    scheduleRefresh();
}

void LabPanel::record(Micros at)
{
    if (!m_lab) return;
    m_feed->withRun([&](EngineRun& run) { m_moments[at] = run.engine().report(); });
    refreshNow();
}

void LabPanel::setServing(bool on)
{
    if (on == m_serving) return;
    m_serving = on;
    updateSteps();
}

void LabPanel::updatePauseTarget(Micros now)
{
    Micros next = kTimeMax;
    int step = -1;
    if (m_lab)
        for (int i = m_current; i < int(m_lab->steps.size()); ++i)
            for (Micros at : lab::momentsOf(m_lab->steps[size_t(i)].check))
                if (at >= now && at < next && !m_moments.count(at)) {
                    next = at;
                    step = i;
                }
    m_pauseAt = next;
    emit pauseAtChanged(
        next, next == kTimeMax
                  ? QString()
                  : tr("Paused for lab step %1: it reads the run at %2").arg(step + 1).arg(lab::clockText(next)));
}

void LabPanel::scheduleRefresh()
{
    if (m_lab && !m_refresh.isActive()) m_refresh.start();
}

void LabPanel::refreshNow()
{
    m_refresh.stop();
    if (!m_lab) return;
    if (m_lintStale) {
        m_lint = lint(m_model->diagram());
        m_lintStale = false;
    }
    std::optional<Json> report;
    Micros now = 0;
    if (m_feed->hasRun())
        m_feed->withRun([&](EngineRun& run) {
            report = run.engine().report();
            now = run.engine().now();
        });
    const auto& steps = m_lab->steps;
    m_why.clear();
    // Steps tick in order; one report may complete several when their checks already hold.
    while (m_current < int(steps.size())) {
        const lab::Check& check = steps[size_t(m_current)].check;
        const lab::Outcome o = lab::evaluate(check, report ? &*report : nullptr, m_lint, &m_moments);
        if (!o.holds) {
            m_why = o.why;
            for (Micros at : lab::momentsOf(check))
                if (at < now && !m_moments.count(at))
                    m_why = tr("the run went past %1 before the lab could read it: Reset the run and press Run "
                               "again, it pauses there")
                                .arg(lab::clockText(at));
            break;
        }
        emit stepCompleted(m_current);
        ++m_current;
    }
    updatePauseTarget(now);
    updateSteps();
}

void LabPanel::rebuild()
{
    for (QLabel* l : m_steps) delete l;
    m_steps.clear();
    if (!m_lab) {
        m_title->setText(m_error.isEmpty() ? tr("This project has no lab") : tr("The lab section has an error"));
        m_progress->setText(m_error);
        m_progress->setWordWrap(true);
        m_reset->setEnabled(false);
        return;
    }
    m_title->setText(m_lab->title);
    m_reset->setEnabled(true);
    for (std::size_t i = 0; i < m_lab->steps.size(); ++i) {
        auto* l = new QLabel(this);
        l->setObjectName(QStringLiteral("labStep%1").arg(i + 1));
        l->setWordWrap(true);
        l->setTextFormat(Qt::RichText);
        l->setMargin(6);
        l->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
        l->setMinimumWidth(40);
        l->setToolTip(tr("Checks: %1").arg(lab::describe(m_lab->steps[i].check)));
        m_stepsLayout->insertWidget(int(i), l);
        m_steps.push_back(l);
    }
    updateSteps();
}

void LabPanel::updateSteps()
{
    if (!m_lab) return;
    const int total = int(m_lab->steps.size());
    m_progress->setText(m_current >= total ? tr("Complete: every step's check holds")
                                           : tr("Step %1 of %2").arg(m_current + 1).arg(total));
    const QColor done(0x2e, 0x9d, 0x4f);
    const QColor highlight = palette().color(QPalette::Highlight);
    for (int i = 0; i < total; ++i) {
        QLabel* l = m_steps[size_t(i)];
        const bool isDone = i < m_current;
        const bool isCurrent = i == m_current;
        const QString mark = isDone      ? QStringLiteral("<span style='color:%1'>✓</span>").arg(done.name())
                             : isCurrent ? QStringLiteral("▶")
                                         : QStringLiteral("○");
        QString html = QStringLiteral("<b>%1 %2</b>&nbsp; %3")
                           .arg(mark)
                           .arg(i + 1)
                           .arg(m_lab->steps[size_t(i)].text.toHtmlEscaped());
        if (!isDone)
            for (Micros at : lab::momentsOf(m_lab->steps[size_t(i)].check))
                html += QStringLiteral("<br><i>%1</i>")
                            .arg((m_moments.count(at) ? tr("Read at %1 in this run; a new run pauses there again.")
                                  : m_serving ? tr("While serving the run does not pause at %1: stop serving to check "
                                                   "this step (in a new run once the clock is past it).")
                                              : tr("The run pauses at %1 for this step."))
                                     .arg(lab::clockText(at))
                                     .toHtmlEscaped());
        if (isCurrent && !m_why.isEmpty())
            html += QStringLiteral("<br><span style='color:%1'>%2</span>")
                        .arg(mutedTextColor().name(), tr("Not yet: %1").arg(m_why.toHtmlEscaped()));
        l->setText(html);
        l->setProperty("labState", isDone ? QStringLiteral("done") : isCurrent ? QStringLiteral("current") : QString());
        QColor background = Qt::transparent;
        if (isCurrent) {
            background = highlight;
            background.setAlphaF(0.18f);
        } else if (isDone) {
            background = done;
            background.setAlphaF(0.12f);
        }
        l->setAutoFillBackground(isCurrent || isDone);
        QPalette p = l->palette();
        p.setColor(QPalette::Window, background);
        l->setPalette(p);
        l->setEnabled(isCurrent || isDone);
    }
    // The current step in view, once the texts have their heights.
    QTimer::singleShot(0, this, [this] {
        if (m_current < int(m_steps.size())) m_scroll->ensureWidgetVisible(m_steps[size_t(m_current)], 0, 8);
    });
}

}  // namespace ml::ui
