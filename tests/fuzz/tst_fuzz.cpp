// Loading never crashes, whatever the bytes (DESIGN.md "The project file"): thousands of mutated
// sample projects, with a fixed seed, each either load or give an error that names the file; and
// whatever loads saves byte-stably.
#include "project/ProjectFile.h"

#include <QDir>
#include <QFile>
#include <QtTest>

#include <functional>
#include <random>

using namespace ml;

namespace {

const QString kFile = QStringLiteral("fuzzed.mlab.json");

// Used as well as the samples, so the fuzz has something to chew on even without projects/.
const char* const kBuiltIn = R"({"format": "microlab/1", "name": "Built-in", "seed": 5, "x-future": [1, {"a": null}],
  "nodes": [{"id": "c", "kind": "client", "config": {"rate": "2/s", "messages": [{"body": {"n": 1.5}}]}},
            {"id": "q", "kind": "queue", "x": 10.5, "y": -3, "config": {"maxReceiveCount": 3}, "note": "kept"},
            {"id": "dlq", "kind": "queue"}, {"id": "w", "kind": "worker", "name": "Wörker"}],
  "edges": [{"from": "c", "to": "q"}, {"id": "m", "from": "q", "to": "w", "config": {"batchSize": 1}},
            {"from": "q", "to": "dlq", "kind": "dead-letter"}]})";

class Mutator {
public:
    explicit Mutator(quint32 seed) : m_rng(seed) {}

    int below(int n) { return n <= 0 ? 0 : int(m_rng() % quint32(n)); }
    bool chance(int percent) { return below(100) < percent; }

    QByteArray flipBytes(QByteArray b)
    {
        for (int i = 0, n = 1 + below(6); i < n && !b.isEmpty(); ++i) {
            const int at = below(int(b.size()));
            b[at] = chance(50) ? char(b[at] ^ char(1 << below(8))) : char(below(256));
        }
        return b;
    }

    QByteArray truncate(QByteArray b) { return b.left(below(int(b.size()) + 1)); }

    QByteArray duplicateRange(QByteArray b)
    {
        const int from = below(int(b.size()));
        const QByteArray range = b.mid(from, 1 + below(200));
        b.insert(below(int(b.size()) + 1), range);
        return b;
    }

    QByteArray deleteRange(QByteArray b) { return b.remove(below(int(b.size())), 1 + below(120)); }

    QByteArray insertTokens(QByteArray b)
    {
        static const char* const tokens[] = {"{",
                                             "}",
                                             "[",
                                             "]",
                                             ",",
                                             ":",
                                             "\"",
                                             "null",
                                             "true",
                                             "false",
                                             "0",
                                             "-0",
                                             "1.5e3",
                                             "1e400",
                                             "-1e400",
                                             "99999999999999999999999",
                                             "18446744073709551616",
                                             "NaN",
                                             "Infinity",
                                             "\"\\u0000\"",
                                             "\"\\ud800\"",
                                             "\"id\": \"q\",",
                                             "\"kind\": 7,",
                                             "\"x\": \"1\",",
                                             "{\"from\": \"q\"}",
                                             "\xFF",
                                             "\xC0\xAF",
                                             "\xEF\xBB\xBF",
                                             "\"\xE2\x82\xAC\"",
                                             "//",
                                             "/*",
                                             "\\",
                                             "\n",
                                             "\t",
                                             "\"config\": []",
                                             "\"nodes\": {}",
                                             "\"format\": 1,"};
        for (int i = 0, n = 1 + below(4); i < n; ++i)
            b.insert(below(int(b.size()) + 1), tokens[below(int(std::size(tokens)))]);
        return b;
    }

