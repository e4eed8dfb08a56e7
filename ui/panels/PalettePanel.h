// The palette (left dock): every Catalog kind grouped by category, with its icon and help; drag a
// kind onto the canvas to add it where it is dropped, or double-click to add it at the centre.
#pragma once

#include <QStringList>
#include <QWidget>

class QAction;
class QLabel;
class QLineEdit;
class QTreeWidget;
class QTreeWidgetItem;

namespace ml::ui {

class PalettePanel : public QWidget {
    Q_OBJECT
public:
    // The drag's mime type; the data is the kind id in UTF-8 (the canvas accepts it).
    static constexpr const char* kMimeType = "application/x-microlab-kind";

    explicit PalettePanel(QWidget* parent = nullptr);

    void setFilter(const QString& text);
    QString filter() const;

    // What the list shows now, in order (tests and the empty-state hint read these).
    QStringList visibleCategories() const;
    QStringList visibleKinds() const;
    QTreeWidgetItem* itemForKind(const QString& kind) const;
    QTreeWidget* tree() const { return m_tree; }
    QLineEdit* filterEdit() const { return m_filter; }

signals:
    // Double-click or Enter on a kind.
    void kindActivated(const QString& kind);

protected:
    void changeEvent(QEvent* event) override;

private:
    void populate();
    void applyFilter();

    QLineEdit* m_filter;
    QTreeWidget* m_tree;
    QLabel* m_empty;
    QAction* m_searchIcon;
};

}  // namespace ml::ui
