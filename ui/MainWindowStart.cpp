// The window's side of the start page (issue 11 item 9): shown over the canvas when the app
// starts with nothing to open, and from File → Start Page and Help → Start Page; anything that
// replaces the document (New, Open, a sample, a recent file) puts the canvas back.
#include "MainWindow.h"
#include "canvas/DiagramView.h"
#include "start/StartPage.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>

namespace ml::ui {

QStringList MainWindow::labFiles()
{
    const QString dir = projectsDir();
    if (dir.isEmpty()) return {};
    QStringList out;
    for (const QFileInfo& f :
         QDir(dir + QStringLiteral("/labs")).entryInfoList({QStringLiteral("*.mlab.json")}, QDir::Files, QDir::Name))
        out << f.absoluteFilePath();
    return out;
}

QAction* MainWindow::createStartPageAction()
{
    auto* a = new QAction(tr("&Start Page"), this);
    a->setObjectName(QStringLiteral("startPage"));
    a->setStatusTip(tr("The samples and labs with thumbnails, New diagram, Open… and recent files"));
    connect(a, &QAction::triggered, this, &MainWindow::showStartPage);
    m_actions.insert(a->objectName(), a);
    return a;
}

void MainWindow::showStartPage()
{
    if (!m_startPage) {
        m_startPage = new StartPage(m_view);
        connect(m_startPage, &StartPage::sampleChosen, this, &MainWindow::openExample);
        connect(m_startPage, &StartPage::recentChosen, this, &MainWindow::openFile);
        connect(m_startPage, &StartPage::newRequested, this, &MainWindow::newDocument);
        connect(m_startPage, &StartPage::openRequested, this, &MainWindow::open);
        connect(m_startPage, &StartPage::closeRequested, this, &MainWindow::hideStartPage);
    }
    m_startPage->setSamples(exampleFiles(), labFiles());
    m_startPage->setRecentFiles(recentFiles());
    m_startPage->setGeometry(m_view->rect());
    m_startPage->show();
    m_startPage->raise();
    m_startPage->sampleList()->setFocus();
}

void MainWindow::hideStartPage()
{
    if (!m_startPage || m_startPage->isHidden()) return;
    m_startPage->hide();
    m_view->setFocus();
}

// Shown as far as the window goes (the window itself may be hidden: tests, screenshots).
bool MainWindow::startPageVisible() const { return m_startPage && !m_startPage->isHidden(); }

}  // namespace ml::ui
