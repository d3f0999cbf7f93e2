package io.openconnectors.camel.poll;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
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

    /**
     * What a poll did, and where the next one starts.
     *
     * @param vendorSkew the vendor's clock minus this machine's, from its {@code Date} header; {@code null} when it sent
     *                   none
     */
    record Result(PollWindow next, int records, int events, int pages, int skipped, Duration vendorSkew) {
    }

    /** Passes over the pages one poll makes at most when records change while it reads them. */
    static final int MAX_PASSES = 3;

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

    /** Where the vendor is asked to start for a window whose cursor is {@code cursor}. */
    Instant queryStart(Instant cursor) {
        return cursor.minusSeconds(lagSeconds);
    }

    /**
     * Reads the window's pages and emits what changed; see {@link PollRun} for how the next window is found.
     *
     * @param localNow this machine's time at the start of the poll, for vendors that send no {@code Date} header
     */
    Result poll(PollWindow window, Instant localNow, NotificationSink sink) throws Exception {
        return new PollRun(window, localNow, sink).run();
    }

    /**
     * One poll. The cursor is the vendor's time, never compared with this machine's clock:
     * <ul>
     * <li>a poll that read changes moves it to the newest change date read, but never past the vendor's own time (its
     * {@code Date} header; without one, this machine's), so that a record stamped in the far future cannot make it jump
     * over real changes; a poll that read nothing moves it to the vendor's time minus the overlap, or leaves it;</li>
     * <li>a first window taken from this machine's clock is moved onto the vendor's by the offset between the two,
     * before anything is read;</li>
     * <li>when a record changes while the pages are read (it shows up twice, or with a date after the poll began), a
     * page may have shifted under the reader and a neighbour been skipped: the pages are read again from the same start,
     * up to {@value #MAX_PASSES} passes, dropping what was emitted; if they do not settle, the cursor stays;</li>
     * <li>at {@code maxPages} the poll stops, having delivered what it read: the next poll reads on from the next page
     * with the same window (a sweep), so that a burst of any size drains, and the cursor moves when the pages run out.
     * Re-reading from the window's start instead would never get past a burst larger than one poll within the
     * overlap (a bulk import stamping thousands of records in one second).</li>
     * </ul>
     */
    private final class PollRun {

        private final PollWindow window;
        private final Instant localNow;
        private final NotificationSink sink;
        private final NotificationBatch batch;
        private final Set<Long> emittedThisPoll = new HashSet<>();
        private final SeenKeys seen = new SeenKeys();
        private Instant cursor;
        private boolean vendorClock;
        private Instant firstVendorTime;
        private Instant passVendorTime;
        private Instant lastVendorTime;
        private Duration skew;
        private Instant newest;
        private boolean shifted;
        private String stoppedAt;
        private int records;
        private int events;
        private int pages;
        private int skipped;

        PollRun(PollWindow window, Instant localNow, NotificationSink sink) {
            this.window = window;
            this.localNow = localNow;
            this.sink = sink;
            this.batch = new NotificationBatch(source, resource, maxEvents);
            this.cursor = window.cursor();
            this.vendorClock = window.vendorClock();
            if (window.sweep() != null) {
                newest = window.sweep().newest();
                shifted = window.sweep().shifted();
            }
        }

        Result run() throws Exception {
            boolean resume = window.sweep() != null;
            for (int pass = 1; pass <= MAX_PASSES; pass++) {
                boolean read;
                try {
                    read = readPages(resume);
                } catch (VendorFaultException e) {
                    if (!resume || pages > 0) {
                        throw e;
                    }
                    // a page token that expired: the sweep starts again from the window's start, its keys kept
                    LOG.warn("Instance '{}' resource '{}': the next page of the sweep failed ({}); reading the window from its "
                             + "start again", source.instanceId(), resource, e.getMessage());
                    resume = false;
                    pass--;
                    continue;
                }
                resume = false;
                if (!read) {
                    // the window was on this machine's clock: now that the vendor's time is known, start again on it
                    cursor = cursor.plus(skew);
                    vendorClock = true;
                    pass--;
                    continue;
                }
                if (!shifted || stoppedAt != null || window.sweep() != null) {
                    break;
                }
                if (pass < MAX_PASSES) {
                    LOG.debug("Instance '{}' resource '{}': records changed while their pages were read; reading them again",
                            source.instanceId(), resource);
                    shifted = false;
                }
            }
            if (!batch.isEmpty()) {
                sink.accept(batch.drain());
            }
            return new Result(nextWindow(), records, events, pages, skipped, skew);
        }

        /**
         * One pass over the pages from the window's start (or from where a sweep stopped).
         *
         * @return {@code false} when the pass was abandoned before reading a record, to be started again on the vendor's
         *         clock
         */
        private boolean readPages(boolean resume) throws Exception {
            Instant from = queryStart(cursor);
            PageCursor pager = PageCursor.start(config);
            String pageUrl = resume ? pager.resume(window.sweep().nextPage()) : pager.first(url.expand(from));
            Map<String, Long> keyById = new HashMap<>();
            // a sweep's changes count from when it began, on whichever poll that was
            passVendorTime = resume ? window.sweep().startedAt() : null;
            while (pageUrl != null) {
                VendorPage page = vendor.get(pageUrl);
                pages++;
                Instant vendorTime = page.vendorTime().orElse(null);
                if (vendorTime != null) {
                    if (firstVendorTime == null) {
                        firstVendorTime = vendorTime;
                        skew = Duration.between(page.receivedAt(), vendorTime);
                        if (!vendorClock && !resume) {
                            if (skew.abs().compareTo(Duration.ofSeconds(1)) > 0) {
                                return false;
                            }
                            vendorClock = true; // the clocks agree to within the Date header's precision
                        }
                    }
                    passVendorTime = passVendorTime == null ? vendorTime : passVendorTime;
                    lastVendorTime = vendorTime;
                }
                Instant until = config.isFilterByCurrentDate() ? (firstVendorTime != null ? firstVendorTime : localNow) : null;
                JsonNode records = recordsOf(page, pageUrl);
                this.records += records.size();
                for (JsonNode record : records) {
                    ChangeDetector.Change change;
                    try {
                        change = detector.classify(record, from, until);
                    } catch (InvalidRecordException e) {
                        skipped++;
                        warnSkipped(e.getMessage());
                        continue;
                    }
                    if (change != null) {
                        take(change, record, keyById);
                    }
                }
                String next = pager.next(pageUrl, page, records.size());
                checkNext(pageUrl, next);
                if (next != null && pages >= config.getMaxPages()) {
                    stoppedAt = next;
                    return true;
                }
                pageUrl = next;
            }
            return true;
        }

        /** Emits a change unless it was emitted before. */
        private void take(ChangeDetector.Change change, JsonNode record, Map<String, Long> keyById) throws Exception {
            long key = ChangeKeys.of(resource, change.id(), change.at(), record);
            Long before = keyById.put(change.id(), key);
            // stamped after this pass began (and not absurdly later): it changed while the pages were read
            boolean changedMeanwhile = passVendorTime != null && change.at().isAfter(passVendorTime.plusSeconds(1))
                                       && !change.at().isAfter(lastVendorTime.plusSeconds(1));
            if (before != null && before != key || changedMeanwhile) {
                shifted = true;
            }
            newest = newest == null || change.at().isAfter(newest) ? change.at() : newest;
            seen.add(key, change.at());
            if (!emittedThisPoll.add(key) || window.edge().contains(key)) {
                return;
            }
            events++;
            if (batch.add(ChangeEvent.of(change.type(), change.id(), resource, source.elementKey(), change.at()), record, key)) {
                sink.accept(batch.drain());
            }
        }

        private PollWindow nextWindow() {
            if (stoppedAt != null) {
                Instant startedAt = window.sweep() != null ? window.sweep().startedAt() : firstVendorTime;
                return new PollWindow(cursor, vendorClock, seen.since(queryStart(cursor)).union(window.edge()),
                        new PollWindow.Sweep(stoppedAt, startedAt, newest, shifted));
            }
            Instant next = cursor;
            if (shifted) {
                LOG.warn("Instance '{}' resource '{}': records kept changing while their pages were read; the window stays and "
                         + "the next poll reads it again", source.instanceId(), resource);
            } else if (newest != null) {
                // the vendor's own time bounds the cursor: a record stamped in the future must not carry it past real changes
                Instant bound = lastVendorTime != null ? lastVendorTime : localNow;
                Instant read = newest.isAfter(bound) ? bound : newest;
                // a cursor still on this machine's clock gives way to the vendor's dates, even backwards
                next = vendorClock ? latest(cursor, read) : read;
                vendorClock = true;
            } else if (lastVendorTime != null) {
                next = latest(cursor, lastVendorTime.minusSeconds(config.getWindowOverlap()));
            }
            EdgeKeys edge = seen.since(queryStart(next));
            return new PollWindow(next, vendorClock, window.sweep() != null ? edge.union(window.edge()) : edge, null);
        }

        private void checkNext(String pageUrl, String next) throws VendorFaultException {
            if (pageUrl.equals(next)) {
                throw new VendorFaultException("GET " + VendorClient.withoutQuery(pageUrl) + ": the next page is this page again",
                        0, null);
            }
            if (next != null && !sameOrigin(pageUrl, next)) {
                throw new VendorFaultException("GET " + VendorClient.withoutQuery(pageUrl) + ": the next page is on "
                                               + LoggableUrl.origin(URI.create(next))
                                               + "; it is not followed with the vendor's credentials", 0, null);
            }
        }
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** The key and change date of every change a poll read, to keep those the next poll reads again. */
    private static final class SeenKeys {
        private long[] keys = new long[64];
        private long[] dates = new long[64];
        private int count;

        void add(long key, Instant at) {
            if (count == keys.length) {
                keys = Arrays.copyOf(keys, count * 2);
                dates = Arrays.copyOf(dates, count * 2);
            }
            keys[count] = key;
            dates[count++] = at.toEpochMilli();
        }

        /** The keys of changes dated at or after {@code from}. */
        EdgeKeys since(Instant from) {
            long bound = from.toEpochMilli();
            long[] kept = new long[count];
            int n = 0;
            for (int i = 0; i < count; i++) {
                if (dates[i] >= bound) {
                    kept[n++] = keys[i];
                }
            }
            return EdgeKeys.of(kept, n);
        }
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
