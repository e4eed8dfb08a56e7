// The window's side of labs and presenter mode: the Lab dock (shown when the opened file has a
// lab, beside the palette), Reset lab, and View → Presenter mode (F11) for a projector.
#include "MainWindow.h"
#include "canvas/DiagramScene.h"
#include "canvas/DiagramView.h"
#include "canvas/Presentation.h"
#include "lab/LabPanel.h"
#include "run/RunController.h"
#include "run/RunToolBar.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QFontMetrics>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QTimer>

#include <memory>

namespace ml::ui {

namespace {

// Under the application's style sheet a widget keeps the font it was polished with; polishing
// again (the same sheet) lets the widgets already shown take the new application font.
void repolishForFont()
{
    if (auto* app = qobject_cast<QApplication*>(QCoreApplication::instance()); app && !app->styleSheet().isEmpty())
        app->setStyleSheet(app->styleSheet());
}

}  // namespace

void MainWindow::setupLab()
{
    m_labPanel = new LabPanel(m_model, m_runFeed, this);
    m_labDock = new QDockWidget(tr("Lab"), this);
    m_labDock->setObjectName(QStringLiteral("labDock"));
    m_labDock->setWidget(m_labPanel);
    m_labDock->setFeatures(m_paletteDock->features());
    addDockWidget(Qt::LeftDockWidgetArea, m_labDock);
    tabifyDockWidget(m_paletteDock, m_labDock);
    m_labDock->hide();
    // Wide enough for a step's sentences (the palette shares this side): once per lab, when the
    // dock is first on screen (a dock resized before the window is shown keeps its old width).
    auto widen = std::make_shared<bool>(false);
    auto widenNow = [this, widen] {
        if (!*widen || !isVisible() || !m_labDock->isVisible()) return;
        *widen = false;
        resizeDocks({m_labDock}, {m_presenter ? 460 : 360}, Qt::Horizontal);
    };
    connect(m_labPanel, &LabPanel::labChanged, this, [this, widen, widenNow](bool hasLab) {
        m_labDock->setVisible(hasLab);
        if (hasLab) m_labDock->raise();
        *widen = hasLab;
        widenNow();
    });
    connect(m_labDock, &QDockWidget::visibilityChanged, this, [this, widenNow](bool visible) {
        if (visible) QTimer::singleShot(0, this, widenNow);
    });
    // A step that reads the run at a moment: the run pauses there and the panel records it.
    connect(m_labPanel, &LabPanel::pauseAtChanged, m_runController, &RunController::pauseAt);
    connect(m_runController, &RunController::servingChanged, m_labPanel, &LabPanel::setServing);
    connect(m_runController, &RunController::pausedAt, this, [this](Micros at) {
        m_labPanel->record(at);
        m_labDock->raise();
    });
    // Reset lab: the run goes and the design is put back as the lab began (one step, not undoable:
    // the undo history belongs to the design that is gone).
    connect(m_labPanel, &LabPanel::resetRequested, this, [this] {
        m_runController->reset();
        if (m_model->diagram() != m_labPanel->startDiagram()) {
            m_model->setDiagram(m_labPanel->startDiagram());
            m_undo->clear();
        }
    });

    auto* presenter = new QAction(tr("&Presenter mode"), this);
    presenter->setObjectName(QStringLiteral("presenterMode"));
    presenter->setCheckable(true);
    presenter->setShortcut(QKeySequence(Qt::Key_F11));
    presenter->setStatusTip(tr("Large fonts, tokens, badges and clock and high-contrast edges, for a projector"));
    connect(presenter, &QAction::toggled, this, &MainWindow::setPresenterMode);
    addAction(presenter);  // F11 works with the menu bar hidden
    m_actions.insert(presenter->objectName(), presenter);
    for (QAction* a : menuBar()->actions())
        if (a->menu() && a->text() == tr("&View")) {
            a->menu()->addSeparator();
            a->menu()->addAction(presenter);
        }
}

void MainWindow::setPresenterMode(bool on)
{
    if (on == m_presenter) return;
    m_presenter = on;
    if (QAction* a = m_actions.value(QStringLiteral("presenterMode")); a && a->isChecked() != on) a->setChecked(on);
    QLabel* clock = m_runBar->clockLabel();
    if (on) {
        m_fontBeforePresenter = QApplication::font();
        m_clockFontBeforePresenter = clock->font();
        // Open, even when it sits behind the Lab tab.
        m_paletteShownBeforePresenter = m_paletteDock->toggleViewAction()->isChecked();
        // The application's font, not the window's: the style sheet turns off font propagation
        // from parent widgets, while every widget without a font of its own follows the application's.
        QFont big = QApplication::font();
        big.setPointSizeF(big.pointSizeF() * 1.5);
        QApplication::setFont(big);
        repolishForFont();
        // A style sheet of its own: under the application's sheet a font set on the widget may be
        // replaced when it is polished again.
        clock->setStyleSheet(QStringLiteral("font-size: %1pt; font-weight: bold;")
                                 .arg(m_clockFontBeforePresenter.pointSizeF() * 2.2, 0, 'f', 1));
        clock->ensurePolished();
        m_paletteDock->hide();
        if (m_labDock->isVisible()) resizeDocks({m_labDock}, {460}, Qt::Horizontal);  // its text is bigger now
        canvas::setPresentation(canvas::Presentation::presenter());
    } else {
        QApplication::setFont(m_fontBeforePresenter);
        repolishForFont();
        clock->setStyleSheet(QString());
        clock->setFont(m_clockFontBeforePresenter);
        if (m_paletteShownBeforePresenter) {
            m_paletteDock->show();
            if (m_labDock->toggleViewAction()->isChecked()) m_labDock->raise();  // the lab stays in front
        }
        canvas::setPresentation(canvas::Presentation::normal());
    }
    // The clock is never cut off: as wide as its longest text in the font it has now.
    clock->setMinimumWidth(QFontMetrics(clock->font()).horizontalAdvance(QStringLiteral("2026-01-01 00:00:00.000")) +
                           20);
    m_scene->update();
    m_view->viewport()->update();
}

}  // namespace ml::ui
