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
    void slotAccessForHoldersOfLiveSlots();
    void clearMakesEveryHandleStale();
    void payloadsOfTableHandlesAreNotNegative();
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

void TestSlotTable::slotAccessForHoldersOfLiveSlots()
{
    // The message store and the user names read by slot number: 3 entries, the middle one
    // erased; slots 0 and 2 read back, slot 1 is free, slot 7 never existed.
    SlotTable<std::string> t;
    t.insert("m0");
    const SlotHandle h1 = t.insert("m1");
    t.insert("m2");
    t.erase(h1);
    QVERIFY(t.isLive(0));
    QVERIFY(!t.isLive(1));
    QVERIFY(t.isLive(2));
    QVERIFY(!t.isLive(7));
    QCOMPARE(t[0], std::string("m0"));
    QCOMPARE(t[2], std::string("m2"));
    QCOMPARE(t[1], std::string());  // an erased entry lets go of what it held
    QVERIFY(t.current(1).isNull());
    QVERIFY(t.current(2) == (SlotHandle{2, 1}));
    t[2] = "m2 moved on";
    QCOMPARE(*t.find(SlotHandle{2, 1}), std::string("m2 moved on"));
}

void TestSlotTable::clearMakesEveryHandleStale()
{
    SlotTable<int> t;
    const SlotHandle a = t.insert(1);
    t.insert(2);
    t.clear();
    QCOMPARE(t.size(), size_t(0));
    QCOMPARE(t.capacity(), size_t(0));
    QVERIFY(t.empty());
    QVERIFY(!t.find(a));
    QVERIFY(!t.isLive(0));
    QCOMPARE(t.insert(3).slot, 0u);  // starts again from slot 0
}

void TestSlotTable::payloadsOfTableHandlesAreNotNegative()
{
    // The task manager tells its own calls' tokens from its invocations' by the sign bit: a slot
    // reused 1000 times (generation 1001) and a handle in slot 0xffffffff still give payloads >= 0.
    SlotTable<int> t;
    SlotHandle h = t.insert(0);
    for (int i = 0; i < 1000; ++i) {
        QVERIFY(t.erase(h));
        h = t.insert(i);
    }
    QCOMPARE(h.generation, 1001u);
    QVERIFY(h.payload() >= 0);
    QVERIFY((SlotHandle{0xffffffffu, 0x7fffffffu}).payload() >= 0);
}

QTEST_GUILESS_MAIN(TestSlotTable)
#include "tst_slottable.moc"