    Json randomValue(int depth = 0)
    {
        switch (below(depth > 2 ? 9 : 12)) {
        case 0: return nullptr;
        case 1: return chance(50);
        case 2: return below(1000) - 500;
        case 3: return 18446744073709551615ULL;
        case 4: return -9223372036854775807LL - 1;
        case 5: return 1.7e308 * (chance(50) ? 1 : -1);
        case 6: return 0.1 * below(100);
        case 7: return std::string(chance(50) ? "q" : "caf\xC3\xA9 \xF0\x9F\x9A\x80");
        case 8: return std::string();
        case 9: return Json::array({randomValue(depth + 1), randomValue(depth + 1)});
        case 10: return Json{{"k", randomValue(depth + 1)}};
        default: return Json::object();
        }
    }

    // Structure-aware: parse, change one value (or drop/add a key), print again.
    QByteArray replaceValue(const QByteArray& b)
    {
        return editDocument(b, [&](Json& v) { v = randomValue(); });
    }

    QByteArray deleteKey(const QByteArray& b)
    {
        return editDocument(b, [&](Json& v) {
            if (v.is_object() && !v.empty()) {
                auto it = v.begin();
                std::advance(it, below(int(v.size())));
                v.erase(it);
            } else if (v.is_array() && !v.empty()) {
                v.erase(v.begin() + below(int(v.size())));
            } else if (v.is_object()) {
                v["future"] = randomValue();
            }
        });
    }

    QByteArray deepNesting(const QByteArray& b)
    {
        if (chance(30)) {
            QByteArray out = b;
            return out.insert(below(int(b.size()) + 1), QByteArray(chance(50) ? 100000 : 300, chance(50) ? '[' : '{'));
        }
        // Balanced nesting: under the limit it loads, over it is refused.
        const int depth = chance(50) ? 200 + below(50) : 250 + below(20);
        return editDocument(b, [&](Json& v) {
            Json nested = randomValue();
            for (int i = 0; i < depth; ++i) nested = Json::array({std::move(nested)});
            v = std::move(nested);
        });
    }

    QByteArray hugeNumbers(QByteArray b)
    {
        static const char* const huge[] = {"1e400",
                                           "-1e400",
                                           "99999999999999999999999",
                                           "1e-400",
                                           "123456789012345678901234567890e10",
                                           "-0.0",
                                           "18446744073709551616",
                                           "-9223372036854775809",
                                           "4.9e-324",
                                           "1.7976931348623157e308"};
        for (int i = 0, n = 1 + below(3); i < n; ++i) {
            // Replace the first digit run found after a random offset.
            int at = below(int(b.size()));
            while (at < b.size() && !(b[at] >= '0' && b[at] <= '9')) ++at;
            if (at >= b.size()) break;
            int end = at;
            while (end < b.size() && ((b[end] >= '0' && b[end] <= '9') || b[end] == '.')) ++end;
            b.replace(at, end - at, huge[below(int(std::size(huge)))]);
        }
        return b;
    }

    QByteArray mixed(const QByteArray& b)
    {
        QByteArray out = b;
        for (int i = 0, n = 2 + below(3); i < n; ++i) out = apply(below(9), out);
        return out;
    }

    QByteArray apply(int mutation, const QByteArray& b)
    {
        switch (mutation) {
        case 0: return flipBytes(b);
        case 1: return truncate(b);
        case 2: return duplicateRange(b);
        case 3: return deleteRange(b);
        case 4: return insertTokens(b);
        case 5: return replaceValue(b);
        case 6: return deleteKey(b);
        case 7: return deepNesting(b);
        case 8: return hugeNumbers(b);
        default: return mixed(b);
        }
    }

private:
    QByteArray editDocument(const QByteArray& b, const std::function<void(Json&)>& edit)
    {
        Json doc = Json::parse(b.constBegin(), b.constEnd(), nullptr, false);
        if (doc.is_discarded()) return flipBytes(b);  // an earlier mutation broke it already
        std::vector<Json*> values;
        collect(doc, values);
        edit(*values[size_t(below(int(values.size())))]);
        const std::string text = doc.dump(chance(50) ? 2 : -1, ' ', chance(50), Json::error_handler_t::replace);
        return QByteArray(text.data(), qsizetype(text.size()));
    }

