#include "panels/run/LogModel.h"

#include "Theme.h"
#include "panels/run/RunFormat.h"

#include <QBrush>
#include <QFont>

namespace ml::ui::run {

namespace {

const char* const kLevelNames[] = {"debug", "info", "warning", "critical"};

QString fieldText(const Json& line, const char* key)
{
    const auto it = line.find(key);
    if (it == line.end() || it->is_null()) return {};
    if (it->is_string()) return QString::fromStdString(it->get_ref<const std::string&>());
    return QString::fromStdString(it->dump());
}

}  // namespace

LogModel::LogModel(QObject* parent) : QAbstractTableModel(parent) {}

void LogModel::setCapacity(int lines)
{
    beginResetModel();
    m_dark = isDarkTheme();
    m_capacity = std::max(1, lines);
    m_ring.clear();
    m_ring.shrink_to_fit();
    m_head = m_count = 0;
    m_firstSeq = m_nextSeq = 0;
    m_rows.clear();
    endResetModel();
}

void LogModel::clear() { setCapacity(m_capacity); }

void LogModel::take(const EngineEvent& event, LogLine& out)
{
    out.time = event.time;
    out.node = event.node;
    out.urgency = quint8(std::clamp<qint64>(event.value, 0, 3));
    out.message = event.message;
    out.trace = event.trace;
    out.raw = event.detail;  // the slot's buffer is reused once the ring is full
    out.parsed = false;
}

const LogLine& LogModel::complete(const LogLine& out)
{
    if (out.parsed) return out;
    out.parsed = true;
    // The detail is the structured line (EngineLog.cpp); a plain text detail is kept as the message.
    const Json line = Json::parse(out.raw, nullptr, false);
    if (!line.is_object()) {
        out.clock.clear();
        out.requestId = 0;
        out.sensitive = false;
        out.user.clear();
        out.text = QString::fromStdString(out.raw);
        out.data.clear();
        return out;
    }
    QString time = fieldText(line, "time");  // 2026-01-01T00:03:12.250Z
    const int t = time.indexOf(QLatin1Char('T'));
    out.clock = t >= 0 ? time.mid(t + 1, 12) : time;
    out.requestId = fieldText(line, "requestId").toULongLong();
    out.user = fieldText(line, "user");
    out.sensitive = fieldText(line, "sensitivity") == QLatin1String("sensitive");
    out.text = fieldText(line, "message");
    out.data = fieldText(line, "data");
    return out;
}

void LogModel::append(const std::vector<EngineEvent>& events)
{
    // The ring's slots are reserved once (growing moves every line while the run goes); past
    // 200k lines it grows as needed rather than taking the memory up front.
    const std::size_t reserved = size_t(std::min(m_capacity, 200000));
    if (m_ring.capacity() < reserved) m_ring.reserve(reserved);
    const quint64 firstNew = m_nextSeq;
    for (const EngineEvent& e : events) {
        if (e.type != EventType::Log) continue;
        LogLine* slot;
        if (m_count < size_t(m_capacity)) {
            if (m_ring.size() < size_t(m_capacity)) m_ring.emplace_back();
            slot = &m_ring[(m_head + m_count) % m_ring.size()];
            ++m_count;
        } else {  // full: the oldest line's slot takes the new one
            slot = &m_ring[m_head];
            m_head = (m_head + 1) % m_ring.size();
            ++m_firstSeq;
        }
        take(e, *slot);
        ++m_nextSeq;
    }
    if (m_nextSeq == firstNew) return;

    // Lines that fell off the ring leave the view first (one removal per batch).
    std::size_t gone = 0;
    while (gone < m_rows.size() && m_rows[gone] < m_firstSeq) ++gone;
    if (gone > 0) {
        beginRemoveRows({}, 0, int(gone) - 1);
        m_rows.erase(m_rows.begin(), m_rows.begin() + std::ptrdiff_t(gone));
        endRemoveRows();
    }
    std::vector<quint64> shown;
    for (quint64 seq = std::max(firstNew, m_firstSeq); seq < m_nextSeq; ++seq)
        if (accepts(lineOf(seq))) shown.push_back(seq);
    if (shown.empty()) return;
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(shown.size()) - 1);
    m_rows.insert(m_rows.end(), shown.begin(), shown.end());
    endInsertRows();
}

