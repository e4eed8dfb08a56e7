// The document's files: new, open, examples, save, recent files, the title with its modified
// mark, and crash recovery (autosave to a per-session file; a session that did not end cleanly
// leaves its file behind and the next start offers it back).
#include "MainWindow.h"
#include "canvas/DiagramScene.h"
#include "canvas/DiagramView.h"
#include "commands/DiagramCommands.h"
#include "inspector/Inspector.h"
#include "panels/ProblemsPanel.h"
#include "project/ProjectFile.h"
#include "run/RunController.h"

#include <QAction>
#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLocale>
#include <QMenu>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTimer>

namespace ml::ui {

namespace {

const QString kRecentKey = QStringLiteral("recentFiles");
const QString kSuffix = QStringLiteral(".mlab.json");

QString recoveryDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/recovery");
}

}  // namespace

QString MainWindow::projectsDir()
{
    auto usable = [](const QString& dir) { return !dir.isEmpty() && QFileInfo(dir).isDir(); };
    const QString env = qEnvironmentVariable("MICROLAB_PROJECTS_DIR");
    if (usable(env)) return QDir(env).absolutePath();
    const QString app = QCoreApplication::applicationDirPath();
    for (const QString& rel : {QStringLiteral("/../projects"), QStringLiteral("/../../projects"),
                               QStringLiteral("/../share/microlab/projects")}) {
        if (usable(app + rel)) return QDir(app + rel).absolutePath();
    }
#ifdef MICROLAB_SOURCE_PROJECTS_DIR
    if (usable(QStringLiteral(MICROLAB_SOURCE_PROJECTS_DIR))) return QStringLiteral(MICROLAB_SOURCE_PROJECTS_DIR);
#endif
    // Started from a checkout: ./projects.
    if (usable(QDir::currentPath() + QStringLiteral("/projects")))
        return QDir::currentPath() + QStringLiteral("/projects");
    return QString();
}

QStringList MainWindow::exampleFiles()
{
    const QString dir = projectsDir();
    if (dir.isEmpty()) return {};
    QStringList out;
    for (const QFileInfo& f : QDir(dir).entryInfoList({QStringLiteral("*.mlab.json")}, QDir::Files, QDir::Name))
        out << f.absoluteFilePath();
    return out;
}

bool MainWindow::isModified() const { return !m_undo->isClean(); }

QString MainWindow::documentName() const
{
    if (!m_filePath.isEmpty()) return QFileInfo(m_filePath).fileName();
    const QString name = m_model->diagram().name;
    return name.isEmpty() ? tr("Untitled") : name;
}

void MainWindow::updateTitle()
{
    setWindowTitle(QStringLiteral("%1[*] — Microlab").arg(documentName()));
    m_inspector->setDocumentName(m_filePath.isEmpty() ? QString() : documentName());
    setWindowModified(isModified());
}

void MainWindow::setDocument(Diagram diagram, const QString& path, Problems loadProblems)
{
    if (m_runController) m_runController->reset();  // a run belongs to the document it was started from
    hideStartPage();
    m_model->setDiagram(std::move(diagram));
    m_undo->clear();
    m_undo->setClean();
    m_filePath = path;
    m_problems->setLoadProblems(std::move(loadProblems));
    removeRecovery();
    updateTitle();
    updateStatus();
    // The view knows its size only once laid out.
    QTimer::singleShot(0, m_view, [view = m_view] { view->zoomToFit(); });
}

Status MainWindow::loadFile(const QString& path)
{
    Result<LoadedProject> loaded = projectfile::load(path);
    if (!loaded) return loaded.error();
    LoadedProject project = std::move(loaded).value();
    setDocument(std::move(project.diagram), QFileInfo(path).absoluteFilePath(), std::move(project.problems));
    addRecentFile(m_filePath);
    return okStatus();
}

Status MainWindow::saveTo(const QString& path)
{
    if (Status s = projectfile::save(m_model->diagram(), path); !s) return s;
    m_filePath = QFileInfo(path).absoluteFilePath();
    m_undo->setClean();
    // What the loader complained about is not in the file any more.
    m_problems->setLoadProblems({});
    removeRecovery();
    addRecentFile(m_filePath);
    updateTitle();
    return okStatus();
}

