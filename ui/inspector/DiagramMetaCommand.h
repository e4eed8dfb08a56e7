// The undoable edit of the diagram's name and description (the inspector with nothing selected).
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

}  // namespace ml::ui
