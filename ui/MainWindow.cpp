// The window's layout, its persisted state, the Problems wiring and the screenshot routine.
#include "MainWindow.h"

#include "canvas/DiagramScene.h"
#include "canvas/DiagramView.h"
#include "inspector/Inspector.h"
#include "panels/PalettePanel.h"
#include "panels/ProblemsPanel.h"
#include "run/RunCanvas.h"
#include "run/RunController.h"
#include "start/StartPage.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QLabel>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>

namespace ml::ui {

MainWindow::MainWindow(bool interactive, QWidget* parent)
    : QMainWindow(parent), m_interactive(interactive), m_model(new DiagramModel(this)), m_undo(new QUndoStack(this))
{
    static int windows = 0;
    m_sessionNumber = ++windows;
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/microlab.svg")));
    setDocumentMode(true);
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);
    m_undo->setUndoLimit(1000);

    buildLayout();
    createActions();
    createDesignerActions();
    createMenus();
    addDesignerMenus();
    createToolBar();
    setupRun();
    setupLab();
    followRunForDesigner();
    m_defaultState = saveState();

    connect(m_undo, &QUndoStack::cleanChanged, this, [this] { updateTitle(); });
    connect(m_model, &DiagramModel::metaChanged, this, [this] { updateTitle(); });
    connect(m_model, &DiagramModel::changed, this, [this] { updateStatus(); });
    connect(m_model, &DiagramModel::reset, this, [this] { updateStatus(); });

    m_autosave.setInterval(kAutosaveIntervalMs);
    connect(&m_autosave, &QTimer::timeout, this, [this] {
        if (isModified()) autosaveNow();
    });
    m_autosave.start();

    if (m_interactive) restoreLayout();
    setDocument(Diagram(), QString(), {});
}

MainWindow::~MainWindow()
{
    // The scene follows the model; take it down first so no item outlives what it shows. Its
    // items emit selectionChanged while they are destroyed: nobody may listen by then.
    // The run goes first: its overlay lives on the scene and its panels read the engine.
    if (m_runController) m_runController->reset();
    delete m_runCanvas;
    m_runCanvas = nullptr;
    m_scene->disconnect();
    m_model->disconnect(m_scene);
    if (m_view) m_view->setScene(nullptr);
    delete m_scene;
    m_scene = nullptr;
}

