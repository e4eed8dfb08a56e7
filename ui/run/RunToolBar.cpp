#include "run/RunToolBar.h"

#include "Theme.h"
#include "run/InjectDialog.h"
#include "run/RunController.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFontDatabase>
#include <QLabel>
#include <QMenu>
#include <QToolButton>

namespace ml::ui {

RunToolBar::RunToolBar(RunController* controller, std::function<Status()> startRun, QWidget* parent)
    : QToolBar(tr("Run"), parent), m_controller(controller), m_startRun(std::move(startRun))
{
    setObjectName(QStringLiteral("runToolBar"));
    setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    auto make = [this](const QString& name, const QString& text, const QKeySequence& key, const QString& tip) {
        auto* a = new QAction(text, this);
        a->setObjectName(name);
        a->setShortcut(key);
        a->setShortcutContext(Qt::WindowShortcut);
        a->setToolTip(QStringLiteral("%1  (%2)").arg(tip, key.toString(QKeySequence::NativeText)));
        addAction(a);
        return a;
    };
    m_runPause =
        make(QStringLiteral("runPause"), tr("Run"), QKeySequence(Qt::Key_Space), tr("Run or pause the diagram"));
    m_step = make(QStringLiteral("step"), tr("Step"), QKeySequence(Qt::Key_F10), tr("One engine event"));
    m_stepBack = make(QStringLiteral("stepBack"), tr("Step back"), QKeySequence(Qt::Key_F9),
                      tr("Back one engine event (replays the run deterministically)"));
    m_reset = make(QStringLiteral("reset"), tr("Reset"), QKeySequence(tr("Ctrl+R")), tr("Stop the run and edit again"));
    setIconSize(QSize(16, 16));
    updateIcons();
    connect(m_runPause, &QAction::triggered, this, [this] {
        if (!m_controller->hasRun() && !ensureRun()) return;
        m_controller->togglePlay();
    });
    connect(m_step, &QAction::triggered, this, [this] {
        if (!m_controller->hasRun() && !ensureRun()) return;
        m_controller->step();
    });
    connect(m_stepBack, &QAction::triggered, this, [this] {
        if (const Status s = m_controller->stepBack(1); !s) {
            m_error = s.error().message;
            emit message(m_error);
        }
    });
    connect(m_reset, &QAction::triggered, this, [this] {
        if (!m_resetGuard || m_resetGuard()) m_controller->reset();
    });

    addSeparator();
    m_speed = new QComboBox(this);
    m_speed->setObjectName(QStringLiteral("runSpeed"));
    m_speed->setToolTip(tr("How fast virtual time runs against real time"));
    for (auto s : {RunController::Speed::Tenth, RunController::Speed::One, RunController::Speed::Ten,
                   RunController::Speed::Hundred, RunController::Speed::Max})
        m_speed->addItem(RunController::speedName(s), int(s));
    m_speed->setCurrentIndex(int(m_controller->speed()));
    connect(m_speed, &QComboBox::currentIndexChanged, this,
            [this](int i) { m_controller->setSpeed(RunController::Speed(m_speed->itemData(i).toInt())); });
    addWidget(m_speed);

    m_clock = new QLabel(this);
    m_clock->setObjectName(QStringLiteral("runClock"));
    m_clock->setToolTip(tr("The run's virtual clock (UTC)"));
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSizeF(mono.pointSizeF() * 1.15);
    mono.setBold(true);
    m_clock->setFont(mono);
    m_clock->setContentsMargins(10, 0, 6, 0);
    m_clock->setMinimumWidth(QFontMetrics(mono).horizontalAdvance(QStringLiteral("2026-01-01 00:00:00.000")) + 20);
    addWidget(m_clock);
    m_state = new QLabel(this);
    m_state->setObjectName(QStringLiteral("runState"));
    m_state->setContentsMargins(4, 0, 6, 0);
    m_state->setMinimumWidth(m_state->fontMetrics().horizontalAdvance(QStringLiteral("running · 88,888,888 events")) +
                             10);
    addWidget(m_state);
    m_seed = new QLabel(this);
    m_seed->setObjectName(QStringLiteral("runSeed"));
    m_seed->setToolTip(tr("The run's seed: the same seed and inputs give the same run"));
    addWidget(m_seed);

    addSeparator();
    m_inject = new QToolButton(this);
    m_inject->setObjectName(QStringLiteral("injectButton"));
    m_inject->setText(tr("Send test message"));
    m_inject->setToolTip(tr("Inject a message into an entry node (API, queue, topic, bucket, WebSocket)"));
    m_inject->setPopupMode(QToolButton::InstantPopup);
    m_inject->setMenu(new QMenu(m_inject));
    connect(m_inject->menu(), &QMenu::aboutToShow, this, &RunToolBar::fillInjectMenu);
    addWidget(m_inject);

    m_serve = new QAction(tr("Serve"), this);
    m_serve->setObjectName(QStringLiteral("serve"));
    m_serve->setCheckable(true);
    m_serve->setToolTip(tr("Open the diagram's real HTTP and WebSocket endpoints on 127.0.0.1 (real time)"));
    addAction(m_serve);
    connect(m_serve, &QAction::toggled, this, [this](bool on) {
        if (on == m_controller->serving()) return;
        if (!on) {
            m_controller->stopServing();
            return;
        }
        if (!m_controller->hasRun() && !ensureRun()) {
            m_serve->setChecked(false);
            return;
        }
        if (const Status s = m_controller->startServing(); !s) {
            m_error = s.error().message;
            emit message(tr("Serve: %1").arg(m_error));
            m_serve->setChecked(false);
        }
    });
    m_urls = new QLabel(this);
    m_urls->setObjectName(QStringLiteral("serveUrls"));
    m_urls->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_urls->setContentsMargins(6, 0, 4, 0);
    addWidget(m_urls);
    m_copy = new QToolButton(this);
    m_copy->setObjectName(QStringLiteral("copyUrls"));
    m_copy->setText(tr("Copy"));
    m_copy->setToolTip(tr("Copy the endpoint URLs"));
    connect(m_copy, &QToolButton::clicked, this, [this] {
        QStringList lines;
        for (const LiveEndpoint& e : m_controller->endpoints()) lines << e.url;
        QApplication::clipboard()->setText(lines.join(QLatin1Char('\n')));
        emit message(tr("Copied %1 URL(s)").arg(lines.size()));
    });
    m_copyAction = addWidget(m_copy);
    m_copyAction->setVisible(false);

    // While running, the clock and the counts change every frame: show them ten times a second,
    // in labels of fixed width, so the toolbar (and the window) does not lay itself out 60 times a second.
    m_throttle.setSingleShot(true);
    m_throttle.setInterval(100);
    connect(&m_throttle, &QTimer::timeout, this, &RunToolBar::refresh);
    connect(m_controller, &RunController::stateChanged, this, [this] {
        if (!m_controller->isRunning()) {
            m_throttle.stop();
            refresh();
        } else if (!m_throttle.isActive()) {
            m_throttle.start();
        }
    });
    connect(m_controller, &RunController::servingChanged, this, &RunToolBar::refresh);
    connect(m_controller, &RunController::runEnded, this, [this] { m_connections.clear(); });
    refresh();
}

bool RunToolBar::ensureRun()
{
    const Status s = m_startRun();
    if (!s) {
        m_error = s.error().message;
        emit message(m_error);
        return false;
    }
    return true;
}

// Icons, not "▶"/"⏸" glyphs: the pause sign is missing from common desktop fonts (DejaVu has
// no U+23F8) and showed as a box. Tinted for the palette, so they follow a theme change.
void RunToolBar::updateIcons()
{
    m_runPause->setIcon(uiIcon(m_showsPause ? QStringLiteral("pause") : QStringLiteral("run")));
    m_step->setIcon(uiIcon(QStringLiteral("step")));
    m_stepBack->setIcon(uiIcon(QStringLiteral("step-back")));
    m_reset->setIcon(uiIcon(QStringLiteral("stop")));
}

void RunToolBar::changeEvent(QEvent* event)
{
    QToolBar::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) updateIcons();
}

