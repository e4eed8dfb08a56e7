// The canvas while a run exists: puts the RunOverlay (tokens, throughput, badges) on the scene
// and feeds it each frame, shows the diagram is read-only (banner "Running — Reset to edit" or
// "Paused — …", its link asks for Reset), lets
// a click on a token select its message, and gives nodes a run context menu: faults,
// breakpoints and Send test message. Fault changes are the one edit allowed while running.
#pragma once

#include "run/RunFeed.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

#include <vector>

class QLabel;
class QMenu;

namespace ml::ui {

class DiagramScene;
class DiagramView;
class RunController;
class RunOverlay;

class RunCanvas : public QObject {
    Q_OBJECT
public:
    RunCanvas(DiagramScene* scene, DiagramView* view, RunController* controller, QObject* parent = nullptr);
    ~RunCanvas() override;

    RunOverlay* overlay() const { return m_overlay; }
    bool isLocked() const { return m_locked; }
    QLabel* banner() const { return m_banner; }
    // The run menu of engine node `node` (faults, breakpoints, Send test message); the caller owns it.
    QMenu* nodeMenu(int node, QWidget* parent);
    // Where the small inject button of engine node `node` is (scene), or an empty rect.
    QRectF injectButtonRect(int node) const;
    // The engine node index of a scene position's node, or -1.
    int nodeAt(QPointF scenePos) const;

signals:
    void injectRequested(int node);
    // Space pressed and released on the canvas without a drag in between (a drag with Space held
    // pans the canvas, running or not).
    void runPauseRequested();
    // The banner's "Reset to edit" was clicked.
    void resetRequested();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void onRunStarted();
    void onRunEnded();
    void onFrame();
    void setLocked(bool on);
    void buildGeometry();
    void refreshBadges();
    void placeBanner();
    void updateBanner();
    bool spaceFilter(QObject* watched, QEvent* event);

    DiagramScene* m_scene;
    DiagramView* m_view;
    RunController* m_controller;
    RunOverlay* m_overlay;
    QLabel* m_banner;
    bool m_locked = false;
    bool m_skipEvents = false;
    bool m_spaceTap = false;  // Space is down and nothing was dragged yet
    QElapsedTimer m_wall;
    static constexpr Micros kSparkStep = 5 * kMicrosPerSecond;
    Micros m_lastSpark = -1;
    std::vector<quint64> m_sparkTotals;
    std::vector<std::vector<float>> m_spark;
};

}  // namespace ml::ui
