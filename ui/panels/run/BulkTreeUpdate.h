// Many edits to a QTreeWidget whose columns size to their contents, measured once at the end.
// With ResizeToContents on, every setText of an attached item re-measures its whole column:
// refreshing 500 dead-lettered messages cost 500 × 8 × 500 size hints and froze the window.
#pragma once

#include <QHeaderView>
#include <QTreeWidget>

#include <vector>

namespace ml::ui::run {

class BulkTreeUpdate {
public:
    explicit BulkTreeUpdate(QTreeWidget* tree) : m_tree(tree)
    {
        QHeaderView* header = tree->header();
        for (int c = 0; c < header->count(); ++c) {
            m_modes.push_back(header->sectionResizeMode(c));
            if (m_modes.back() == QHeaderView::ResizeToContents)
                header->setSectionResizeMode(c, QHeaderView::Interactive);
        }
        m_tree->setUpdatesEnabled(false);
    }
    ~BulkTreeUpdate()
    {
        QHeaderView* header = m_tree->header();
        for (int c = 0; c < int(m_modes.size()) && c < header->count(); ++c)
            if (m_modes[size_t(c)] == QHeaderView::ResizeToContents)
                header->setSectionResizeMode(c, QHeaderView::ResizeToContents);
        m_tree->setUpdatesEnabled(true);
    }
    BulkTreeUpdate(const BulkTreeUpdate&) = delete;
    BulkTreeUpdate& operator=(const BulkTreeUpdate&) = delete;

private:
    QTreeWidget* m_tree;
    std::vector<QHeaderView::ResizeMode> m_modes;
};

}  // namespace ml::ui::run
