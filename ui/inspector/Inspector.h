// The inspector (right dock): the selected node's id, name and config, the selected edge's
// config, or — with nothing selected — the diagram's name, description and a summary. Generated
// from the Catalog's schema; every edit is an undo command; it follows the model's signals, so
// undo and edits made elsewhere show at once.
#pragma once

#include "inspector/ConfigRow.h"
#include "model/DiagramModel.h"

#include <QPointer>
#include <QUndoStack>
#include <QWidget>

#include <vector>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QScrollArea;
class QVBoxLayout;

namespace ml::ui {

class Inspector : public QWidget {
    Q_OBJECT
public:
    Inspector(DiagramModel* model, QUndoStack* undo, QWidget* parent = nullptr);

    NodeId currentNode() const { return m_node; }
    EdgeId currentEdge() const { return m_edge; }

    // The widgets of the page shown now (null when the page has none); tests drive these.
    ConfigRow* row(const QString& key) const;
    const std::vector<ConfigRow*>& rows() const { return m_page.rows; }
    QLineEdit* idEdit() const { return m_page.id; }
    QLineEdit* nameEdit() const { return m_page.name; }
    QString idError() const;
    QLineEdit* diagramNameEdit() const { return m_page.diagramName; }
    QPlainTextEdit* descriptionEdit() const { return m_page.description; }
    QString title() const;
    // What the diagram page calls an unnamed diagram: the window's document name (its file name),
    // so the inspector and the title bar agree. Empty: "Untitled diagram".
    void setDocumentName(const QString& name);

public slots:
    // Follows the canvas: a node, an edge, or (both empty) the diagram.
    void setCurrent(const ml::NodeId& node, const ml::EdgeId& edge);
    void showNode(const ml::NodeId& id);
    void showEdge(const ml::EdgeId& id);
    void showDiagram();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    struct Page {
        QPointer<QWidget> widget;
        std::vector<ConfigRow*> rows;
        QLabel* title = nullptr;
        QLabel* subtitle = nullptr;
        QLineEdit* id = nullptr;
        QLabel* idError = nullptr;
        QLineEdit* name = nullptr;
        QLineEdit* diagramName = nullptr;
        QPlainTextEdit* description = nullptr;
        QLabel* summary = nullptr;
        QLabel* endpoints = nullptr;
    };

    void rebuild();
    void refresh();
    void buildNodePage(QVBoxLayout* layout, const Node& node);
    void buildEdgePage(QVBoxLayout* layout, const Edge& edge);
    void buildDiagramPage(QVBoxLayout* layout);
    void addHeader(QVBoxLayout* layout, const QIcon& icon, const QString& help);
    void addSection(QVBoxLayout* layout, const QString& title);
    QString summaryText() const;
    QString edgeKindOf(const Edge& edge) const;

    void commitId();
    void commitName();
    void commitMeta();

    void onNodeRenamed(const NodeId& from, const NodeId& to);
    void onNodeRemoved(const NodeId& id);
    void onEdgeRemoved(const EdgeId& id);

    DiagramModel* m_model;
    QUndoStack* m_undo;
    NodeId m_node;
    EdgeId m_edge;
    QScrollArea* m_scroll;
    Page m_page;
    QString m_documentName;
};

}  // namespace ml::ui
