#include "panels/PalettePanel.h"

#include "Theme.h"
#include "model/Catalog.h"
#include "model/KindTraits.h"

#include <QAction>
#include <QDrag>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace ml::ui {

namespace {

constexpr int kKindRole = Qt::UserRole + 1;
constexpr int kSearchRole = Qt::UserRole + 2;

// The tree that starts the palette's drags: one kind per drag, with its icon under the cursor.
class PaletteTree : public QTreeWidget {
public:
    using QTreeWidget::QTreeWidget;

protected:
    QStringList mimeTypes() const override { return {QString::fromLatin1(PalettePanel::kMimeType)}; }

    QMimeData* mimeData(const QList<QTreeWidgetItem*>& items) const override
    {
        for (QTreeWidgetItem* item : items) {
            const QString kind = item->data(0, kKindRole).toString();
            if (kind.isEmpty()) continue;
            auto* data = new QMimeData;
            data->setData(QString::fromLatin1(PalettePanel::kMimeType), kind.toUtf8());
            data->setText(kind);
            return data;
        }
        return nullptr;
    }

    void startDrag(Qt::DropActions) override
    {
        QTreeWidgetItem* item = currentItem();
        if (!item || item->data(0, kKindRole).toString().isEmpty()) return;
        QMimeData* data = mimeData({item});
        if (!data) return;
        auto* drag = new QDrag(this);
        drag->setMimeData(data);
        const int size = 40;
        drag->setPixmap(item->icon(0).pixmap(QSize(size, size), devicePixelRatioF()));
        drag->setHotSpot(QPoint(size / 2, size / 2));
        drag->exec(Qt::CopyAction, Qt::CopyAction);
    }
};

QString tooltipFor(const KindInfo& k)
{
    return QStringLiteral(
               "<b>%1</b> <span style='color:gray'>(%2)</span><br>%3<br><i>Drag onto the canvas, or "
               "double-click to add it at the centre.</i>")
        .arg(k.displayName.toHtmlEscaped(), k.id, k.help.toHtmlEscaped());
}

}  // namespace

PalettePanel::PalettePanel(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("paletteRoot"));
    setAttribute(Qt::WA_StyledBackground);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 0);
    layout->setSpacing(6);

    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("paletteFilter"));
    m_filter->setPlaceholderText(tr("Filter kinds…"));
    m_filter->setClearButtonEnabled(true);
    m_searchIcon = m_filter->addAction(uiIcon(QStringLiteral("search")), QLineEdit::LeadingPosition);
    m_filter->setToolTip(
        tr("Matches a kind's name, id, help text and AWS service (Lambda, SQS, SNS, DynamoDB, S3, "
           "CloudWatch, EventBridge)"));
    layout->addWidget(m_filter);

    m_tree = new PaletteTree(this);
    m_tree->setObjectName(QStringLiteral("paletteTree"));
    m_tree->setHeaderHidden(true);
    m_tree->setRootIsDecorated(false);
    m_tree->setItemsExpandable(false);
    m_tree->setIndentation(0);
    m_tree->setIconSize(QSize(26, 26));
    m_tree->setDragEnabled(true);
    m_tree->setDragDropMode(QAbstractItemView::DragOnly);
    m_tree->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tree->setFocusPolicy(Qt::StrongFocus);
    m_tree->setUniformRowHeights(false);
    m_tree->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    layout->addWidget(m_tree, 1);

    m_empty = new QLabel(this);
    m_empty->setObjectName(QStringLiteral("emptyHint"));
    m_empty->setAlignment(Qt::AlignHCenter | Qt::AlignTop);
    m_empty->setWordWrap(true);
    m_empty->setMargin(12);
    m_empty->hide();
    layout->addWidget(m_empty);

    populate();

    connect(m_filter, &QLineEdit::textChanged, this, &PalettePanel::applyFilter);
    connect(m_tree, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) {
        const QString kind = item ? item->data(0, kKindRole).toString() : QString();
        if (!kind.isEmpty()) emit kindActivated(kind);
    });
    // Enter in the filter adds the first match: type "que", press Enter, a queue appears.
    connect(m_filter, &QLineEdit::returnPressed, this, [this] {
        const QStringList kinds = visibleKinds();
        if (!m_filter->text().trimmed().isEmpty() && !kinds.isEmpty()) emit kindActivated(kinds.front());
    });
}

