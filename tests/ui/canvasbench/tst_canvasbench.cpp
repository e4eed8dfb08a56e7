// Paint cost of a large canvas: 500 nodes and 800 edges rendered as full 1600×1000 frames at
// zoom 1 and 0.3, plus the frame of a pan. Prints medians; no timed assertion (machines differ).
#include "canvas/DiagramScene.h"
#include "canvas/DiagramView.h"
#include "canvas/EdgeItem.h"
#include "canvas/NodeItem.h"
#include "model/Catalog.h"
#include "model/DiagramModel.h"

#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QScrollBar>
#include <QTest>
#include <QUndoStack>

#include <algorithm>
#include <random>

using namespace ml;
using namespace ml::ui;

namespace {

constexpr int kNodes = 500;
constexpr int kEdges = 800;
constexpr int kFrames = 9;

// A 25 × 20 grid of nodes of every kind, wired by edges the Catalog allows, mostly to near
// neighbours (as people draw them) with a few long ones.
Diagram largeDiagram()
{
    const Catalog& catalog = Catalog::instance();
    const std::vector<KindInfo>& kinds = catalog.kinds();
    Diagram d;
    for (int i = 0; i < kNodes; ++i) {
        Node n;
        const KindInfo& k = kinds[size_t(i) % kinds.size()];
        n.kind = k.id;
        n.id = NodeId(QStringLiteral("%1-%2").arg(k.id).arg(i));
        n.name = QStringLiteral("%1 %2").arg(k.displayName).arg(i);
        n.x = (i % 25) * 240;
        n.y = (i / 25) * 140;
        d.addNode(n);
    }
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> near(-30, 30);
    std::uniform_int_distribution<int> any(0, kNodes - 1);
    int tries = 0;
    while (int(d.edges().size()) < kEdges && tries < 200000) {
        ++tries;
        const int a = any(rng);
        const int b = tries % 10 == 0 ? any(rng) : std::clamp(a + near(rng), 0, kNodes - 1);
        const Node& from = d.nodes()[size_t(a)];
        const Node& to = d.nodes()[size_t(b)];
        if (a == b) continue;
        const ConnectionCheck check = catalog.canConnect(from.kind, to.kind);
        if (!check.allowed) continue;
        Edge e;
        e.from = from.id;
        e.to = to.id;
        e.kind = check.edgeKind;
        d.addEdge(e);
    }
    return d;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

}  // namespace

class TestCanvasBench : public QObject {
    Q_OBJECT

private:
    // Frames are rendered into an RGB32 image, the format of desktop backing stores (the
    // offscreen platform's own backing store is non-premultiplied ARGB32, which sends every
    // blend down Qt's slow generic path and would measure the wrong thing).
    static double renderMs(DiagramView& view, QImage& image, const QRect& area)
    {
        QElapsedTimer t;
        t.start();
        QPainter p(&image);
        view.render(&p, QRectF(area), area);
        p.end();
        return double(t.nsecsElapsed()) / 1e6;
    }

    double frameMs(DiagramView& view, QImage& image)
    {
        std::vector<double> times;
        for (int i = 0; i < kFrames; ++i) times.push_back(renderMs(view, image, view.viewport()->rect()));
        return median(times);
    }

private slots:
    void paintLargeDiagram()
    {
        QUndoStack undo;
        DiagramModel model;
        const Diagram d = largeDiagram();
        QCOMPARE(d.nodes().size(), size_t(kNodes));
        QCOMPARE(d.edges().size(), size_t(kEdges));
        QElapsedTimer build;
        build.start();
        model.setDiagram(d);
        DiagramScene scene(&model, &undo);
        qInfo("scene build: %.1f ms", double(build.nsecsElapsed()) / 1e6);
        QCOMPARE(scene.nodeItemCount(), kNodes);
        QCOMPARE(scene.edgeItemCount(), kEdges);
        DiagramView view(&scene);
        view.resize(1600, 1000);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QImage image(view.viewport()->size(), QImage::Format_RGB32);

        view.resetZoom();
        view.centerOn(1600, 900);
        qInfo("zoom 1.0, 1600x1000 frame: median %.2f ms", frameMs(view, image));
        scene.setZooming(true);
        qInfo("zoom 1.0, 1600x1000 frame during a wheel zoom (thin edges): median %.2f ms", frameMs(view, image));
        scene.setZooming(false);
        view.setZoom(0.3, view.viewport()->rect().center());
        view.centerOn(3000, 1400);
        qInfo("zoom 0.3 (whole diagram), 1600x1000 frame: median %.2f ms", frameMs(view, image));
        view.setZoom(0.5, view.viewport()->rect().center());
        qInfo("zoom 0.5, 1600x1000 frame: median %.2f ms", frameMs(view, image));

        // A wheel zoom from 100% out to 25% and back: every frame is at a new scale, so no
        // cached card can be reused.
        {
            view.resetZoom();
            view.centerOn(1600, 900);
            std::vector<double> times;
            double zoom = 1.0;
            for (int i = 0; i < 24; ++i) {
                zoom = i < 12 ? zoom / 1.12 : zoom * 1.12;
                scene.setZooming(true);
                view.setZoom(zoom, view.viewport()->rect().center());
                times.push_back(renderMs(view, image, view.viewport()->rect()));
            }
            scene.setZooming(false);
            qInfo("wheel zoom 100%% -> 25%% -> 100%%, one full frame per step: median %.2f ms, worst %.2f ms",
                  median(times), *std::max_element(times.begin(), times.end()));
        }

        // Pan by 40 px per frame: the view scrolls its pixels and paints only the uncovered strip;
        // a full frame at each position is the worst case.
        for (double zoom : {1.0, 0.3}) {
            view.setZoom(zoom, view.viewport()->rect().center());
            view.centerOn(1600, 900);
            std::vector<double> strip;
            std::vector<double> full;
            const QRect viewport = view.viewport()->rect();
            for (int i = 0; i < 24; ++i) {
                const int dx = i < 12 ? 40 : -40;
                view.horizontalScrollBar()->setValue(view.horizontalScrollBar()->value() + dx);
                const QRect uncovered = dx > 0 ? QRect(viewport.right() - dx + 1, 0, dx, viewport.height())
                                               : QRect(0, 0, -dx, viewport.height());
                strip.push_back(renderMs(view, image, uncovered));
                full.push_back(renderMs(view, image, viewport));
            }
            qInfo("pan at zoom %.1f, 40 px per frame: median %.2f ms (a full frame at each step: %.2f ms)", zoom,
                  median(strip), median(full));
        }

        // Dragging a node: its card and its edges change; the view repaints their old and new area.
        view.resetZoom();
        view.centerOn(1600, 900);
        NodeItem* item = scene.nodeItem(d.nodes()[170].id);
        QVERIFY(item);
        std::vector<double> times;
        for (int i = 0; i < 20; ++i) {
            QRectF dirty = item->sceneBoundingRect();
            for (EdgeItem* e : item->edges()) dirty |= e->sceneBoundingRect();
            item->setPos(item->pos() + QPointF(3, 2));
            for (EdgeItem* e : item->edges()) dirty |= e->sceneBoundingRect();
            dirty |= item->sceneBoundingRect();
            const QRect area = view.mapFromScene(dirty).boundingRect().adjusted(-2, -2, 2, 2) & view.viewport()->rect();
            times.push_back(renderMs(view, image, area));
        }
        qInfo("node drag step (repaint of the card and its edges): median %.2f ms", median(times));
    }
};

QTEST_MAIN(TestCanvasBench)
#include "tst_canvasbench.moc"
