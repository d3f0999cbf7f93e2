package io.openconnectors.camel.poll;

import java.net.URI;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.openconnectors.camel.event.ChangeEvent;
import io.openconnectors.camel.event.EventNotification;
import io.openconnectors.camel.event.EventSource;
import io.openconnectors.camel.http.LoggableUrl;
import io.openconnectors.camel.record.FieldPath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one poll of one resource: reads the window's pages, keeps the records that changed inside it and were not
 * emitted before, and hands them on in notifications. It never saves the window; its caller does, once every
 * notification was handed on.
 */
final class ResourcePoller {

    private static final Logger LOG = LoggerFactory.getLogger(ResourcePoller.class);
    private static final int MAX_REMEMBERED_WARNINGS = 1000;

    /** Takes each notification as soon as it is full; an exception stops the poll. */
    @FunctionalInterface
    interface NotificationSink {
        void accept(EventNotification notification) throws Exception;
    }

    /** What a poll did, and where the next one starts. */
    record Result(PollWindow next, int events, int pages, int skipped) {
    }

    private final EventSource source;
    private final String resource;
    private final PollConfiguration config;
    private final UrlTemplate url;
    private final VendorClient vendor;
    private final ChangeDetector detector;
    private final FieldPath recordsField;
    private final long lagSeconds;
    private final int maxEvents;
    /** Skips already warned about: a bad record comes back at every poll, its warning need not. */
    private final Set<String> warned = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_REMEMBERED_WARNINGS;
        }
    });

    ResourcePoller(EventSource source, String resource, PollConfiguration config, UrlTemplate url, VendorClient vendor,
                   ChangeDetector detector, int maxEvents) {
        this.source = source;
        this.resource = resource;
        this.config = config;
        this.url = url;
        this.vendor = vendor;
        this.detector = detector;
        this.recordsField = config.getRecordsField() == null ? null : FieldPath.parse(config.getRecordsField());
        this.lagSeconds = (long) config.getPollDelay() + config.getWindowOverlap();
        this.maxEvents = maxEvents;
    }

    /** Where the vendor is asked to start for a window saved at {@code windowStart}. */
    Instant queryStart(Instant windowStart) {
        return windowStart.minusSeconds(lagSeconds);
    }

    Result poll(PollWindow window, Instant now, NotificationSink sink) throws Exception {
        Instant from = queryStart(window.start());
        Instant until = config.isFilterByCurrentDate() ? now : null;
        Instant nextFrom = queryStart(now);
        Set<String> nextEdge = new HashSet<>();
        Set<Long> seenThisPoll = new HashSet<>();
        NotificationBatch batch = new NotificationBatch(source, resource, maxEvents);
        PageCursor cursor = PageCursor.start(config);
        int events = 0;
        int pages = 0;
        int skipped = 0;
        String pageUrl = cursor.first(url.expand(from));
        while (pageUrl != null) {
            if (++pages > config.getMaxPages()) {
                throw new VendorFaultException("GET " + VendorClient.withoutQuery(pageUrl) + ": still more pages after maxPages="
                                               + config.getMaxPages(), 0, null);
            }
            VendorPage page = vendor.get(pageUrl);
            JsonNode records = recordsOf(page, pageUrl);
            for (JsonNode record : records) {
                ChangeDetector.Change change;
                try {
                    change = detector.classify(record, from, until);
                } catch (InvalidRecordException e) {
                    skipped++;
                    warnSkipped(e.getMessage());
                    continue;
                }
                if (change == null) {
                    continue;
                }
                long key = ChangeKeys.of(resource, change.id(), change.at(), record);
                String keyText = ChangeKeys.toText(key);
                boolean emittedBefore = !seenThisPoll.add(key) || window.edgeKeys().contains(keyText);
                if (!change.at().isBefore(nextFrom)) {
                    nextEdge.add(keyText);
                }
                if (emittedBefore) {
                    continue;
                }
                events++;
                ChangeEvent event = ChangeEvent.of(change.type(), change.id(), resource, source.elementKey(),
                        change.at());
                if (batch.add(event, record, key)) {
                    sink.accept(batch.drain());
                }
            }
            String next = cursor.next(pageUrl, page, records.size());
            if (pageUrl.equals(next)) {
                throw new VendorFaultException("GET " + VendorClient.withoutQuery(pageUrl) + ": the next page is this page again",
                        0, null);
            }
            if (next != null && !sameOrigin(pageUrl, next)) {
                throw new VendorFaultException("GET " + VendorClient.withoutQuery(pageUrl) + ": the next page is on "
                                               + LoggableUrl.origin(URI.create(next))
                                               + "; it is not followed with the vendor's credentials", 0, null);
            }
            pageUrl = next;
        }
        if (!batch.isEmpty()) {
            sink.accept(batch.drain());
        }
        return new Result(new PollWindow(now, nextEdge), events, pages, skipped);
    }

    private static boolean sameOrigin(String url, String other) {
        return LoggableUrl.origin(URI.create(url)).equalsIgnoreCase(LoggableUrl.origin(URI.create(other)));
    }

    private void warnSkipped(String why) {
        if (warned.add(why)) {
            LOG.warn("Skipped a record of instance '{}' resource '{}': {}", source.instanceId(), resource, why);
        } else {
            LOG.debug("Skipped a record of instance '{}' resource '{}' again: {}", source.instanceId(), resource, why);
        }
    }

    private JsonNode recordsOf(VendorPage page, String pageUrl) throws VendorFaultException {
        JsonNode body = page.body();
        if (body.isMissingNode()) {
            return body; // an empty answer: no records
        }
        JsonNode records = recordsField == null ? body : recordsField.resolve(body);
        if (records == null || !records.isArray()) {
            String where = recordsField == null
                    ? "the body is not a JSON array (set recordsField to the array's path)"
                    : "recordsField '" + recordsField + "' is not an array in the body";
            throw new VendorFaultException("GET " + VendorClient.withoutQuery(pageUrl) + ": " + where, 0, null);
        }
        return records;
    }
}
