package io.openconnectors.camel.test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.openconnectors.camel.store.HistoryFilter;
import io.openconnectors.camel.store.MinuteOutcomes;
import io.openconnectors.camel.store.NotificationHistory;
import io.openconnectors.camel.store.NotificationRecord;
import io.openconnectors.camel.store.NotificationStatus;

/** A history a test answers in part: it overrides what the code under test reads, and every other read fails. */
public abstract class HistoryStub implements NotificationHistory {

    @Override
    public Optional<NotificationRecord> find(String eventId) {
        throw new UnsupportedOperationException("find");
    }

    @Override
    public List<NotificationRecord> listByInstance(String instanceId, long offset, int limit) {
        throw new UnsupportedOperationException("listByInstance");
    }

    @Override
    public List<NotificationRecord> listByStatus(Set<NotificationStatus> statuses, String instanceId, int limit) {
        throw new UnsupportedOperationException("listByStatus");
    }

    @Override
    public List<NotificationRecord> search(HistoryFilter filter, int limit) {
        throw new UnsupportedOperationException("search");
    }

    @Override
    public List<MinuteOutcomes> outcomesPerMinute(Instant from, String instanceId) {
        throw new UnsupportedOperationException("outcomesPerMinute");
    }

    @Override
    public Map<NotificationStatus, Long> countByStatus() {
        throw new UnsupportedOperationException("countByStatus");
    }

    @Override
    public Map<String, Long> backlogByInstance() {
        throw new UnsupportedOperationException("backlogByInstance");
    }
}