void RunToolBar::refresh()
{
    const bool has = m_controller->hasRun();
    const bool running = m_controller->isRunning();
    const bool serving = m_controller->serving();
    if (running != m_showsPause) {
        m_showsPause = running;
        m_runPause->setText(running ? tr("Pause") : tr("Run"));
        updateIcons();
    }
    // Serving runs in real time: the box says so, and keeps the chosen speed for afterwards.
    if (m_speed->isEnabled() == serving) {
        const QSignalBlocker block(m_speed);
        m_speed->setEnabled(!serving);
        m_speed->setCurrentIndex(m_speed->findData(int(serving ? RunController::Speed::One : m_controller->speed())));
        m_speed->setToolTip(serving ? tr("Serving runs in real time (1×): real clients and their timeouts are in "
                                         "real time. Stop serving to change the speed.")
                                    : tr("How fast virtual time runs against real time"));
    }
    m_step->setEnabled(!serving);
    m_stepBack->setEnabled(has && !serving && m_controller->eventCount() > 0);
    m_reset->setEnabled(has);
    m_inject->setEnabled(has);
    m_clock->setText(has ? m_controller->clockText() : tr("not running"));
    QString state;
    if (has) {
        state = serving ? tr("serving") : running ? tr("running") : tr("paused");
        if (!running && !m_controller->pauseReason().isEmpty())
            state += QStringLiteral(" — ") + m_controller->pauseReason();
        state += tr(" · %L1 events").arg(m_controller->eventCount());
    }
    m_state->setText(state);
    m_seed->setText(has ? tr("seed %1").arg(m_controller->seed()) : QString());
    if (m_serve->isChecked() != serving) {
        const QSignalBlocker block(m_serve);
        m_serve->setChecked(serving);
    }
    QStringList urls;
    for (const LiveEndpoint& e : m_controller->endpoints()) urls << QStringLiteral("%1 %2").arg(e.node, e.url);
    m_urls->setText(urls.join(QStringLiteral("  ·  ")));
    m_copyAction->setVisible(serving && !urls.isEmpty());
}

