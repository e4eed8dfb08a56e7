// Writes every engine event as one JSON line (`microlab-cli run --events`). The output is a
// pure function of the run, so two runs with the same seed give the same bytes.
#pragma once

#include "engine/EngineEvent.h"

#include <QIODevice>

namespace ml {

class EventLogWriter : public EngineObserver {
public:
    explicit EventLogWriter(QIODevice* out) : m_out(out) {}
    void onEvent(const Engine& engine, const EngineEvent& event) override;
    // One line for an event, without the newline.
    static std::string line(const Engine& engine, const EngineEvent& event);

private:
    QIODevice* m_out;
};

}  // namespace ml
