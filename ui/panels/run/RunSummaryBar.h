// The bar above the run tabs: how many events, how much virtual time, and whether the
// conservation ledger holds (every message that entered is delivered, forwarded, expired,
// dropped with a reason, or still somewhere) — with the numbers when it does not — and Save
// report (the microlab-report/1 JSON).
#pragma once

#include "run/RunFeed.h"

#include <QTimer>
#include <QWidget>

class QLabel;
class QPushButton;

namespace ml::ui::run {

class RunSummaryBar : public QWidget {
    Q_OBJECT
public:
    static constexpr int kRefreshMs = 250;
    explicit RunSummaryBar(RunFeed* feed, QWidget* parent = nullptr);

    void refreshNow();
    QString text() const;
    bool conservationHolds() const { return m_holds; }
    // Writes Engine::report() to `path`; false with `error` set when it cannot.
    bool saveReport(const QString& path, QString* error = nullptr);

private:
    RunFeed* m_feed;
    QLabel* m_label;
    QPushButton* m_save;
    QTimer m_timer;
    bool m_holds = true;
    QString m_savedTo;  // the last report saved of this run (said on the bar)
};

}  // namespace ml::ui::run
