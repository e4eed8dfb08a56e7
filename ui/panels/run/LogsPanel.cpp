#include "panels/run/LogsPanel.h"

#include "panels/run/RunFormat.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>

namespace ml::ui::run {

LogsPanel::LogsPanel(RunFeed* feed, QWidget* parent) : QWidget(parent), m_feed(feed), m_model(new LogModel(this))
{
    setObjectName(QStringLiteral("logsPanel"));
    m_node = new QComboBox(this);
    m_node->setObjectName(QStringLiteral("logsNodeFilter"));
    m_node->setMinimumContentsLength(14);
    m_urgency = new QComboBox(this);
    m_urgency->setObjectName(QStringLiteral("logsUrgencyFilter"));
    m_urgency->addItem(tr("All levels"), 0);
    m_urgency->addItem(tr("Info and above"), 1);
    m_urgency->addItem(tr("Warnings and above"), 2);
    m_urgency->addItem(tr("Critical only"), 3);
    m_text = new QLineEdit(this);
    m_text->setObjectName(QStringLiteral("logsTextFilter"));
    m_text->setPlaceholderText(tr("Filter text…"));
    m_text->setClearButtonEnabled(true);
    m_traceOnly = new QCheckBox(tr("Selected message's trace only"), this);
    m_traceOnly->setObjectName(QStringLiteral("logsTraceFilter"));
    m_capacity = new QSpinBox(this);
    m_capacity->setRange(1000, 10000000);
    m_capacity->setSingleStep(10000);
    m_capacity->setValue(LogModel::kDefaultCapacity);
    m_capacity->setGroupSeparatorShown(true);
    m_capacity->setToolTip(tr("How many lines the tab keeps (the oldest are dropped)"));
    m_count = new QLabel(this);

    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(4, 2, 4, 2);
    bar->addWidget(new QLabel(tr("Node"), this));
    bar->addWidget(m_node);
    bar->addWidget(m_urgency);
    bar->addWidget(m_text, 1);
    bar->addWidget(m_traceOnly);
    bar->addWidget(new QLabel(tr("Keep"), this));
    bar->addWidget(m_capacity);
    bar->addWidget(m_count);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("logsTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setWordWrap(false);
    m_table->setShowGrid(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 4);
    QHeaderView* h = m_table->horizontalHeader();
    h->setSectionResizeMode(QHeaderView::Interactive);
    h->setStretchLastSection(true);
    // Wide enough for what the columns hold (and their titles), the message gets the most room.
    const QFontMetrics fm = m_table->fontMetrics();
    auto fit = [&](int column, const QString& sample) {
        const QString title = m_model->headerData(column, Qt::Horizontal).toString();
        m_table->setColumnWidth(column, std::max(fm.horizontalAdvance(sample), fm.horizontalAdvance(title) + 16) + 16);
    };
    fit(LogModel::Time, QStringLiteral("00:00:00.000"));
    fit(LogModel::Function, QStringLiteral("order-events"));
    fit(LogModel::Request, QStringLiteral("12345"));
    fit(LogModel::User, QStringLiteral("alice"));
    // Warnings and criticals are bold: measured bold, or "WARNING" is cut to "WARNI…".
    QFont bold = m_table->font();
    bold.setBold(true);
    m_table->setColumnWidth(LogModel::Level, QFontMetrics(bold).horizontalAdvance(QStringLiteral("CRITICAL")) + 24);
    fit(LogModel::Sensitivity, QStringLiteral("sensitive"));
    fit(LogModel::Message, QString(52, QLatin1Char('x')));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(bar);
    layout->addWidget(m_table, 1);

    // Follow the tail: stay at the bottom as lines arrive, unless the user scrolled up.
    QScrollBar* sb = m_table->verticalScrollBar();
    connect(sb, &QScrollBar::rangeChanged, this, [this, sb](int, int max) {
        if (m_follow) sb->setValue(max);
    });
    connect(sb, &QScrollBar::valueChanged, this, [this, sb](int value) { m_follow = value >= sb->maximum(); });

    connect(m_node, &QComboBox::currentIndexChanged, this, &LogsPanel::applyFilter);
    connect(m_urgency, &QComboBox::currentIndexChanged, this, &LogsPanel::applyFilter);
    connect(m_text, &QLineEdit::textChanged, this, &LogsPanel::applyFilter);
    connect(m_traceOnly, &QCheckBox::toggled, this, &LogsPanel::applyFilter);
    connect(m_capacity, &QSpinBox::editingFinished, this, [this] {
        if (m_capacity->value() != m_model->capacity()) {
            m_model->setCapacity(m_capacity->value());
            updateCount();
        }
    });
    connect(m_table, &QTableView::clicked, this, &LogsPanel::activate);
    connect(m_feed, &RunFeed::runReset, this, &LogsPanel::onReset);
    connect(m_feed, &RunFeed::eventsAppended, this, &LogsPanel::onBatch);
    connect(m_feed, &RunFeed::messageSelected, this, [this](quint64, quint64 trace) {
        m_model->setHighlightTrace(trace);
        if (m_traceOnly->isChecked()) applyFilter();
    });
    onReset();
}

void LogsPanel::onReset()
{
    QStringList names;
    for (const Node& n : m_feed->diagram().nodes()) names << n.id.value;
    // A new run of the same diagram (or a step back) keeps the filters; another diagram starts
    // unfiltered: "carol" from the last file showed 0 lines of the next and looked like no logs.
    if (!names.isEmpty() && !m_diagramNodes.isEmpty() && names != m_diagramNodes) {
        const QSignalBlocker block(m_text);
        m_text->clear();
        m_node->setCurrentIndex(0);
    }
    if (!names.isEmpty()) m_diagramNodes = names;
    m_model->setNodeNames(names);
    const QString current = m_node->currentData().toString();
    {
        const QSignalBlocker block(m_node);
        m_node->clear();
        m_node->addItem(tr("All nodes"), QString());
        for (const QString& n : names) m_node->addItem(n, n);
        const int i = m_node->findData(current);
        m_node->setCurrentIndex(i >= 0 ? i : 0);
    }
    m_model->clear();
    applyFilter();
    m_model->setHighlightTrace(m_feed->selectedTrace());
    m_follow = true;
    updateCount();
}

void LogsPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    m_feed->setShowsLogs(this, true);
}

void LogsPanel::hideEvent(QHideEvent* event)
{
    QWidget::hideEvent(event);
    m_feed->setShowsLogs(this, false);
}

void LogsPanel::onBatch(const EventBatch& batch)
{
    if (!batch) return;
    m_model->append(*batch);
    updateCount();
}

void LogsPanel::applyFilter()
{
    LogModel::Filter f;
    const QString node = m_node->currentData().toString();
    if (!node.isEmpty()) {
        const auto& nodes = m_feed->diagram().nodes();
        for (std::size_t i = 0; i < nodes.size(); ++i)
            if (nodes[i].id.value == node) f.node = int(i);
    }
    f.minUrgency = m_urgency->currentData().toInt();
    f.text = m_text->text().trimmed();
    f.trace = m_traceOnly->isChecked() ? m_feed->selectedTrace() : 0;
    if (m_traceOnly->isChecked() && f.trace == 0) f.trace = ~quint64(0);  // nothing selected: nothing shown
    m_model->setFilter(f);
    m_follow = true;
    m_table->scrollToBottom();
    updateCount();
}

void LogsPanel::updateCount()
{
    const int shown = m_model->rowCount();
    const int stored = m_model->storedCount();
    QString text = shown != stored ? tr("%1 of %2 lines").arg(countText(shown), countText(stored))
                   : shown == 1    ? tr("%n line", nullptr, shown)
                                   : tr("%1 lines").arg(countText(shown));
    if (m_model->totalCount() > quint64(stored))
        text += tr(" (oldest %1 dropped)").arg(countText(qint64(m_model->totalCount() - quint64(stored))));
    m_count->setText(text);
}

void LogsPanel::activate(const QModelIndex& index)
{
    if (!index.isValid()) return;
    const LogLine& line = m_model->lineAt(index.row());
    if (line.message != 0) m_feed->selectMessage(line.message, line.trace);
    if (line.node >= 0 && line.node < int(m_feed->diagram().nodes().size()))
        m_feed->highlightNode(m_feed->diagram().nodes()[size_t(line.node)].id.value);
}

void LogsPanel::reveal(Micros time, int node)
{
    const int row = m_model->rowAt(time, node);
    if (row < 0) return;
    m_follow = false;
    m_table->selectRow(row);
    m_table->scrollTo(m_model->index(row, 0), QAbstractItemView::PositionAtCenter);
}

}  // namespace ml::ui::run