void RunToolBar::fillInjectMenu()
{
    QMenu* menu = m_inject->menu();
    menu->clear();
    EngineRun* run = m_controller->run();
    if (!run) return;
    for (int i = 0; i < run->engine().nodeCount(); ++i) {
        const Node& n = run->engine().node(i);
        const KindInfo* k = Catalog::instance().kind(n.kind);
        if (!k || k->inject == InjectForm::None) continue;
        QAction* a = menu->addAction(kindIcon(n.kind), QStringLiteral("%1 (%2)").arg(n.displayName(), k->displayName));
        a->setObjectName(QStringLiteral("inject-") + n.id.value);
        connect(a, &QAction::triggered, this, [this, i] { sendTestMessage(i); });
    }
    if (menu->isEmpty()) menu->addAction(tr("This diagram has no entry node"))->setEnabled(false);
}

bool RunToolBar::sendTestMessage(int node)
{
    EngineRun* run = m_controller->run();
    if (!run || node < 0 || node >= run->engine().nodeCount()) return false;
    const Node n = run->engine().node(node);
    const KindInfo* k = Catalog::instance().kind(n.kind);
    if (!k || k->inject == InjectForm::None) return false;
    InjectDialog dialog(n, k->inject, window());
    if (dialog.exec() != QDialog::Accepted) return false;
    Result<quint64> sent = Error::of(tr("the run is gone"));
    m_controller->feed()->withRun([&](EngineRun& r) { sent = dialog.send(r, m_connections); });
    m_controller->flush();
    if (!sent) {
        m_error = sent.error().message;
        emit message(tr("Send test message: %1").arg(m_error));
        return false;
    }
    emit message(tr("Sent a test message to %1").arg(n.displayName()));
    refresh();
    return true;
}

}  // namespace ml::ui
