// The Logs tab's model: the structured log lines of a run in a ring (the last N, N configurable),
// filtered by node, urgency, text and trace without copying lines. Lines arrive in the feed's
// batches; each batch is one row removal (lines that fell off the ring) and one row insertion.
#pragma once

#include "engine/EngineEvent.h"

#include <QAbstractTableModel>
#include <QStringList>

#include <deque>
#include <vector>

namespace ml::ui::run {

// A line keeps the engine's JSON text and reads its fields the first time they are shown or
// searched: at "max" most lines scroll past unseen, and parsing each was the Logs tab's cost.
struct LogLine {
    Micros time = 0;
    qint32 node = -1;
    quint8 urgency = 1;   // 0 debug … 3 critical
    quint64 message = 0;  // the message being handled (0: none)
    quint64 trace = 0;
    std::string raw;  // the structured line (EngineLog.cpp), or plain text
    // Read from `raw` on first use (LogModel::complete).
    mutable bool parsed = false;
    mutable bool sensitive = false;
    mutable quint64 requestId = 0;
    mutable QString clock;  // the line's own "time", as the toolbar shows it (00:03:12.250)
    mutable QString user;
    mutable QString text;
    mutable QString data;  // compact JSON, empty when the line has none
};

class LogModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Time, Function, Request, User, Level, Sensitivity, Message, Data, ColumnCount };
    static constexpr int kDefaultCapacity = 100000;

    struct Filter {
        int node = -1;       // -1: every node
        int minUrgency = 0;  // lines at or above
        QString text;        // case-insensitive, in message, data, user, request id
        quint64 trace = 0;   // 0: every trace
        bool operator==(const Filter&) const = default;
    };

    explicit LogModel(QObject* parent = nullptr);

    void setCapacity(int lines);  // clears
    int capacity() const { return m_capacity; }
    // Node index → shown name (the diagram's node ids).
    void setNodeNames(QStringList names) { m_nodeNames = std::move(names); }
    void clear();
    void append(const std::vector<EngineEvent>& events);

    void setFilter(const Filter& filter);
    const Filter& filter() const { return m_filter; }
    // Rows of this trace are tinted (the shared selection).
    void setHighlightTrace(quint64 trace);

    int storedCount() const { return int(m_count); }  // in the ring, filtered or not
    quint64 totalCount() const { return m_nextSeq; }  // every line since the run began
    const LogLine& lineAt(int row) const { return complete(lineOf(m_rows[size_t(row)])); }
    // The first shown row of `node` at or after `time`, or -1.
    int rowAt(Micros time, int node) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    const LogLine& lineOf(quint64 seq) const { return m_ring[size_t((m_head + (seq - m_firstSeq)) % m_ring.size())]; }
    bool accepts(const LogLine& line) const;
    static void take(const EngineEvent& event, LogLine& out);
    static const LogLine& complete(const LogLine& line);

    int m_capacity = kDefaultCapacity;
    std::vector<LogLine> m_ring;  // grows to m_capacity, then wraps
    std::size_t m_head = 0;       // slot of the oldest line
    std::size_t m_count = 0;
    quint64 m_firstSeq = 0;  // sequence number of the oldest line
    quint64 m_nextSeq = 0;
    std::deque<quint64> m_rows;  // sequence numbers of the lines the filter shows
    Filter m_filter;
    quint64 m_highlightTrace = 0;
    QStringList m_nodeNames;
    bool m_dark = false;  // the theme when the run began (colours are picked per cell)
};

}  // namespace ml::ui::run
