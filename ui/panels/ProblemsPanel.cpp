#include "panels/ProblemsPanel.h"

#include "Theme.h"
#include "model/Lint.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QStackedWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace ml::ui {

namespace {

constexpr int kNodeRole = Qt::UserRole + 1;
constexpr int kEdgeRole = Qt::UserRole + 2;

enum Column { SeverityColumn, WhereColumn, MessageColumn, PointerColumn };

}  // namespace

ProblemsPanel::ProblemsPanel(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("problemsRoot"));
    setAttribute(Qt::WA_StyledBackground);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_stack = new QStackedWidget(this);
    layout->addWidget(m_stack);

    m_table = new QTreeWidget(m_stack);
    m_table->setObjectName(QStringLiteral("problemsTable"));
    m_table->setColumnCount(4);
    m_table->setHeaderLabels({tr("Severity"), tr("Node / edge"), tr("Message"), tr("Location")});
    m_table->setRootIsDecorated(false);
    m_table->setUniformRowHeights(true);
    m_table->setAlternatingRowColors(true);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAllColumnsShowFocus(true);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->header()->setStretchLastSection(false);
    m_table->header()->setSectionResizeMode(SeverityColumn, QHeaderView::ResizeToContents);
    m_table->header()->setSectionResizeMode(WhereColumn, QHeaderView::Interactive);
    m_table->header()->setSectionResizeMode(MessageColumn, QHeaderView::Stretch);
    m_table->header()->setSectionResizeMode(PointerColumn, QHeaderView::Interactive);
    m_table->setColumnWidth(WhereColumn, 200);
    m_table->setColumnWidth(PointerColumn, 240);
    m_stack->addWidget(m_table);

    // Nothing to report is good news; say so instead of showing an empty grid.
    auto* empty = new QWidget(m_stack);
    auto* row = new QHBoxLayout(empty);
    row->addStretch();
    m_emptyIcon = new QLabel(empty);
    m_emptyIcon->setPixmap(okIcon().pixmap(QSize(18, 18), devicePixelRatioF()));
    row->addWidget(m_emptyIcon);
    m_emptyText = new QLabel(tr("No problems found — the diagram is ready to run."), empty);
    m_emptyText->setObjectName(QStringLiteral("emptyHint"));
    row->addWidget(m_emptyText);
    row->addStretch();
    m_stack->addWidget(empty);

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kDebounceMs);
    connect(&m_debounce, &QTimer::timeout, this, &ProblemsPanel::refreshNow);

    auto activate = [this](QTreeWidgetItem* item) {
        if (!item) return;
        emit problemActivated(NodeId(item->data(0, kNodeRole).toString()), EdgeId(item->data(0, kEdgeRole).toString()));
    };
    connect(m_table, &QTreeWidget::itemClicked, this, activate);
    connect(m_table, &QTreeWidget::itemActivated, this, activate);
    fill();
}

void ProblemsPanel::setModel(DiagramModel* model)
{
    if (m_model) disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    if (m_model) connect(m_model, &DiagramModel::changed, &m_debounce, qOverload<>(&QTimer::start));
    refreshNow();
}

void ProblemsPanel::setLoadProblems(Problems problems)
{
    m_loadProblems = std::move(problems);
    refreshNow();
}

void ProblemsPanel::refreshNow()
{
    m_debounce.stop();
    Problems all = m_model ? lint(m_model->diagram()) : Problems();
    // The linter reports most load problems again; list each once.
    for (const Problem& p : m_loadProblems) {
        const bool seen = std::any_of(
            all.begin(), all.end(), [&](const Problem& q) { return q.message == p.message && q.pointer == p.pointer; });
        if (!seen) all.push_back(p);
    }
    std::stable_sort(all.begin(), all.end(),
                     [](const Problem& a, const Problem& b) { return a.isError() && !b.isError(); });
    m_problems = std::move(all);
    fill();
    emit problemsChanged();
}

int ProblemsPanel::errorCount() const
{
    return int(std::count_if(m_problems.begin(), m_problems.end(), [](const Problem& p) { return p.isError(); }));
}

int ProblemsPanel::warningCount() const { return int(m_problems.size()) - errorCount(); }

QString ProblemsPanel::title() const
{
    return m_problems.empty() ? tr("Problems") : tr("Problems (%1)").arg(m_problems.size());
}

QString ProblemsPanel::where(const Problem& p) const
{
    // The names the user gave, as on the cards ("Image jobs DLQ (jobs-dlq)"); the id alone when
    // the node has no other name.
    auto named = [this](const NodeId& id) {
        const Node* n = m_model ? m_model->diagram().node(id) : nullptr;
        if (!n || n->name.isEmpty() || n->name == id.value) return id.value;
        return QStringLiteral("%1 (%2)").arg(n->name, id.value);
    };
    if (!p.node.isEmpty()) return named(p.node);
    if (!p.edge.isEmpty()) {
        const Edge* e = m_model ? m_model->diagram().edge(p.edge) : nullptr;
        return e ? QStringLiteral("%1 → %2").arg(named(e->from), named(e->to)) : p.edge.value;
    }
    return tr("diagram");
}

void ProblemsPanel::fill()
{
    m_table->clear();
    for (const Problem& p : m_problems) {
        auto* item = new QTreeWidgetItem(m_table);
        item->setIcon(SeverityColumn, severityIcon(p.severity));
        item->setText(SeverityColumn, p.isError() ? tr("Error") : tr("Warning"));
        item->setText(WhereColumn, where(p));
        item->setText(MessageColumn, p.message);
        item->setText(PointerColumn, p.pointer);
        item->setData(0, kNodeRole, p.node.value);
        item->setData(0, kEdgeRole, p.edge.value);
        const QString tip = p.rule.isEmpty() ? p.message : QStringLiteral("%1\n\nrule: %2").arg(p.message, p.rule);
        for (int c = 0; c < 4; ++c) item->setToolTip(c, tip);
        item->setForeground(PointerColumn, mutedTextColor());
    }
    const bool emptyDiagram = !m_model || m_model->diagram().nodes().empty();
    m_emptyText->setText(emptyDiagram ? tr("Nothing to check yet — add nodes from the palette.")
                                      : tr("No problems found — the diagram is ready to run."));
    m_emptyIcon->setVisible(!emptyDiagram);
    m_stack->setCurrentIndex(m_problems.empty() ? 1 : 0);
}

void ProblemsPanel::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) fill();
}

}  // namespace ml::ui
