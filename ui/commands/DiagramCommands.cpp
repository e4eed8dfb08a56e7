#include "commands/DiagramCommands.h"

namespace ml::ui {

SetDiagramMetaCommand::SetDiagramMetaCommand(DiagramModel* model, QString name, QString description,
                                             QUndoCommand* parent)
    : QUndoCommand(parent),
      m_model(model),
      m_oldName(model->diagram().name),
      m_oldDescription(model->diagram().description),
      m_name(std::move(name)),
      m_description(std::move(description))
{
    setText(m_name != m_oldName ? QObject::tr("Rename diagram \"%1\"").arg(m_name)
                                : QObject::tr("Edit diagram description"));
}

void SetDiagramMetaCommand::redo() { m_model->setMeta(m_name, m_description); }
void SetDiagramMetaCommand::undo() { m_model->setMeta(m_oldName, m_oldDescription); }

ReplaceDiagramCommand::ReplaceDiagramCommand(DiagramModel* model, Diagram diagram, QUndoCommand* parent)
    : QUndoCommand(parent), m_model(model), m_old(model->diagram()), m_new(std::move(diagram))
{
    setText(QObject::tr("Restore unsaved changes"));
}

void ReplaceDiagramCommand::redo() { m_model->setDiagram(m_new); }
void ReplaceDiagramCommand::undo() { m_model->setDiagram(m_old); }

}  // namespace ml::ui