bool LogModel::accepts(const LogLine& line) const
{
    if (m_filter.node >= 0 && line.node != m_filter.node) return false;
    if (line.urgency < m_filter.minUrgency) return false;
    if (m_filter.trace != 0 && line.trace != m_filter.trace) return false;
    if (!m_filter.text.isEmpty()) {
        complete(line);
        const QString& t = m_filter.text;
        if (!line.text.contains(t, Qt::CaseInsensitive) && !line.data.contains(t, Qt::CaseInsensitive) &&
            !line.user.contains(t, Qt::CaseInsensitive) && QString::number(line.requestId) != t &&
            !(line.node >= 0 && line.node < m_nodeNames.size() &&
              m_nodeNames[line.node].contains(t, Qt::CaseInsensitive)))
            return false;
    }
    return true;
}

void LogModel::setFilter(const Filter& filter)
{
    if (filter == m_filter) return;
    beginResetModel();
    m_filter = filter;
    m_rows.clear();
    for (quint64 seq = m_firstSeq; seq < m_nextSeq; ++seq)
        if (accepts(lineOf(seq))) m_rows.push_back(seq);
    endResetModel();
}

void LogModel::setHighlightTrace(quint64 trace)
{
    if (trace == m_highlightTrace) return;
    m_highlightTrace = trace;
    if (!m_rows.empty()) emit dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

int LogModel::rowAt(Micros time, int node) const
{
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        const LogLine& line = lineOf(m_rows[i]);
        if (line.time >= time && (node < 0 || line.node == node)) return int(i);
    }
    return -1;
}

int LogModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }
int LogModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant LogModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size())) return {};
    const LogLine& line = lineOf(m_rows[size_t(index.row())]);
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) complete(line);
    const bool dark = m_dark;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Time: return line.clock;
        case Function: return line.node >= 0 && line.node < m_nodeNames.size() ? m_nodeNames[line.node] : QString();
        case Request: return line.requestId ? QString::number(line.requestId) : QString();
        case User: return line.user;
        case Level: return QString::fromLatin1(kLevelNames[line.urgency]).toUpper();
        case Sensitivity: return line.sensitive ? QStringLiteral("sensitive") : QString();
        case Message: return line.text;
        case Data: return line.data;
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == Message || index.column() == Data)
            return line.data.isEmpty() ? line.text : line.text + QLatin1Char('\n') + line.data;
        return {};
    case Qt::ForegroundRole:
        if (line.urgency == 0) return QBrush(dark ? QColor(0x90, 0x90, 0x90) : QColor(0x80, 0x80, 0x80));
        if (line.urgency == 3) return QBrush(dark ? QColor(0xff, 0xb4, 0xb4) : QColor(0x8b, 0x00, 0x00));
        if (line.urgency == 2) return QBrush(dark ? QColor(0xff, 0xd5, 0x80) : QColor(0x6b, 0x45, 0x00));
        return {};
    case Qt::BackgroundRole:
        if (m_highlightTrace != 0 && line.trace == m_highlightTrace)
            return QBrush(dark ? QColor(0x1e, 0x3a, 0x5f) : QColor(0xd6, 0xe9, 0xff));
        if (line.urgency == 3) return QBrush(dark ? QColor(0x5a, 0x1a, 0x1a) : QColor(0xfd, 0xd8, 0xd8));
        if (line.urgency == 2) return QBrush(dark ? QColor(0x4a, 0x3a, 0x10) : QColor(0xff, 0xf1, 0xc7));
        return {};
    case Qt::FontRole:
        if (line.urgency >= 2 && (line.urgency == 3 || index.column() == Level)) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    }
    return {};
}

QVariant LogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    static const char* const names[] = {"Time",  "Function",    "Request", "User",
                                        "Level", "Sensitivity", "Message", "Data"};
    return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

}  // namespace ml::ui::run
