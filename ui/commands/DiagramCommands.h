// Edits of the diagram as a whole: its name and description (the inspector with nothing
// selected), and putting a whole diagram back (crash recovery).
#pragma once

#include "model/DiagramModel.h"

#include <QUndoCommand>

namespace ml::ui {

class SetDiagramMetaCommand : public QUndoCommand {
public:
    SetDiagramMetaCommand(DiagramModel* model, QString name, QString description, QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;

private:
    DiagramModel* m_model;
    QString m_oldName, m_oldDescription;
    QString m_name, m_description;
};

// Puts a whole diagram back (crash recovery), as one undoable step that leaves the document
// modified — the restored work is not saved anywhere yet.
class ReplaceDiagramCommand : public QUndoCommand {
public:
    ReplaceDiagramCommand(DiagramModel* model, Diagram diagram, QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;

private:
    DiagramModel* m_model;
    Diagram m_old;
    Diagram m_new;
};

}  // namespace ml::ui
