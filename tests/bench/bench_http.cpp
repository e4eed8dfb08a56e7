// Real HTTP ingress on loopback (DESIGN.md: ≥ 5 000 requests/s through API → router → CRUD →
// response): an in-process live session on 127.0.0.1 and 64 or 256 keep-alive client connections,
// each sending its next request as soon as the previous answer arrives. Bounded: a fixed
// number of requests per iteration, loopback only. Run:
//   build/tests/bench/bench_http --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include "engine/EngineRun.h"
#include "live/LiveSession.h"
#include "project/ProjectFile.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>
#include <benchmark/benchmark.h>
#include <memory>
#include <vector>

using namespace ml;

namespace {

const char* kDiagram = R"({"format": "microlab/1", "name": "http bench", "seed": 1, "nodes": [
    {"id": "api", "kind": "api-gateway", "config": {"routes": [
        {"method": "POST", "path": "/items", "action": "create-item", "required": ["name"]},
        {"method": "GET", "path": "/items/{id}", "action": "get-item"}]}},
    {"id": "router", "kind": "router", "config": {"latency": {"dist": "fixed", "value": "1ms"}}},
    {"id": "items-service", "kind": "crud", "config": {"latency": {"dist": "fixed", "value": "1ms"}}},
    {"id": "items", "kind": "table", "config": {}}],
  "edges": [
    {"from": "api", "to": "router"},
    {"from": "router", "to": "items-service", "config": {"actions": ["create-item", "get-item"]}},
    {"from": "items-service", "to": "items"}]})";

// One keep-alive connection sending `budget` requests one after another (GET and POST mixed).
class Client {
public:
    Client(quint16 port, int budget, int* remaining, QEventLoop* loop, std::vector<qint64>* latencies)
        : m_budget(budget), m_remaining(remaining), m_loop(loop), m_latencies(latencies)
    {
        QObject::connect(&m_socket, &QTcpSocket::readyRead, [this] { onReadyRead(); });
        m_socket.connectToHost(QHostAddress::LocalHost, port);
        m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
    }
    void sendNext()
    {
        if (m_sent >= m_budget) return;
        const int n = m_sent++;
        m_clock.start();
        if (n % 4 == 0) {
            const QByteArray body = "{\"id\":\"i" + QByteArray::number(n) + "\",\"name\":\"widget\"}";
            m_socket.write(
                "POST /items HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " +
                QByteArray::number(body.size()) + "\r\n\r\n" + body);
        } else {
            m_socket.write("GET /items/i0 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        }
    }
    int errors() const { return m_errors; }

private:
    void onReadyRead()
    {
        m_buffer += m_socket.readAll();
        for (;;) {
            const qsizetype head = m_buffer.indexOf("\r\n\r\n");
            if (head < 0) return;
            const qsizetype at = m_buffer.indexOf("Content-Length: ");
            const qsizetype lineEnd = m_buffer.indexOf("\r\n", at);
            const qsizetype length = at >= 0 && at < head ? m_buffer.mid(at + 16, lineEnd - at - 16).toLongLong() : 0;
            if (m_buffer.size() < head + 4 + length) return;
            const int status = m_buffer.mid(9, 3).toInt();
            if (status >= 500) ++m_errors;
            m_latencies->push_back(m_clock.nsecsElapsed() / 1000);
            m_buffer.remove(0, head + 4 + length);
            if (--*m_remaining == 0) m_loop->quit();
            sendNext();
        }
    }

    QTcpSocket m_socket;
    QByteArray m_buffer;
    int m_budget;
    int m_sent = 0;
    int m_errors = 0;
    int* m_remaining;
    QEventLoop* m_loop;
    std::vector<qint64>* m_latencies;  // µs from sending a request to its whole answer
    QElapsedTimer m_clock;
};

void BM_HttpIngress(benchmark::State& state)
{
    const Result<LoadedProject> loaded = projectfile::parse(QByteArray(kDiagram), QStringLiteral("bench.mlab.json"));
    EngineOptions options;
    options.logging = false;
    Result<std::unique_ptr<EngineRun>> run = EngineRun::create(loaded.value().diagram, options);
    run.value()->engine().setExpress(true);
    Result<std::unique_ptr<LiveSession>> session = LiveSession::open(*run.value(), LiveOptions{});
    if (!session) {
        state.SkipWithError(session.error().message.toStdString().c_str());
        return;
    }
    session.value()->start();
    const quint16 port = quint16(session.value()->endpoints().front().url.section(QLatin1Char(':'), 2).toUInt());
    const int kConnections = int(state.range(0));
    constexpr int kPerConnection = 100;
    int errors = 0;
    std::vector<qint64> latencies;
    for (auto _ : state) {
        QEventLoop loop;
        int remaining = kConnections * kPerConnection;
        std::vector<std::unique_ptr<Client>> clients;
        for (int i = 0; i < kConnections; ++i)
            clients.push_back(std::make_unique<Client>(port, kPerConnection, &remaining, &loop, &latencies));
        for (auto& c : clients) c->sendNext();
        QTimer::singleShot(60'000, &loop, &QEventLoop::quit);  // bounded, whatever happens
        loop.exec();
        for (auto& c : clients) errors += c->errors();
        if (remaining != 0) state.SkipWithError("requests left unanswered after 60 s");
    }
    state.SetItemsProcessed(state.iterations() * kConnections * kPerConnection);
    state.counters["errors"] = errors;
    std::sort(latencies.begin(), latencies.end());
    if (!latencies.empty()) {
        state.counters["p50_ms"] = double(latencies[latencies.size() / 2]) / 1000.0;
        state.counters["p90_ms"] = double(latencies[latencies.size() * 90 / 100]) / 1000.0;
        state.counters["p99_ms"] = double(latencies[latencies.size() * 99 / 100]) / 1000.0;
    }
}
// Connections: each has one request outstanding, so with 64 the rate is bounded by the
// round trip (the diagram's 2 ms of virtual latency run in real time); 256 shows capacity.
BENCHMARK(BM_HttpIngress)->Arg(8)->Arg(64)->Arg(256)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
