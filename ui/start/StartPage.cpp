#include "start/StartPage.h"

#include "project/ProjectFile.h"
#include "start/Thumbnail.h"

#include <QApplication>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QListWidget>
#include <QPainter>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QStyle>
#include <QStyledItemDelegate>
#include <QTimer>
#include <QVBoxLayout>

namespace ml::ui {

namespace {

constexpr int kPathRole = Qt::UserRole;
constexpr int kDrawnRole = Qt::UserRole + 1;
constexpr int kNameRole = Qt::UserRole + 2;
constexpr int kSentenceRole = Qt::UserRole + 3;
// A card: the thumbnail and, under it, the name and the first sentence on up to four lines.
constexpr int kCardWidth = StartPage::kThumbWidth + 28;
constexpr int kCardHeight = StartPage::kThumbHeight + 104;

// Draws a card as a card: a rounded frame (the accent colour when current), the thumbnail, the
// name in bold and the sentence in the muted text colour, clipped to the card.
class CardDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* p, const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        p->save();
        const QPalette& pal = option.palette;
        const QRect r = option.rect.adjusted(5, 5, -5, -5);
        const bool current = option.state & QStyle::State_Selected;
        const bool hover = option.state & QStyle::State_MouseOver;
        p->setRenderHint(QPainter::Antialiasing);
        p->setPen(QPen(current ? pal.color(QPalette::Highlight) : pal.color(hover ? QPalette::Dark : QPalette::Mid),
                       current ? 2.5 : 1));
        p->setBrush(pal.color(QPalette::Base));
        p->drawRoundedRect(QRectF(r).adjusted(0.5, 0.5, -0.5, -0.5), 7, 7);
        const QRect thumb(r.left() + (r.width() - StartPage::kThumbWidth) / 2, r.top() + 8, StartPage::kThumbWidth,
                          StartPage::kThumbHeight);
        index.data(Qt::DecorationRole).value<QIcon>().paint(p, thumb);
        const QRect text(r.left() + 10, thumb.bottom() + 8, r.width() - 20, r.bottom() - thumb.bottom() - 14);
        p->setClipRect(text);
        QFont bold = option.font;
        bold.setBold(true);
        const QFontMetrics bfm(bold);
        p->setFont(bold);
        p->setPen(pal.color(QPalette::Text));
        p->drawText(QRect(text.left(), text.top(), text.width(), bfm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                    bfm.elidedText(index.data(kNameRole).toString(), Qt::ElideRight, text.width()));
        p->setFont(option.font);
        p->setPen(pal.color(QPalette::PlaceholderText));
        p->drawText(text.adjusted(0, bfm.height() + 3, 0, 0), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap,
                    index.data(kSentenceRole).toString());
        p->restore();
    }

    QSize sizeHint(const QStyleOptionViewItem&, const QModelIndex&) const override
    {
        return QSize(kCardWidth, kCardHeight);
    }
};

QLabel* sectionTitle(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    QFont f = label->font();
    f.setPointSizeF(f.pointSizeF() * 1.25);
    f.setBold(true);
    label->setFont(f);
    return label;
}

// An icon-mode list lays its cards out in rows but scrolls by itself; here the page scrolls,
// so each list is as tall as its rows.
void fitHeight(QListWidget* list, int width)
{
    const int perRow = std::max(1, (width - 8) / kCardWidth);
    const int rows = (list->count() + perRow - 1) / perRow;
    list->setFixedHeight(std::max(1, rows) * kCardHeight + 8);
}

}  // namespace

