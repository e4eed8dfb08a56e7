// What the run panels' tests (and the Logs benchmark) share: a real EngineRun built from a
// sample, an observer that keeps its events, and a RunFeed the run is published into in batches,
// as the RunController does.
#pragma once

#include "engine/EngineRun.h"
#include "project/ProjectFile.h"
#include "run/RunFeed.h"

#include <QtTest>

#include <memory>

namespace runkit {

using namespace ml;

struct RunDriver : EngineObserver {
    std::unique_ptr<EngineRun> run;
    ui::RunFeed feed;
    Diagram diagram;
    std::vector<EngineEvent> pending;
    std::vector<EngineEvent> all;
    std::size_t batchSize = 2000;

    void onEvent(const Engine&, const EngineEvent& event) override
    {
        pending.push_back(event);
        all.push_back(event);
    }

    bool start(const QString& sample)
    {
        auto loaded = projectfile::load(QStringLiteral(MICROLAB_PROJECTS_DIR "/") + sample);
        if (!loaded.ok()) {
            qWarning("%s", qPrintable(loaded.error().toString()));
            return false;
        }
        diagram = loaded.value().diagram;
        auto created = EngineRun::create(diagram, {}, {this});
        if (!created.ok()) {
            qWarning("%s", qPrintable(created.error().message));
            return false;
        }
        run = std::move(created).value();
        feed.beginRun(diagram, [this](const std::function<void(EngineRun&)>& fn) {
            fn(*run);
            return true;
        });
        return true;
    }

    void publish()
    {
        for (std::size_t i = 0; i < pending.size(); i += batchSize) {
            const std::size_t end = std::min(pending.size(), i + batchSize);
            feed.publish(std::make_shared<const std::vector<EngineEvent>>(pending.begin() + std::ptrdiff_t(i),
                                                                          pending.begin() + std::ptrdiff_t(end)));
        }
        pending.clear();
        feed.notifyStateChanged();
    }

    void runFor(Micros span)
    {
        run->run(run->engine().now() + span);
        publish();
    }

    int node(const char* id) const { return run->engine().nodeIndex(QString::fromLatin1(id)); }
};

}  // namespace runkit
