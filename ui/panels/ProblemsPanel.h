// The Problems tab: what the linter (and the loader) found, live as the diagram changes.
// Activating a row asks the window to select that node or edge.
#pragma once

#include "model/DiagramModel.h"
#include "model/Problem.h"

#include <QTimer>
#include <QWidget>

class QLabel;
class QStackedWidget;
class QTreeWidget;

namespace ml::ui {

class ProblemsPanel : public QWidget {
    Q_OBJECT
public:
    static constexpr int kDebounceMs = 150;

    explicit ProblemsPanel(QWidget* parent = nullptr);

    // Lints the model's diagram ~150 ms after each change (typing does not lint per key).
    void setModel(DiagramModel* model);
    // Problems the loader reported (they stay listed, next to the linter's, until cleared:
    // the window clears them on save, when the file no longer holds them).
    void setLoadProblems(Problems problems);
    void refreshNow();

    const Problems& problems() const { return m_problems; }
    int errorCount() const;
    int warningCount() const;
    QString title() const;  // "Problems (2)"
    QTreeWidget* table() const { return m_table; }

signals:
    void problemsChanged();
    void problemActivated(const ml::NodeId& node, const ml::EdgeId& edge);

protected:
    void changeEvent(QEvent* event) override;

private:
    void fill();
    QString where(const Problem& problem) const;

    DiagramModel* m_model = nullptr;
    Problems m_loadProblems;
    Problems m_problems;
    QTimer m_debounce;
    QStackedWidget* m_stack;
    QTreeWidget* m_table;
    QLabel* m_emptyIcon;
    QLabel* m_emptyText;
};

}  // namespace ml::ui
