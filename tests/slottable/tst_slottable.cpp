// SlotTable: reused slots with generation-checked handles, so a timer payload that outlives its
// entry finds nothing instead of the slot's next occupant.
#include "engine/SlotTable.h"

#include <QtTest>

#include <string>

using namespace ml;

class TestSlotTable : public QObject {
    Q_OBJECT
private slots:
    void insertAndFind();
    void staleHandleAfterReuseIsRejected();
    void freedSlotsAreReusedLastFreedFirst();
    void payloadRoundTrip_data();
    void payloadRoundTrip();
    void forEachVisitsLiveEntriesInSlotOrder();
    void nullHandleFindsNothing();
};

void TestSlotTable::insertAndFind()
{
    SlotTable<std::string> t;
    const SlotHandle a = t.insert("a");
    const SlotHandle b = t.insert("b");
    QCOMPARE(t.size(), size_t(2));
    QVERIFY(t.find(a) && *t.find(a) == "a");
    QVERIFY(t.find(b) && *t.find(b) == "b");
    QCOMPARE(a.slot, 0u);
    QCOMPARE(b.slot, 1u);
    QVERIFY(!a.isNull());
}

void TestSlotTable::staleHandleAfterReuseIsRejected()
{
    SlotTable<std::string> t;
    const SlotHandle old = t.insert("retry of message 7");
    QVERIFY(t.erase(old));
    const SlotHandle reused = t.insert("retry of message 9");
    // Same slot, next generation: the old timer's handle must not reach message 9's entry.
    QCOMPARE(reused.slot, old.slot);
    QCOMPARE(reused.generation, old.generation + 1);
    QVERIFY(!t.find(old));
    QVERIFY(!t.erase(old));
    QVERIFY(*t.find(reused) == "retry of message 9");
    QCOMPARE(t.size(), size_t(1));
}

void TestSlotTable::freedSlotsAreReusedLastFreedFirst()
{
    // Slots 0, 1, 2 taken; 0 then 2 freed; the next two inserts take 2 then 0, then a new 3 —
    // the order the hand-rolled free-lists used, so runs keep their slot numbers.
    SlotTable<int> t;
    const SlotHandle h0 = t.insert(0), h1 = t.insert(1), h2 = t.insert(2);
    t.erase(h0);
    t.erase(h2);
    QCOMPARE(t.insert(20).slot, 2u);
    QCOMPARE(t.insert(10).slot, 0u);
    QCOMPARE(t.insert(30).slot, 3u);
    QCOMPARE(t.capacity(), size_t(4));
    QCOMPARE(*t.find(h1), 1);
}

void TestSlotTable::payloadRoundTrip_data()
{
    QTest::addColumn<quint32>("slot");
    QTest::addColumn<quint32>("generation");
    QTest::newRow("first") << 0u << 1u;
    QTest::newRow("large slot") << 4000000000u << 7u;
    QTest::newRow("large generation") << 12u << 4000000000u;
}

void TestSlotTable::payloadRoundTrip()
{
    QFETCH(quint32, slot);
    QFETCH(quint32, generation);
    const SlotHandle h{slot, generation};
    QVERIFY(SlotHandle::fromPayload(h.payload()) == h);
}

void TestSlotTable::forEachVisitsLiveEntriesInSlotOrder()
{
    SlotTable<int> t;
    const SlotHandle a = t.insert(1);
    t.insert(2);
    t.insert(3);
    t.erase(a);
    t.insert(4);  // takes slot 0 again
    std::vector<int> seen;
    t.forEach([&](int v) { seen.push_back(v); });
    QVERIFY(seen == (std::vector<int>{4, 2, 3}));
}

void TestSlotTable::nullHandleFindsNothing()
{
    SlotTable<int> t;
    t.insert(5);
    QVERIFY(SlotHandle{}.isNull());
    QVERIFY(!t.find(SlotHandle{}));
    QVERIFY(!t.find(SlotHandle{99, 1}));
}

QTEST_GUILESS_MAIN(TestSlotTable)
#include "tst_slottable.moc"
