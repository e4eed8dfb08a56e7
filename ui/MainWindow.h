// The main window (DESIGN.md "The GUI"): palette on the left, canvas in the centre, inspector on
// the right, the bottom tabs (Problems and the run panels) and the run toolbar. It owns one document — a
// DiagramModel with its QUndoStack — and the files behind it: open, save, recent, autosave.
// Split by seam: MainWindow.cpp (layout, state, screenshot), MainWindowActions.cpp (menus,
// toolbar), MainWindowFiles.cpp (files, recovery, title), MainWindowRun.cpp (the live run).
#pragma once

#include "Theme.h"
#include "format/Result.h"
#include "model/DiagramModel.h"

#include <QFont>
#include <QHash>
#include <QLockFile>
#include <QMainWindow>
#include <QMessageBox>
#include <QTimer>
#include <QUndoStack>

#include <functional>
#include <memory>

class QAction;
class QActionGroup;
class QDockWidget;
class QLabel;
class QMenu;
class QTabWidget;
class QToolBar;

namespace ml::ui {

class DiagramScene;
class DiagramView;
class FaultBox;
class RunCanvas;
class RunController;
class RunFeed;
class RunToolBar;
class Inspector;
class LabPanel;
class PalettePanel;
class ProblemsPanel;
class StartPage;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    static constexpr int kAutosaveIntervalMs = 30 * 1000;
    static constexpr int kMaxRecentFiles = 8;

    // `interactive` false (screenshots, tests): never show a dialog, never restore or save the
    // window layout — dialogs answer "discard", errors are returned, not shown.
    explicit MainWindow(bool interactive = true, QWidget* parent = nullptr);
    ~MainWindow() override;

    DiagramModel* model() const { return m_model; }
    QUndoStack* undoStack() const { return m_undo; }
    DiagramScene* scene() const { return m_scene; }
    DiagramView* view() const { return m_view; }
    PalettePanel* palettePanel() const { return m_palette; }
    Inspector* inspector() const { return m_inspector; }
    ProblemsPanel* problemsPanel() const { return m_problems; }
    // The bottom dock's tabs; the live-run panels (Logs, Queues & DLQ, …) are added here.
    QTabWidget* bottomTabs() const { return m_bottomTabs; }
    QAction* action(const QString& name) const { return m_actions.value(name); }
    // True while a run exists: the diagram is read-only (faults and breakpoints stay open).
    bool editingLocked() const;

    // ---- the live run (MainWindowRun.cpp) ----
    // The one feed the run panels and the canvas overlay listen to.
    RunFeed* runFeed() const { return m_runFeed; }
    RunController* runController() const { return m_runController; }
    RunCanvas* runCanvas() const { return m_runCanvas; }
    RunToolBar* runToolBar() const { return m_runBar; }
    FaultBox* faultBox() const { return m_faultBox; }
    // A new run of the document, paused at its start; refused while the diagram has errors.
    Status startRun();
    // Shows the bottom tab named like `name` ("logs", "queues", "metrics", "trace", "websocket",
    // "problems"); false when there is no such tab.
    bool showBottomTab(const QString& name);

    // ---- the lab beside the canvas and presenter mode (lab/MainWindowLab.cpp) ----
    LabPanel* labPanel() const { return m_labPanel; }
    QDockWidget* labDock() const { return m_labDock; }
    // View → Presenter mode (F11): larger fonts, tokens and badges, palette hidden, high-contrast
    // edges, the clock big; off restores what was there.
    void setPresenterMode(bool on);
    bool presenterMode() const { return m_presenter; }

    // ---- files (MainWindowFiles.cpp) ----
    // Replaces the document without asking; the error names file, pointer, line and column.
    Status loadFile(const QString& path);
    // Writes the document to `path` (atomic), makes it the document's file, marks it clean.
    Status saveTo(const QString& path);
    QString filePath() const { return m_filePath; }
    // File → Import template… without the file dialog (ui/import/MainWindowImport.cpp): the
    // template becomes a new untitled, laid-out diagram; false (and the error shown) when it fails.
    bool importTemplateFile(const QString& path);
    bool isModified() const;
    QStringList recentFiles() const;
    // Where the sample projects are: $MICROLAB_PROJECTS_DIR, next to the executable, or the
    // source tree this was built from.
    static QString projectsDir();
    static QStringList exampleFiles();

    // The recovery copy autosave writes while the document has unsaved changes.
    QString recoveryPath() const;
    bool autosaveNow();
    // Looks for a recovery file left by a session that did not end cleanly and offers to
    // restore it (interactive only). Returns true when one was restored.
    bool offerRecovery();
    // What the recovery prompt calls a recovery file: the path it was saved as, or its diagram's name.
    static QString recoveredDocumentName(const QString& recoveryFile);
    // Recovery files of sessions that are gone, newest first.
    QStringList orphanedRecoveryFiles() const;
    // Restores a recovery file without asking (tests); the restore is one undoable step.
    Status restoreRecovery(const QString& recoveryFile);

    // What the unsaved-changes prompt answers (Save, Discard or Cancel); tests set it.
    using SavePrompt = std::function<QMessageBox::StandardButton(const QString& documentName)>;
    void setSavePrompt(SavePrompt prompt) { m_savePrompt = std::move(prompt); }