bool MainWindow::maybeSave()
{
    if (!confirmDiscardRun()) return false;  // opening or closing ends the run too
    if (!isModified()) return true;
    QMessageBox::StandardButton answer = QMessageBox::Discard;
    if (m_savePrompt) {
        answer = m_savePrompt(documentName());
    } else if (m_interactive) {
        answer = QMessageBox::warning(
            this, tr("Unsaved changes"), tr("Save the changes to “%1” before closing it?").arg(documentName()),
            QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    }
    if (answer == QMessageBox::Save) return save();
    return answer == QMessageBox::Discard;
}

void MainWindow::newDocument()
{
    if (!maybeSave()) return;
    setDocument(Diagram(), QString(), {});
    statusBar()->showMessage(tr("New diagram — drag a kind from the palette to start"), 5000);
}

void MainWindow::open()
{
    if (!maybeSave()) return;
    const QString start = m_filePath.isEmpty() ? projectsDir() : QFileInfo(m_filePath).absolutePath();
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open diagram"), start, tr("Microlab projects (*.mlab.json);;JSON files (*.json);;All files (*)"));
    if (!path.isEmpty()) loadAndReport(path);
}

bool MainWindow::openFile(const QString& path)
{
    if (!maybeSave()) return false;
    return loadAndReport(path);
}

bool MainWindow::loadAndReport(const QString& path)
{
    const Status s = loadFile(path);
    if (!s) {
        if (m_interactive)
            QMessageBox::warning(
                this, tr("Cannot open the diagram"),
                tr("<b>%1</b> could not be opened.<br><br>%2")
                    .arg(QFileInfo(path).fileName().toHtmlEscaped(), s.error().toString().toHtmlEscaped()));
        statusBar()->showMessage(s.error().toString(), 10000);
        return false;
    }
    statusBar()->showMessage(tr("Opened %1").arg(QDir::toNativeSeparators(path)), 4000);
    return true;
}

void MainWindow::openExample(const QString& path)
{
    if (!maybeSave()) return;
    Result<LoadedProject> loaded = projectfile::load(path);
    if (!loaded) {
        if (m_interactive) QMessageBox::warning(this, tr("Cannot open the example"), loaded.error().toString());
        return;
    }
    // An example opens as an untitled copy, so Save never overwrites the sample.
    LoadedProject project = std::move(loaded).value();
    setDocument(std::move(project.diagram), QString(), std::move(project.problems));
    statusBar()->showMessage(tr("Opened the example %1 as a new diagram").arg(QFileInfo(path).fileName()), 5000);
}

bool MainWindow::save()
{
    if (m_filePath.isEmpty()) return saveAs();
    const Status s = saveTo(m_filePath);
    if (!s) {
        if (m_interactive) QMessageBox::warning(this, tr("Cannot save the diagram"), s.error().toString());
        return false;
    }
    statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(m_filePath)), 4000);
    return true;
}

bool MainWindow::saveAs()
{
    if (!m_interactive) return false;
    QString suggestion = m_filePath;
    if (suggestion.isEmpty()) {
        QString base = m_model->diagram().name.toLower();
        base.replace(QRegularExpression(QStringLiteral("[^a-z0-9]+")), QStringLiteral("-"));
        base.remove(QRegularExpression(QStringLiteral("^-+|-+$")));
        suggestion = QDir::home().filePath((base.isEmpty() ? QStringLiteral("diagram") : base) + kSuffix);
    }
    QString path =
        QFileDialog::getSaveFileName(this, tr("Save diagram as"), suggestion, tr("Microlab projects (*.mlab.json)"));
    if (path.isEmpty()) return false;
    if (!path.endsWith(QStringLiteral(".json"))) path += kSuffix;
    const Status s = saveTo(path);
    if (!s) {
        QMessageBox::warning(this, tr("Cannot save the diagram"), s.error().toString());
        return false;
    }
    statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), 4000);
    return true;
}

QStringList MainWindow::recentFiles() const { return QSettings().value(kRecentKey).toStringList(); }

void MainWindow::addRecentFile(const QString& path)
{
    if (!m_interactive || path.isEmpty()) return;
    QStringList files = recentFiles();
    files.removeAll(path);
    files.prepend(path);
    while (files.size() > kMaxRecentFiles) files.removeLast();
    QSettings().setValue(kRecentKey, files);
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    const QStringList files = recentFiles();
    for (int i = 0; i < files.size(); ++i) {
        const QString& path = files[i];
        QAction* a = m_recentMenu->addAction(QStringLiteral("&%1  %2").arg(i + 1).arg(QFileInfo(path).fileName()));
        a->setStatusTip(QDir::toNativeSeparators(path));
        a->setToolTip(QDir::toNativeSeparators(path));
        a->setEnabled(QFileInfo::exists(path));
        connect(a, &QAction::triggered, this, [this, path] { openFile(path); });
    }
    if (files.isEmpty()) m_recentMenu->addAction(tr("No recent files"))->setEnabled(false);
    m_recentMenu->addSeparator();
    QAction* clear = m_recentMenu->addAction(tr("Clear Recent Files"));
    clear->setEnabled(!files.isEmpty());
    connect(clear, &QAction::triggered, this, [] { QSettings().remove(kRecentKey); });
}

void MainWindow::updateExamplesMenu()
{
    m_examplesMenu->clear();
    m_examplesMenu->setToolTipsVisible(true);
    const QStringList files = exampleFiles();
    for (const QString& path : files) {
        // The menu shows each example's own name; reading a small sample is instant.
        QString title = QFileInfo(path).fileName();
        title.chop(kSuffix.size());
        QString description;
        if (Result<LoadedProject> p = projectfile::load(path)) {
            if (!p->diagram.name.isEmpty()) title = p->diagram.name;
            description = p->diagram.description;
        }
        QAction* a = m_examplesMenu->addAction(uiIcon(QStringLiteral("example")), title);
        a->setStatusTip(description.isEmpty() ? QFileInfo(path).fileName() : description);
        // What each sample shows, where the user is looking: in the menu's tooltip.
        a->setToolTip(description.isEmpty() ? QFileInfo(path).fileName()
                                            : QStringLiteral("%1\n%2").arg(description, QFileInfo(path).fileName()));
        connect(a, &QAction::triggered, this, [this, path] { openExample(path); });
    }
    if (files.isEmpty())
        m_examplesMenu->addAction(tr("No examples found (set MICROLAB_PROJECTS_DIR)"))->setEnabled(false);
}