void MainWindow::buildLayout()
{
    m_scene = new DiagramScene(m_model, m_undo, this);
    m_view = new DiagramView(m_scene, this);
    m_view->setObjectName(QStringLiteral("diagramView"));
    m_view->setFrameShape(QFrame::NoFrame);
    setCentralWidget(m_view);

    // An empty canvas says how to begin.
    m_canvasHint = new QLabel(tr("Drag a kind from the palette to start\nor open a sample: File ▸ Start Page\n\n"
                                 "Pan: drag with the middle button, or hold Space and drag\n"
                                 "Zoom: mouse wheel · Right-click for more"),
                              m_view->viewport());
    m_canvasHint->setObjectName(QStringLiteral("canvasHint"));
    m_canvasHint->setAlignment(Qt::AlignCenter);
    m_canvasHint->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_view->viewport()->installEventFilter(this);

    // Side docks run the full height; the bottom tabs sit under the canvas only, as in IDEs.
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);

    m_palette = new PalettePanel(this);
    m_paletteDock = new QDockWidget(tr("Palette"), this);
    m_paletteDock->setObjectName(QStringLiteral("paletteDock"));
    m_paletteDock->setWidget(m_palette);
    m_paletteDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetClosable |
                               QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::LeftDockWidgetArea, m_paletteDock);

    m_inspector = new Inspector(m_model, m_undo, this);
    m_inspectorDock = new QDockWidget(tr("Inspector"), this);
    m_inspectorDock->setObjectName(QStringLiteral("inspectorDock"));
    m_inspectorDock->setWidget(m_inspector);
    m_inspectorDock->setFeatures(m_paletteDock->features());
    addDockWidget(Qt::RightDockWidgetArea, m_inspectorDock);

    m_problems = new ProblemsPanel(this);
    m_bottomTabs = new QTabWidget(this);
    m_bottomTabs->setObjectName(QStringLiteral("bottomTabs"));
    m_bottomTabs->setDocumentMode(true);
    // The run panels' toolbars and the summary bar are wide; they must not make the window wider
    // than a 1280-pixel screen (the tabs scroll and the panels squeeze instead).
    m_bottomTabs->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_bottomTabs->setMinimumWidth(320);
    m_bottomTabs->addTab(m_problems, tr("Problems"));
    m_bottomDock = new QDockWidget(tr("Panels"), this);
    m_bottomDock->setObjectName(QStringLiteral("bottomDock"));
    m_bottomDock->setWidget(m_bottomTabs);
    m_bottomDock->setTitleBarWidget(new QWidget(m_bottomDock));  // the tab bar is its title
    m_bottomDock->setFeatures(QDockWidget::DockWidgetClosable);
    addDockWidget(Qt::BottomDockWidgetArea, m_bottomDock);
    applyDockMinimums();
    resizeDocks({m_paletteDock, m_inspectorDock}, {230, 360}, Qt::Horizontal);
    resizeDocks({m_bottomDock}, {190}, Qt::Vertical);

    m_countsLabel = new QLabel(this);
    m_problemsLabel = new QLabel(this);
    m_zoomLabel = new QLabel(this);
    m_zoomLabel->setObjectName(QStringLiteral("zoomLabel"));
    m_zoomLabel->setMinimumWidth(m_zoomLabel->fontMetrics().horizontalAdvance(QStringLiteral("8888%")));
    m_zoomLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    for (QLabel* l : {m_problemsLabel, m_countsLabel, m_zoomLabel}) {
        l->setContentsMargins(10, 0, 10, 0);
        statusBar()->addPermanentWidget(l);
    }
    statusBar()->setSizeGripEnabled(false);
    // Panning has no visible handle (the canvas has no scrollbars): say how, where people look.
    auto* navigationHint = new QLabel(tr("Pan: middle-drag or Space+drag · Zoom: wheel · Find: Ctrl+F"), this);
    navigationHint->setObjectName(QStringLiteral("navigationHint"));
    navigationHint->setContentsMargins(6, 0, 6, 0);
    navigationHint->setForegroundRole(QPalette::PlaceholderText);
    m_statusRow = new QWidget(this);
    m_statusRow->setObjectName(QStringLiteral("statusRow"));
    auto* row = new QHBoxLayout(m_statusRow);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(navigationHint);
    statusBar()->addWidget(m_statusRow, 1);
    m_statusRow->installEventFilter(this);

    connect(m_palette, &PalettePanel::kindActivated, this, [this](const QString& kind) {
        const NodeId id = m_view->addNodeAtCenter(kind);
        if (!id.isEmpty()) m_scene->selectNode(id);
        m_view->setFocus();
    });
    connect(m_scene, &DiagramScene::currentChanged, m_inspector, &Inspector::setCurrent);
    connect(m_scene, &QGraphicsScene::selectionChanged, this, &MainWindow::updateEditActions);
    connect(m_view, &DiagramView::zoomChanged, this,
            [this](double factor) { m_zoomLabel->setText(QStringLiteral("%1%").arg(qRound(factor * 100))); });
    connect(m_view, &DiagramView::pasteRefused, this,
            [this](const QString& why) { statusBar()->showMessage(why, 10000); });
    connect(m_view, &DiagramView::editRefused, this,
            [this](const QString& why) { statusBar()->showMessage(why, 5000); });
    connect(m_problems, &ProblemsPanel::problemsChanged, this, &MainWindow::onProblemsChanged);
    connect(m_problems, &ProblemsPanel::problemActivated, this, &MainWindow::onProblemActivated);
    m_problems->setModel(m_model);
    m_zoomLabel->setText(QStringLiteral("100%"));
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event)
{
    if (m_view && watched == m_view->viewport() && event->type() == QEvent::Resize) {
        m_canvasHint->setGeometry(m_view->viewport()->rect());
        if (m_startPage) m_startPage->setGeometry(m_view->rect());
    }
    // A temporary message owns the row: whatever shows the row meanwhile (QStatusBar hid it),
    // it goes again, left for QStatusBar to show when the message ends.
    if (watched == m_statusRow && event->type() == QEvent::Show && !statusBar()->currentMessage().isEmpty()) {
        m_statusRow->hide();
        m_statusRow->setAttribute(Qt::WA_WState_ExplicitShowHide, false);
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::onProblemsChanged()
{
    m_scene->setProblems(m_problems->problems());
    const int index = m_bottomTabs->indexOf(m_problems);
    m_bottomTabs->setTabText(index, m_problems->title());
    const int errors = m_problems->errorCount();
    const int warnings = m_problems->warningCount();
    m_bottomTabs->setTabIcon(index, errors     ? severityIcon(Severity::Error)
                                    : warnings ? severityIcon(Severity::Warning)
                                               : QIcon());
    updateStatus();
}

void MainWindow::onProblemActivated(const NodeId& node, const EdgeId& edge)
{
    if (!node.isEmpty() && m_model->diagram().node(node)) {
        m_scene->selectNode(node);
        m_view->centerOnNode(node);
        m_inspector->showNode(node);
    } else if (!edge.isEmpty() && m_model->diagram().edge(edge)) {
        m_scene->selectEdge(edge);
        m_inspector->showEdge(edge);
        const Edge* e = m_model->diagram().edge(edge);
        if (m_model->diagram().node(e->from)) m_view->centerOnNode(e->from);
    }
}

namespace {

QString count(int n, const QString& one, const QString& many) { return (n == 1 ? one : many).arg(n); }

}  // namespace

void MainWindow::updateStatus()
{
    const Diagram& d = m_model->diagram();
    m_countsLabel->setText(count(int(d.nodes().size()), tr("%1 node"), tr("%1 nodes")) + QStringLiteral(" · ") +
                           count(int(d.edges().size()), tr("%1 edge"), tr("%1 edges")));
    m_canvasHint->setVisible(d.nodes().empty());
    const int errors = m_problems->errorCount();
    const int warnings = m_problems->warningCount();
    QStringList parts;
    if (errors) parts << count(errors, tr("%1 error"), tr("%1 errors"));
    if (warnings) parts << count(warnings, tr("%1 warning"), tr("%1 warnings"));
    m_problemsLabel->setText(parts.isEmpty() ? tr("No problems") : parts.join(QStringLiteral(" · ")));
    QPalette p = m_problemsLabel->palette();
    p.setColor(QPalette::WindowText, errors ? errorColor() : warnings ? warningColor() : mutedTextColor());
    m_problemsLabel->setPalette(p);
}

void MainWindow::restoreLayout()
{
    QSettings settings;
    if (const QByteArray g = settings.value(layoutKey("geometry")).toByteArray(); !g.isEmpty())
        restoreGeometry(g);
    else
        resize(1440, 900);
    if (const QByteArray s = settings.value(layoutKey("state")).toByteArray(); !s.isEmpty()) restoreState(s);
}

void MainWindow::saveLayout()
{
    if (!m_interactive) return;
    QSettings settings;
    settings.setValue(layoutKey("geometry"), saveGeometry());
    settings.setValue(layoutKey("state"), saveState());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    saveLayout();
    removeRecovery();
    event->accept();
}

void MainWindow::changeEvent(QEvent* event)
{
    QMainWindow::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        updateActionIcons();
        updateStatus();
        onProblemsChanged();
    }
}

Status MainWindow::saveScreenshot(const QString& path, QSize size)
{
    resize(size);
    if (!isVisible()) show();
    // Let the docks settle at their sizes, the scene build its items and everything paint once.
    resizeDocks({m_paletteDock, m_inspectorDock}, {230, 360}, Qt::Horizontal);
    // While a run is shown its tabs get 30% of the height (as when a run starts), else 170 px.
    resizeDocks({m_bottomDock}, {m_runController && m_runController->hasRun() ? size.height() * 3 / 10 : 170},
                Qt::Vertical);
    auto settle = [](int ms) {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < ms) {
            QApplication::processEvents(QEventLoop::AllEvents, 20);
            QApplication::sendPostedEvents();
        }
    };
    settle(150);
    m_problems->refreshNow();
    m_view->zoomToFit();
    settle(250);
    const QPixmap shot = grab();
    if (shot.isNull()) return Error::inFileNamed(path, tr("could not grab the window"));
    if (!shot.save(path, "PNG")) return Error::inFileNamed(path, tr("could not write the PNG"));
    return okStatus();
}

}  // namespace ml::ui
