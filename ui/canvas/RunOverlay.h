// What the canvas shows over the diagram while it runs: message tokens travelling along edges
// (coloured by trace, the selected trace highlighted, failed ones red), busy edges in throughput
// mode (width and a msg/s label instead of tokens), and live badges on nodes (queue depth with a
// fill bar, DLQ count, running invocations, errors, throttles, a sparkline, faults).
// One item for all of it: thousands of tokens are one paint call, not thousands of items.
#pragma once

#include "engine/EngineEvent.h"

#include <QGraphicsItem>
#include <QPolygonF>
#include <QSet>

#include <array>
#include <vector>

namespace ml::ui {

// The live numbers of one node, read from the engine once a frame.
struct NodeBadges {
    QRectF card;  // scene rectangle of the node's card (empty: not on the canvas)
    bool isQueue = false;
    bool isDeadLetterQueue = false;
    int visible = 0;
    int inFlight = 0;
    int delayed = 0;
    bool isFunction = false;
    int running = 0;
    int concurrency = 0;  // reserved concurrency (0: none)
    quint64 errors = 0;
    quint64 throttles = 0;
    QString fault;  // "down", "errors 50%", …; empty: no fault
    bool breakpoint = false;
    bool injectable = false;  // shows the small "send test message" button
    static constexpr int kSpark = 24;
    std::array<float, kSpark> spark{};  // throughput samples, oldest first
};

class RunOverlay : public QGraphicsItem {
public:
    enum { Type = UserType + 20 };
    static constexpr int kTokenMs = 700;  // a token's trip along its edge, in wall time
    static constexpr int kMaxTokens = 2000;
    static constexpr double kThroughputOn = 30;  // tokens per wall second on one edge
    static constexpr double kThroughputOff = 12;
    static constexpr double kThroughputQuiet = 0.05;  // msg per virtual second: the label would read 0.0

    RunOverlay();
    int type() const override { return Type; }

    // The run's geometry: per engine edge its curve (scene), per node its card.
    void setGeometry(std::vector<QPolygonF> edgePaths, std::vector<QRectF> edgeLabels, QRectF bounds);
    void clear();
    // The events of one frame; `wallMs` is the frame's wall clock, `virtualNow` the run's clock.
    void addEvents(const std::vector<EngineEvent>& events, qint64 wallMs);
    // Moves tokens, drops finished ones, updates edge rates; call once a frame. `hold` (a paused
    // run): a token that arrived stays at its edge's end, so the last messages stay on screen to
    // be clicked, until the run goes on.
    void advance(qint64 wallMs, qint64 virtualNow, bool hold = false);
    void setBadges(std::vector<NodeBadges> badges) { m_badges = std::move(badges); }
    void setSelectedTrace(quint64 trace) { m_selectedTrace = trace; }

    int tokenCount() const { return int(m_tokens.size()); }
    QPointF tokenPos(int i) const { return m_tokens[size_t(i)].pos; }
    quint64 tokenMessage(int i) const { return m_tokens[size_t(i)].message; }
    // Where a token is at `f` (0 … 1) of its trip along `edge` (scene): on the edge as drawn.
    QPointF pointOnEdge(int edge, double f) const;
    const QPolygonF& edgePath(int edge) const { return m_paths[size_t(edge)]; }  // scene
    bool edgeInThroughputMode(int edge) const;
    double edgeRate(int edge) const;  // msg per virtual second (throughput mode)
    // The token under a scene point (message, trace), or {0, 0}.
    std::pair<quint64, quint64> tokenAt(QPointF scenePos) const;
    // The small inject button of a node whose card is `card` (scene).
    static QRectF injectButton(const QRectF& card) { return QRectF(card.left() - 9, card.bottom() - 9, 18, 18); }
    // Where badges of node `node` are drawn (scene), for tests: never over an edge label.
    QRectF badgeRect(int node) const;
    // Where the msg/s label of a throughput edge is drawn (scene; empty: none), laid out each
    // frame clear of the other rate labels, node cards, badges and edge labels.
    QRectF rateLabelRect(int edge) const;

    QRectF boundingRect() const override { return m_bounds; }
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    struct Token {
        int edge;
        quint64 message;
        quint64 trace;
        qint64 born;
        QPointF pos;
    };
    struct EdgeRate {
        double count = 0;  // decayed sums over about a second of wall time
        double wall = 0;
        double virt = 0;
        quint32 frameCount = 0;
        bool throughput = false;
    };
    QColor tokenColor(const Token& t) const;
    static QString rateText(double rate);
    void placeRateLabels();
    void paintThroughput(QPainter* painter, double lod);
    void paintTokens(QPainter* painter, double lod);
    void paintBadges(QPainter* painter, double lod);

    std::vector<QPolygonF> m_paths;
    std::vector<QRectF> m_labels;
    std::vector<QRectF> m_dirty;  // what the last frame painted (repainted again, to erase it)
    QRectF m_bounds;
    std::vector<Token> m_tokens;
    std::vector<EdgeRate> m_rates;
    std::vector<NodeBadges> m_badges;
    std::vector<QRectF> m_rateLabels;    // per edge, placed by placeRateLabels()
    std::vector<QPointF> m_rateAnchors;  // the point on the edge a label set aside points to
    QSet<quint64> m_failedTraces;
    quint64 m_selectedTrace = 0;
    qint64 m_lastWall = -1;
    qint64 m_lastVirtual = 0;
};

}  // namespace ml::ui