// ---- crash recovery ----

QString MainWindow::sessionName() const
{
    return QStringLiteral("session-%1-%2").arg(QCoreApplication::applicationPid()).arg(m_sessionNumber);
}

QString MainWindow::recoveryPath() const { return recoveryDir() + QLatin1Char('/') + sessionName() + kSuffix; }

bool MainWindow::autosaveNow()
{
    if (!QDir().mkpath(recoveryDir())) return false;
    if (!m_sessionLock) {
        // Held while this session runs: a recovery file whose lock is free belongs to a session
        // that is gone.
        m_sessionLock =
            std::make_unique<QLockFile>(recoveryDir() + QLatin1Char('/') + sessionName() + QStringLiteral(".lock"));
        m_sessionLock->setStaleLockTime(0);
        m_sessionLock->tryLock(0);
    }
    QSaveFile file(recoveryPath());
    if (!file.open(QIODevice::WriteOnly)) return false;
    file.write(projectfile::serialize(m_model->diagram()));
    if (!file.commit()) return false;
    QSaveFile source(recoveryPath() + QStringLiteral(".source"));
    if (source.open(QIODevice::WriteOnly)) {
        source.write(m_filePath.toUtf8());
        source.commit();
    }
    return true;
}

void MainWindow::removeRecovery()
{
    QFile::remove(recoveryPath());
    QFile::remove(recoveryPath() + QStringLiteral(".source"));
}

Status MainWindow::restoreRecovery(const QString& recoveryFile)
{
    Result<LoadedProject> loaded = projectfile::load(recoveryFile);
    if (!loaded) return loaded.error();
    QFile source(recoveryFile + QStringLiteral(".source"));
    const QString original = source.open(QIODevice::ReadOnly) ? QString::fromUtf8(source.readAll()) : QString();
    setDocument(Diagram(), QFileInfo::exists(original) ? original : QString(), {});
    m_undo->push(new ReplaceDiagramCommand(m_model, std::move(loaded).value().diagram));
    updateTitle();
    return okStatus();
}

QStringList MainWindow::orphanedRecoveryFiles() const
{
    QStringList orphans;
    const QDir dir(recoveryDir());
    for (const QFileInfo& f : dir.entryInfoList({QStringLiteral("session-*") + kSuffix}, QDir::Files, QDir::Time)) {
        if (f.absoluteFilePath() == QFileInfo(recoveryPath()).absoluteFilePath()) continue;
        QString lockPath = f.absoluteFilePath();
        lockPath.chop(kSuffix.size());
        // A running session holds its lock; a free (or stale) lock means the session is gone.
        QLockFile lock(lockPath + QStringLiteral(".lock"));
        if (lock.tryLock(0)) orphans << f.absoluteFilePath();
    }
    return orphans;
}

QString MainWindow::recoveredDocumentName(const QString& recoveryFile)
{
    // The file it was saved as (kept next to the copy), else the diagram's own name.
    QFile source(recoveryFile + QStringLiteral(".source"));
    const QString original =
        source.open(QIODevice::ReadOnly) ? QString::fromUtf8(source.readAll()).trimmed() : QString();
    if (!original.isEmpty()) return QDir::toNativeSeparators(original);
    if (Result<LoadedProject> p = projectfile::load(recoveryFile); p && !p->diagram.name.isEmpty())
        return tr("%1 (never saved)").arg(p->diagram.name);
    return tr("an untitled diagram");
}

bool MainWindow::offerRecovery()
{
    const QStringList orphans = orphanedRecoveryFiles();
    if (orphans.isEmpty() || !m_interactive) return false;
    const QFileInfo newest(orphans.front());
    const auto answer = QMessageBox::question(
        this, tr("Restore unsaved changes?"),
        tr("Microlab did not close normally last time. Unsaved changes to <b>%1</b> from %2 were kept."
           "<br><br>Restore them?")
            .arg(recoveredDocumentName(newest.absoluteFilePath()).toHtmlEscaped(),
                 QLocale().toString(newest.lastModified(), QLocale::ShortFormat)),
        QMessageBox::Yes | QMessageBox::Discard, QMessageBox::Yes);
    bool restored = false;
    if (answer == QMessageBox::Yes) {
        const Status s = restoreRecovery(newest.absoluteFilePath());
        if (!s) QMessageBox::warning(this, tr("Cannot restore"), s.error().toString());
        restored = bool(s);
    }
    for (const QString& file : orphans) {
        QString base = file;
        QFile::remove(base + QStringLiteral(".source"));
        QFile::remove(base);
        base.chop(kSuffix.size());
        QFile::remove(base + QStringLiteral(".lock"));
    }
    return restored;
}

}  // namespace ml::ui