StartPage::StartPage(QWidget* parent) : QWidget(parent), m_thumbnails(new QTimer(this))
{
    setObjectName(QStringLiteral("startPage"));
    setAutoFillBackground(true);
    setFocusPolicy(Qt::StrongFocus);

    auto* content = new QWidget;
    auto* column = new QVBoxLayout(content);
    column->setContentsMargins(32, 24, 32, 24);
    column->setSpacing(10);

    auto* title = new QLabel(tr("Microlab"), content);
    QFont big = title->font();
    big.setPointSizeF(big.pointSizeF() * 2);
    big.setBold(true);
    title->setFont(big);
    column->addWidget(title);
    column->addWidget(new QLabel(tr("Design a serverless architecture, then run it in virtual time."), content));

    auto* buttons = new QHBoxLayout;
    m_new = new QPushButton(tr("New diagram"), content);
    m_new->setObjectName(QStringLiteral("startNew"));
    m_open = new QPushButton(tr("Open…"), content);
    m_open->setObjectName(QStringLiteral("startOpen"));
    buttons->addWidget(m_new);
    buttons->addWidget(m_open);
    buttons->addStretch();
    column->addLayout(buttons);
    connect(m_new, &QPushButton::clicked, this, &StartPage::newRequested);
    connect(m_open, &QPushButton::clicked, this, &StartPage::openRequested);

    m_recentTitle = sectionTitle(tr("Recent files"), content);
    column->addWidget(m_recentTitle);
    m_recent = new QListWidget(content);
    m_recent->setObjectName(QStringLiteral("startRecent"));
    m_recent->setFrameShape(QFrame::NoFrame);
    m_recent->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    column->addWidget(m_recent);
    connect(m_recent, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { emit recentChosen(item->data(kPathRole).toString()); });

    column->addWidget(sectionTitle(tr("Samples"), content));
    m_samples = makeCardList(QStringLiteral("startSamples"));
    column->addWidget(m_samples);
    m_labsTitle = sectionTitle(tr("Labs — guided exercises"), content);
    column->addWidget(m_labsTitle);
    m_labs = makeCardList(QStringLiteral("startLabs"));
    column->addWidget(m_labs);
    column->addStretch();

    auto* scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("startScroll"));
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);

    // Thumbnails are drawn one per turn of the event loop, so the page shows at once.
    m_thumbnails->setInterval(0);
    connect(m_thumbnails, &QTimer::timeout, this, &StartPage::drawNextThumbnail);
}

QListWidget* StartPage::makeCardList(const QString& objectName)
{
    auto* list = new QListWidget(this);
    list->setObjectName(objectName);
    list->setViewMode(QListView::IconMode);
    list->setFlow(QListView::LeftToRight);
    list->setWrapping(true);
    list->setResizeMode(QListView::Adjust);
    list->setMovement(QListView::Static);
    list->setUniformItemSizes(true);
    list->setWordWrap(true);
    list->setTextElideMode(Qt::ElideRight);
    list->setIconSize(QSize(kThumbWidth, kThumbHeight));
    list->setGridSize(QSize(kCardWidth, kCardHeight));
    list->setSpacing(0);
    list->setFrameShape(QFrame::NoFrame);
    list->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    list->setSelectionMode(QAbstractItemView::SingleSelection);
    list->setItemDelegate(new CardDelegate(list));
    list->installEventFilter(this);
    list->setMouseTracking(true);
    // Enter (and a double-click) activates; a single click opens too, as on any start page.
    connect(list, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { emit sampleChosen(item->data(kPathRole).toString()); });
    connect(list, &QListWidget::itemClicked, this, [this, list](QListWidgetItem* item) {
        if (!list->style()->styleHint(QStyle::SH_ItemView_ActivateItemOnSingleClick, nullptr, list))
            emit sampleChosen(item->data(kPathRole).toString());
    });
    return list;
}

QString StartPage::firstSentence(const QString& text)
{
    // Up to the first ".", "!" or "?" followed by a space, outside parentheses: a schedule such
    // as "cron(0/2 * * * ? *)" is not a sentence's end.
    const QString t = text.simplified();
    int depth = 0;
    for (qsizetype i = 0; i + 1 < t.size(); ++i) {
        const QChar c = t[i];
        if (c == QLatin1Char('(')) ++depth;
        if (c == QLatin1Char(')') && depth > 0) --depth;
        if (depth == 0 && (c == QLatin1Char('.') || c == QLatin1Char('!') || c == QLatin1Char('?')) &&
            t[i + 1] == QLatin1Char(' '))
            return t.left(i + 1);
    }
    return t;
}

void StartPage::fill(QListWidget* list, const QStringList& files)
{
    list->clear();
    QPixmap blank(kThumbWidth, kThumbHeight);
    blank.fill(palette().color(QPalette::Base));
    for (const QString& path : files) {
        QString name = QFileInfo(path).fileName();
        name.chop(QStringLiteral(".mlab.json").size());
        QString description;
        if (Result<LoadedProject> p = projectfile::load(path)) {
            if (!p->diagram.name.isEmpty()) name = p->diagram.name;
            description = p->diagram.description;
        }
        // A card has room for about four lines under its name; the tooltip has the rest.
        constexpr qsizetype kMostChars = 120;
        QString sentence = firstSentence(description);
        if (sentence.size() > kMostChars) {
            const qsizetype space = sentence.lastIndexOf(QLatin1Char(' '), kMostChars);
            sentence = sentence.left(space > 0 ? space : kMostChars) + QStringLiteral(" …");
        }
        auto* item =
            new QListWidgetItem(QIcon(blank), sentence.isEmpty() ? name : name + QLatin1Char('\n') + sentence, list);
        item->setData(kPathRole, path);
        item->setData(kDrawnRole, false);
        item->setData(kNameRole, name);
        item->setData(kSentenceRole, sentence);
        item->setToolTip(description.isEmpty()
                             ? QFileInfo(path).fileName()
                             : QStringLiteral("%1\n\n%2").arg(description, QFileInfo(path).fileName()));
        item->setTextAlignment(Qt::AlignHCenter | Qt::AlignTop);
    }
    if (list->count() > 0) list->setCurrentRow(0);
}

