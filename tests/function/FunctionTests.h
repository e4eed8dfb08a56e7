// The function unit's test class (SEMANTICS "Functions"), shared by its two files: async
// retries, destinations and throttling (tst_function.cpp); cold starts, timeouts, error rates,
// faults while running, the default result and the START/END/REPORT lines (FunctionRuntime.cpp).
#pragma once

#include <QObject>

class TestFunction : public QObject {
    Q_OBJECT

private slots:
    // tst_function.cpp
    void asyncRetriesThenOnFailureDestination_data();
    void asyncRetriesThenOnFailureDestination();
    void retriesStopAtMaxEventAge_data();
    void retriesStopAtMaxEventAge();
    void exhaustedWithoutDestinationIsDropped();
    void onSuccessDestination();
    void syncOverReservedConcurrencyGets429();
    void asyncThrottledBacksOffUntilMaxEventAge_data();
    void asyncThrottledBacksOffUntilMaxEventAge();
    void asyncThrottledRunsWhenFree();
    void reservedConcurrencyZero_data();
    void reservedConcurrencyZero();
    void recordsCarryTimestampAndRequestId();

    // FunctionRuntime.cpp
    void coldStartsAndKeepWarm();
    void timeout_data();
    void timeout();
    void errorRate_data();
    void errorRate();
    void faultsWhileRunning();
    void syncResultIsInputWithProcessedBy();
    void startEndReportLines();
};
