// The palette: every Catalog kind, grouped in the documented order, with icon and help; the
// filter matches name, id and help; drags carry the kind id; double-click adds a node.
#include "../../uikit/UiTestSetup.h"
#include "MainWindow.h"
#include "Theme.h"
#include "canvas/DiagramScene.h"
#include "panels/PalettePanel.h"

#include <QLineEdit>
#include <QMimeData>
#include <QStandardPaths>
#include <QTest>
#include <QTreeWidget>

using namespace ml;
using namespace ml::ui;

namespace {

const QStringList kOrder{QStringLiteral("Entry points"),       QStringLiteral("Microservices"),
                         QStringLiteral("Queues & messaging"), QStringLiteral("Data"),
                         QStringLiteral("Observability"),      QStringLiteral("Clients")};

// Kind ids in palette order, worked out from the Catalog independently of the panel.
QStringList expectedKinds(const QString& filter = QString())
{
    QStringList out;
    for (const QString& category : kOrder)
        for (const KindInfo& k : Catalog::instance().kinds())
            if (categoryName(k.category) == category &&
                (filter.isEmpty() || k.displayName.contains(filter, Qt::CaseInsensitive) ||
                 k.id.contains(filter, Qt::CaseInsensitive) || k.help.contains(filter, Qt::CaseInsensitive)))
                out << k.id;
    return out;
}

}  // namespace

class TestPalette : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { test::setUpApplication(); }

    void listsEveryKindGroupedInOrder()
    {
        PalettePanel palette;
        QCOMPARE(palette.visibleCategories(), kOrder);
        QCOMPARE(palette.visibleKinds(), expectedKinds());
        QCOMPARE(palette.visibleKinds().size(), qsizetype(Catalog::instance().kinds().size()));
        QCOMPARE(palette.visibleKinds().size(), qsizetype(18));
        for (const KindInfo& k : Catalog::instance().kinds()) {
            QTreeWidgetItem* item = palette.itemForKind(k.id);
            QVERIFY2(item, qPrintable(k.id));
            QCOMPARE(item->text(0), k.displayName);
            QVERIFY(item->toolTip(0).contains(k.help.toHtmlEscaped()));
            QVERIFY(!item->icon(0).isNull());
            QCOMPARE(item->parent()->text(0), categoryName(k.category));
        }
        // Entry points come first, clients last — the two ends of the documented order.
        QCOMPARE(palette.visibleKinds().front(), QStringLiteral("api-gateway"));
        QCOMPARE(palette.visibleKinds().back(), QStringLiteral("client"));
    }

    void everyKindHasItsOwnIcon()
    {
        for (const KindInfo& k : Catalog::instance().kinds())
            QVERIFY2(QFile::exists(QStringLiteral(":/icons/%1.svg").arg(k.icon)), qPrintable(k.icon));
        QVERIFY(QFile::exists(QStringLiteral(":/icons/microlab.svg")));
    }

    void filter_data()
    {
        QTest::addColumn<QString>("filter");
        QTest::addColumn<QStringList>("kinds");
        QTest::newRow("empty") << QString() << expectedKinds();
        QTest::newRow("by name") << "Gatekeeper" << QStringList{QStringLiteral("gatekeeper")};
        QTest::newRow("by id, any case") << "TASK-MANAGER" << QStringList{QStringLiteral("task-manager")};
        QTest::newRow("by help text") << "SQLite" << QStringList{QStringLiteral("table")};
        QTest::newRow("several categories")
            << "websocket" << QStringList{QStringLiteral("websocket-api"), QStringLiteral("websocket-handler")};
        QTest::newRow("nothing") << "zzz" << QStringList();
    }

    void filter()
    {
        QFETCH(QString, filter);
        QFETCH(QStringList, kinds);
        PalettePanel palette;
        QTest::keyClicks(palette.filterEdit(), filter);
        QCOMPARE(palette.visibleKinds(), kinds);
        QCOMPARE(palette.visibleKinds(), expectedKinds(filter));
        // A category with no match is hidden with its kinds.
        for (const QString& c : palette.visibleCategories()) {
            bool any = false;
            for (const QString& k : kinds) any |= categoryName(Catalog::instance().kind(k)->category) == c;
            QVERIFY2(any, qPrintable(c));
        }
        palette.setFilter(QString());
        QCOMPARE(palette.visibleKinds(), expectedKinds());
    }

    void dragCarriesTheKindId()
    {
        PalettePanel palette;
        QTreeWidgetItem* item = palette.itemForKind(QStringLiteral("queue"));
        const QModelIndex index = palette.tree()->indexFromItem(item);
        std::unique_ptr<QMimeData> data(palette.tree()->model()->mimeData({index}));
        QVERIFY(data);
        QVERIFY(data->hasFormat(QString::fromLatin1(PalettePanel::kMimeType)));
        QCOMPARE(data->data(QString::fromLatin1(PalettePanel::kMimeType)), QByteArray("queue"));
        QVERIFY(item->flags() & Qt::ItemIsDragEnabled);
        QVERIFY(!(item->parent()->flags() & Qt::ItemIsDragEnabled));
    }

    void doubleClickAddsANode()
    {
        MainWindow window(false);
        window.resize(1200, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTreeWidget* tree = window.palettePanel()->tree();
        QTreeWidgetItem* item = window.palettePanel()->itemForKind(QStringLiteral("queue"));
        tree->scrollToItem(item);
        const QPoint at = tree->visualItemRect(item).center();
        QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, at);
        QTest::mouseDClick(tree->viewport(), Qt::LeftButton, {}, at);
        const Diagram& d = window.model()->diagram();
        QCOMPARE(d.nodes().size(), size_t(1));
        QCOMPARE(d.nodes().front().kind, QStringLiteral("queue"));
        QCOMPARE(window.scene()->selectedNodes(), std::vector<NodeId>{d.nodes().front().id});
        QCOMPARE(window.undoStack()->count(), 1);
        window.undoStack()->undo();
        QVERIFY(window.model()->diagram().nodes().empty());
    }

    void enterInTheFilterAddsTheFirstMatch()
    {
        MainWindow window(false);
        window.show();
        QTest::keyClicks(window.palettePanel()->filterEdit(), QStringLiteral("cron"));
        QTest::keyClick(window.palettePanel()->filterEdit(), Qt::Key_Return);
        QCOMPARE(window.model()->diagram().nodes().size(), size_t(1));
        QCOMPARE(window.model()->diagram().nodes().front().kind, QStringLiteral("cron"));
    }
};

QTEST_MAIN(TestPalette)
#include "tst_palette.moc"