void StartPage::setSamples(const QStringList& sampleFiles, const QStringList& labFiles)
{
    fill(m_samples, sampleFiles);
    fill(m_labs, labFiles);
    m_labs->setVisible(!labFiles.isEmpty());
    m_labsTitle->setVisible(!labFiles.isEmpty());
    m_thumbnails->start();
    fitLists();
}

void StartPage::setRecentFiles(const QStringList& files)
{
    m_recent->clear();
    for (const QString& path : files) {
        auto* item = new QListWidgetItem(
            QFileInfo(path).fileName() + QStringLiteral("  —  ") + QFileInfo(path).absolutePath(), m_recent);
        item->setData(kPathRole, path);
        item->setToolTip(path);
    }
    m_recent->setVisible(!files.isEmpty());
    m_recentTitle->setVisible(!files.isEmpty());
    m_recent->setFixedHeight(std::min(int(files.size()), 5) * (m_recent->fontMetrics().height() + 8) + 4);
}

bool StartPage::drawThumbnail(QListWidgetItem* item)
{
    if (item->data(kDrawnRole).toBool()) return false;
    item->setData(kDrawnRole, true);
    Result<LoadedProject> p = projectfile::load(item->data(kPathRole).toString());
    if (!p) return true;
    const QImage image = diagramThumbnail(p->diagram, QSize(kThumbWidth, kThumbHeight), devicePixelRatioF());
    item->setIcon(QIcon(QPixmap::fromImage(image)));
    return true;
}

void StartPage::drawNextThumbnail()
{
    for (QListWidget* list : {m_samples, m_labs})
        for (int i = 0; i < list->count(); ++i)
            if (drawThumbnail(list->item(i))) return;
    m_thumbnails->stop();
}

void StartPage::finishThumbnails()
{
    for (QListWidget* list : {m_samples, m_labs})
        for (int i = 0; i < list->count(); ++i) drawThumbnail(list->item(i));
    m_thumbnails->stop();
}

bool StartPage::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() != QEvent::KeyPress || (watched != m_samples && watched != m_labs))
        return QWidget::eventFilter(watched, event);
    const int key = static_cast<QKeyEvent*>(event)->key();
    auto* from = static_cast<QListWidget*>(watched);
    QListWidget* to = from == m_samples ? m_labs : m_samples;
    const bool down = key == Qt::Key_Down && from == m_samples;
    const bool up = key == Qt::Key_Up && from == m_labs;
    if ((!down && !up) || to->count() == 0 || to->isHidden() || !from->currentItem()) return false;
    // Only at the edge row: the list moves within itself otherwise.
    const QRect here = from->visualItemRect(from->currentItem());
    for (int i = 0; i < from->count(); ++i) {
        const QRect other = from->visualItemRect(from->item(i));
        if ((down && other.top() > here.top()) || (up && other.top() < here.top())) return false;
    }
    // The card in the same column of the other list's nearest row.
    const int perRow = std::max(1, to->viewport()->width() / kCardWidth);
    const int column = std::min(from->currentRow() % perRow, to->count() - 1);
    const int row = down ? column : std::min(to->count() - 1, (to->count() - 1) / perRow * perRow + column);
    to->setCurrentRow(row);
    to->setFocus();
    return true;
}

void StartPage::keyPressEvent(QKeyEvent* event)
{
    if (event->key() == Qt::Key_Escape) {
        emit closeRequested();
        return;
    }
    QWidget::keyPressEvent(event);
}

void StartPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    fitLists();
    m_samples->setFocus();
}

void StartPage::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    fitLists();
}

void StartPage::fitLists()
{
    // The page's margins (32 each side) and room for the vertical scroll bar.
    const int lists = width() - 64 - style()->pixelMetric(QStyle::PM_ScrollBarExtent);
    fitHeight(m_samples, lists);
    fitHeight(m_labs, lists);
}

void StartPage::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        // The thumbnails have the canvas's background: a theme change draws them again.
        for (QListWidget* list : {m_samples, m_labs})
            for (int i = 0; i < list->count(); ++i) list->item(i)->setData(kDrawnRole, false);
        m_thumbnails->start();
    }
}

}  // namespace ml::ui
