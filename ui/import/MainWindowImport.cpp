// File → Import template…: a SAM / CloudFormation template (core/import) opens as a new untitled
// diagram, laid out; what each function became and what was kept unmapped is shown to the user.
#include "MainWindow.h"
#include "import/TemplateImport.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QStatusBar>

namespace ml::ui {

void MainWindow::importTemplate()
{
    if (!maybeSave()) return;
    const QString start = m_filePath.isEmpty() ? QDir::homePath() : QFileInfo(m_filePath).absolutePath();
    const QString path = QFileDialog::getOpenFileName(this, tr("Import SAM / CloudFormation template"), start,
                                                      tr("Templates (*.yaml *.yml *.json *.template);;All files (*)"));
    if (!path.isEmpty()) importTemplateFile(path);
}

bool MainWindow::importTemplateFile(const QString& path)
{
    Result<cfn::ImportedTemplate> imported = cfn::importTemplateFile(path);
    if (!imported) {
        if (m_interactive)
            QMessageBox::warning(
                this, tr("Cannot import the template"),
                tr("<b>%1</b> could not be imported.<br><br>%2")
                    .arg(QFileInfo(path).fileName().toHtmlEscaped(), imported.error().toString().toHtmlEscaped()));
        statusBar()->showMessage(imported.error().toString(), 10000);
        return false;
    }
    cfn::ImportedTemplate t = std::move(imported).value();
    QStringList warnings, notes;
    for (const cfn::ImportNote& n : t.notes) (n.isWarning() ? warnings : notes) << n.toString();
    const QString summary = tr("Imported %1 nodes and %2 edges from %3; %4 warning(s).")
                                .arg(t.diagram.nodes().size())
                                .arg(t.diagram.edges().size())
                                .arg(QFileInfo(path).fileName())
                                .arg(warnings.size());
    // Untitled, like an example: Save asks where, and never overwrites the template.
    setDocument(std::move(t.diagram), QString(), {});
    statusBar()->showMessage(summary, 8000);
    if (m_interactive) {
        QMessageBox box(QMessageBox::Information, tr("Template imported"), summary, QMessageBox::Ok, this);
        box.setInformativeText(warnings.isEmpty()
                                   ? tr("Everything in the template has a place in the diagram.")
                                   : tr("What has no place in a diagram is kept in the file's \"unmapped\" section "
                                        "and written back on export. Details list each item."));
        box.setDetailedText((warnings + notes).join(QLatin1Char('\n')));
        box.exec();
    }
    return true;
}

}  // namespace ml::ui