    static void collect(Json& v, std::vector<Json*>& out)
    {
        out.push_back(&v);
        if (v.is_structured())
            for (auto& child : v) collect(child, out);
    }

    std::mt19937 m_rng;
};

QByteArray printable(const QByteArray& bytes)
{
    QByteArray shown = bytes.left(300).toPercentEncoding(" {}[]\":,.-_/");
    return bytes.size() > 300 ? shown + "… (" + QByteArray::number(bytes.size()) + " bytes)" : shown;
}

}  // namespace

class TestFuzz : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void mutatedProjects_data();
    void mutatedProjects();

private:
    QList<QByteArray> m_corpus;
};

void TestFuzz::initTestCase()
{
    const QDir dir(QStringLiteral(MICROLAB_PROJECTS_DIR));
    for (const QString& name : dir.entryList({QStringLiteral("*.mlab.json")}, QDir::Files, QDir::Name)) {
        QFile f(dir.filePath(name));
        QVERIFY(f.open(QIODevice::ReadOnly));
        m_corpus << f.readAll();
    }
    m_corpus << QByteArray(kBuiltIn);
    for (const QByteArray& file : m_corpus) QVERIFY(projectfile::parse(file, kFile));
}

void TestFuzz::mutatedProjects_data()
{
    QTest::addColumn<int>("mutation");
    QTest::addColumn<int>("count");
    QTest::addColumn<bool>("someLoad");  // the row must exercise the success path too
    QTest::newRow("flip bytes") << 0 << 800 << true;
    QTest::newRow("truncate") << 1 << 400 << false;
    QTest::newRow("duplicate range") << 2 << 500 << true;
    QTest::newRow("delete range") << 3 << 500 << true;
    QTest::newRow("insert JSON tokens") << 4 << 800 << true;
    QTest::newRow("replace values with other types") << 5 << 1000 << true;
    QTest::newRow("delete or add keys") << 6 << 600 << true;
    QTest::newRow("deep nesting") << 7 << 300 << true;
    QTest::newRow("huge numbers") << 8 << 500 << true;
    QTest::newRow("mixed") << 9 << 800 << true;
}

void TestFuzz::mutatedProjects()
{
    QFETCH(int, mutation);
    QFETCH(int, count);
    QFETCH(bool, someLoad);

    Mutator mutator(quint32(20260101 + mutation));
    int loaded = 0;
    int refused = 0;
    for (int i = 0; i < count; ++i) {
        const QByteArray input = mutator.apply(mutation, m_corpus[mutator.below(int(m_corpus.size()))]);
        const QByteArray where = "case " + QByteArray::number(i) + ": " + printable(input);

        const Result<LoadedProject> r = projectfile::parse(input, kFile);
        if (!r) {
            ++refused;
            const Error& e = r.error();
            QVERIFY2(!e.message.isEmpty(), where.constData());
            QVERIFY2(e.toString().startsWith(kFile), (where + "\n" + e.toString().toUtf8()).constData());
            continue;
        }
        ++loaded;
        // Whatever loads must save, load again to the same diagram, and save to the same bytes.
        const QByteArray saved = projectfile::serialize(r->diagram);
        const Result<LoadedProject> again = projectfile::parse(saved, kFile);
        QVERIFY2(again, (where + "\n" + (again ? QByteArray() : again.error().toString().toUtf8())).constData());
        QVERIFY2(again->diagram == r->diagram, where.constData());
        QVERIFY2(again->problems.empty(), where.constData());
        QVERIFY2(projectfile::serialize(again->diagram) == saved, where.constData());
    }
    qInfo("%d loaded, %d refused", loaded, refused);
    QVERIFY(refused > 0);
    if (someLoad) QVERIFY(loaded > 0);
}

QTEST_GUILESS_MAIN(TestFuzz)
#include "tst_fuzz.moc"