void PalettePanel::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange) {
        // Header colours and the search glyph are drawn for one palette; redo them for the new one.
        m_searchIcon->setIcon(uiIcon(QStringLiteral("search")));
        for (int i = 0; i < m_tree->topLevelItemCount(); ++i)
            m_tree->topLevelItem(i)->setForeground(0, mutedTextColor());
    }
}

void PalettePanel::populate()
{
    m_tree->clear();
    const Catalog& catalog = Catalog::instance();
    // The order of the Category enum is the order users meet the kinds in: where traffic
    // enters, what processes it, what carries it, where it lands, what watches it, who sends it.
    const Category order[] = {Category::EntryPoint, Category::Microservice,  Category::Messaging,
                              Category::Data,       Category::Observability, Category::Client};
    QFont headerFont = font();
    headerFont.setBold(true);
    headerFont.setCapitalization(QFont::AllUppercase);
    headerFont.setLetterSpacing(QFont::PercentageSpacing, 106);
    headerFont.setPointSizeF(std::max(6.0, headerFont.pointSizeF() - 1));
    for (Category category : order) {
        auto* header = new QTreeWidgetItem(m_tree, {categoryName(category)});
        header->setFlags(Qt::ItemIsEnabled);
        header->setFont(0, headerFont);
        header->setForeground(0, mutedTextColor());
        header->setSizeHint(0, QSize(0, 30));
        header->setTextAlignment(0, Qt::AlignLeft | Qt::AlignBottom);
        for (const KindInfo& k : catalog.kinds()) {
            if (k.category != category) continue;
            auto* item = new QTreeWidgetItem(header, {k.displayName});
            item->setIcon(0, kindIcon(k.id));
            item->setData(0, kKindRole, k.id);
            // AWS service names too: people search "lambda", "sqs", "dynamodb", not our kind names.
            item->setData(
                0, kSearchRole,
                (QStringList{k.displayName, k.id, k.help} + traits::awsServiceWords(k.id)).join(QLatin1Char('\n')));
            item->setToolTip(0, tooltipFor(k));
            item->setStatusTip(0, k.help);
            item->setSizeHint(0, QSize(0, 34));
            item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled);
        }
    }
    m_tree->expandAll();
    applyFilter();
}

void PalettePanel::applyFilter()
{
    const QString needle = m_filter->text().trimmed();
    int shown = 0;
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        QTreeWidgetItem* header = m_tree->topLevelItem(i);
        int visible = 0;
        for (int j = 0; j < header->childCount(); ++j) {
            QTreeWidgetItem* item = header->child(j);
            const bool match =
                needle.isEmpty() || item->data(0, kSearchRole).toString().contains(needle, Qt::CaseInsensitive);
            item->setHidden(!match);
            visible += match ? 1 : 0;
        }
        header->setHidden(visible == 0);
        shown += visible;
    }
    m_empty->setText(tr("No kind matches “%1”.").arg(needle));
    m_empty->setVisible(shown == 0);
}

void PalettePanel::setFilter(const QString& text) { m_filter->setText(text); }

QString PalettePanel::filter() const { return m_filter->text(); }

QStringList PalettePanel::visibleCategories() const
{
    QStringList out;
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i)
        if (!m_tree->topLevelItem(i)->isHidden()) out << m_tree->topLevelItem(i)->text(0);
    return out;
}

QStringList PalettePanel::visibleKinds() const
{
    QStringList out;
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        QTreeWidgetItem* header = m_tree->topLevelItem(i);
        if (header->isHidden()) continue;
        for (int j = 0; j < header->childCount(); ++j)
            if (!header->child(j)->isHidden()) out << header->child(j)->data(0, kKindRole).toString();
    }
    return out;
}

QTreeWidgetItem* PalettePanel::itemForKind(const QString& kind) const
{
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        QTreeWidgetItem* header = m_tree->topLevelItem(i);
        for (int j = 0; j < header->childCount(); ++j)
            if (header->child(j)->data(0, kKindRole).toString() == kind) return header->child(j);
    }
    return nullptr;
}

}  // namespace ml::ui