    // Asked before a run of more than kTrivialRunEvents events is thrown away (Reset, the banner,
    // New, Open, close); true discards. Interactive: a box with "Don't ask again" (QSettings
    // run/askBeforeDiscarding); not interactive and no prompt set: discard.
    static constexpr quint64 kTrivialRunEvents = 1000;
    using RunDiscardPrompt = std::function<bool(quint64 events)>;
    void setRunDiscardPrompt(RunDiscardPrompt prompt) { m_runDiscardPrompt = std::move(prompt); }
    bool confirmDiscardRun();

    // ---- designer features (MainWindowDesigner.cpp) ----
    // Every shortcut the window knows, as (command, keys) rows, then the canvas's gestures: what
    // Help → Keyboard Shortcuts lists.
    QList<QPair<QString, QString>> keyboardShortcuts() const;

    // ---- the start page (MainWindowStart.cpp) ----
    StartPage* startPage() const { return m_startPage; }  // null until first shown
    bool startPageVisible() const;
    static QStringList labFiles();  // projects/labs/*.mlab.json

    // ---- screenshot (MainWindow.cpp) ----
    // Lays the window out at `size`, fits the diagram, lets everything paint and saves a PNG.
    Status saveScreenshot(const QString& path, QSize size);

public slots:
    void newDocument();
    void open();
    void importTemplate();               // File → Import template… (ui/import/MainWindowImport.cpp)
    bool openFile(const QString& path);  // asks about unsaved changes, reports errors
    void openExample(const QString& path);
    bool save();
    bool saveAs();
    void setTheme(ml::ui::ThemeMode mode);
    void showKeyboardShortcuts();  // Help → Keyboard Shortcuts (a non-modal dialog)
    void resetLayout();            // View → Reset Layout
    void showStartPage();          // File / Help → Start Page
    void hideStartPage();

protected:
    void closeEvent(QCloseEvent* event) override;
    void changeEvent(QEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void buildLayout();
    void setupRun();  // MainWindowRun.cpp
    void setupLab();  // lab/MainWindowLab.cpp
    void setEditingLocked(bool locked);
    void createActions();          // MainWindowActions.cpp
    void createDesignerActions();  // MainWindowDesigner.cpp
    void addDesignerMenus();
    QAction* createStartPageAction();
    void followRunForDesigner();
    QString layoutKey(const char* what) const;
    void applyDockMinimums();
    void createMenus();
    void createToolBar();
    void updateActionIcons();
    // Enables the edit actions from the selection, the undo stack and editingLocked().
    void updateEditActions();
    void updateRecentMenu();
    void updateExamplesMenu();
    void updateTitle();
    void updateStatus();
    void restoreLayout();
    void saveLayout();
    void onProblemsChanged();
    void onProblemActivated(const ml::NodeId& node, const ml::EdgeId& edge);
    bool maybeSave();
    bool loadAndReport(const QString& path);  // loads, or says why not (dialog + status bar)
    void setDocument(Diagram diagram, const QString& path, Problems loadProblems);
    void addRecentFile(const QString& path);
    void removeRecovery();
    QString documentName() const;
    QString sessionName() const;  // names this window's recovery and lock files

    bool m_interactive;
    DiagramModel* m_model;
    QUndoStack* m_undo;
    DiagramScene* m_scene = nullptr;
    DiagramView* m_view = nullptr;
    PalettePanel* m_palette = nullptr;
    Inspector* m_inspector = nullptr;
    ProblemsPanel* m_problems = nullptr;
    QTabWidget* m_bottomTabs = nullptr;
    QDockWidget* m_paletteDock = nullptr;
    QDockWidget* m_inspectorDock = nullptr;
    QDockWidget* m_bottomDock = nullptr;
    QToolBar* m_toolBar = nullptr;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_examplesMenu = nullptr;
    QActionGroup* m_themeGroup = nullptr;
    QLabel* m_countsLabel = nullptr;
    QLabel* m_problemsLabel = nullptr;
    QLabel* m_zoomLabel = nullptr;
    QLabel* m_canvasHint = nullptr;
    StartPage* m_startPage = nullptr;
    RunFeed* m_runFeed = nullptr;
    RunController* m_runController = nullptr;
    RunCanvas* m_runCanvas = nullptr;
    RunToolBar* m_runBar = nullptr;
    FaultBox* m_faultBox = nullptr;
    LabPanel* m_labPanel = nullptr;
    QDockWidget* m_labDock = nullptr;
    bool m_presenter = false;
    bool m_paletteShownBeforePresenter = true;
    QFont m_fontBeforePresenter;
    QFont m_clockFontBeforePresenter;
    QHash<QString, QAction*> m_actions;
    QHash<QAction*, QString> m_actionIcons;

    QByteArray m_defaultState;  // the docks as built, for View → Reset Layout
    QString m_filePath;
    QTimer m_autosave;
    std::unique_ptr<QLockFile> m_sessionLock;
    int m_sessionNumber;
    SavePrompt m_savePrompt;
    RunDiscardPrompt m_runDiscardPrompt;
    QWidget* m_statusRow = nullptr;  // the navigation hint and the run summary; a message hides both
};

}  // namespace ml::ui
