// The queue unit's test class (SEMANTICS "queue" and "queue → function edge"), shared by its two
// files: receive counts, dead-letter moves, visibility, delay, retention and message size
// (tst_queue.cpp); batches, windows, partial batch responses, FIFO, deduplication, redrive,
// poller scaling and paused consumers (QueueBatches.cpp); FIFO partial failures, DLQ enqueue
// times, missing deduplication ids, the 1 MiB default size, event filtering and a throttled batch
// waiting against its visibility timeout (QueueFidelity.cpp).
#pragma once

#include <QObject>

class TestQueue : public QObject {
    Q_OBJECT

private slots:
    // tst_queue.cpp
    void fiftyFailingMessagesEndInTheDlq();
    void slowFunctionTimesOutTwiceThenDeadLetters();
    void visibilityTimeoutReturnsWithReceiveCountPlusOne_data();
    void visibilityTimeoutReturnsWithReceiveCountPlusOne();
    void lateAnswerAfterVisibilityTimeoutDeletesNothing();
    void delayHoldsMessagesBack();
    void retentionExpires_data();
    void retentionExpires();
    void retentionCountsFromSentAt_data();
    void retentionCountsFromSentAt();
    void oversizedMessagesAreDroppedEveryTime();
    void oversizedBodyAfterASmallOneIsRefused();
    void functionToFifoQueueUsesTheUserAsGroup();

    // QueueBatches.cpp
    void batchOfTenFormsAtOnce();
    void batchWindowGathersThenInvokesWithFewer();
    void partialBatchResponseReturnsOnlyListed();
    void failedBatchReturnsWhole();
    void fifoOrderPerGroup();
    void fifoGroupBlockedWhileInFlight();
    void fifoDeduplication_data();
    void fifoDeduplication();
    void redriveMovesBackAtMost500PerSecond();
    void redriveAtAChosenRate();
    void pollersStartAtFiveAndScale();
    void pauseConsumersStopsPolling();

    // QueueFidelity.cpp
    void fifoPartialBatchStopsAtFirstFailure_data();
    void fifoPartialBatchStopsAtFirstFailure();
    void deadLetterQueueSentAt_data();
    void deadLetterQueueSentAt();
    void fifoWithoutDeduplicationIdIsRefused_data();
    void fifoWithoutDeduplicationIdIsRefused();
    void maxMessageSizeDefaultsToOneMebibyte();
    void filterCriteria_data();
    void filterCriteria();
    void throttledBatchWaitsAgainstTheVisibilityTimeout_data();
    void throttledBatchWaitsAgainstTheVisibilityTimeout();
};
