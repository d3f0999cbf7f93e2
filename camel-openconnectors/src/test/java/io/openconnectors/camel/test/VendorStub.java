package io.openconnectors.camel.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Stands in for a CRM vendor with a store of contacts that tests change. It serves the same contacts four ways:
 * <ul>
 * <li>{@code /hubs/crm/contacts}: Open Connectors' hub style, {@code where=lastUpdated>'...'}, {@code pageSize} and
 * {@code nextPage}, the token in {@code Elements-Next-Page-Token} (also on a full last page, as the hub does);</li>
 * <li>{@code /offset/contacts}: {@code offset} and {@code limit};</li>
 * <li>{@code /link/contacts}: {@code page} and a {@code Link: <...>; rel="next"} header;</li>
 * <li>{@code /body/contacts}: {@code {"results": [...], "paging": {"next": token}}} and {@code after}.</li>
 * </ul>
 * Every style honours {@code where}; {@code since} (epoch seconds) filters the same way. Faults queued with
 * {@link #failNext} answer the next requests instead.
 * <p>
 * With {@link #clockOffset} (and {@link #clockRate}) set, the vendor has a clock of its own: it sends it in a {@code Date} header and
 * {@link #putNow} stamps records with it. Records come oldest first unless {@link #newestFirst} is set.
 */
public final class VendorStub extends StubServer {

    /** A canned answer. */
    public record Answer(int status, String contentType, String body, Map<String, String> headers) {
        public static Answer status(int status) {
            return new Answer(status, "application/json", "{\"message\":\"failure\"}", Map.of());
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern WHERE = Pattern.compile("lastUpdated\\s*(>=|>)\\s*'([^']*)'");
    private static final int DEFAULT_PAGE = 200;

    private final Map<String, ObjectNode> contacts = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Answer> faults = new ConcurrentLinkedQueue<>();
    private volatile String requiredHeader;
    private volatile String requiredValue;
    private volatile CountDownLatch hold = new CountDownLatch(0);
    /** The vendor's clock: at {@code anchor} on this machine's it read {@code anchorVendor}, and runs at {@code rate}. */
    private volatile VendorClock clock;
    private volatile boolean newestFirst;
    private final ConcurrentLinkedQueue<Runnable> afterFirstPage = new ConcurrentLinkedQueue<>();

    private record VendorClock(Instant anchor, Instant anchorVendor, double rate) {
        Instant now() {
            long elapsed = Duration.between(anchor, Instant.now()).toNanos();
            return anchorVendor.plusNanos((long) (elapsed * rate));
        }
    }

    /** Gives the vendor a clock {@code offset} away from this machine's, sent in a {@code Date} header. */
    public void clockOffset(Duration offset) {
        Instant now = Instant.now();
        this.clock = new VendorClock(now, now.plus(offset), 1);
    }

    /** Lets the vendor's clock run at {@code rate} times this machine's from now on: it drifts. */
    public void clockRate(double rate) {
        this.clock = new VendorClock(Instant.now(), vendorNow(), rate);
    }

    /** The vendor's time: this machine's unless it was given a clock of its own. */
    public Instant vendorNow() {
        VendorClock vendorClock = clock;
        return vendorClock == null ? Instant.now() : vendorClock.now();
    }

    /** Creates or changes a contact stamped with the vendor's clock. */
    public ObjectNode putNow(String id, String name) {
        Instant now = vendorNow();
        return put(id, name, now, now);
    }

    /** Serves records newest first, as many APIs do by default. */
    public void newestFirst() {
        newestFirst = true;
    }

    /** Runs {@code action} once, right after the next first page (offset 0) is served: records change mid-poll. */
    public void onceAfterFirstPage(Runnable action) {
        afterFirstPage.add(action);
    }

    /** Creates or changes a contact, stamping lastUpdated (to the second, as many vendors do). */
    public ObjectNode put(String id, String name, Instant created, Instant updated) {
        ObjectNode contact = MAPPER.createObjectNode().put("id", id).put("name", name);
        contact.putObject("_info")
                .put("created", created.truncatedTo(ChronoUnit.SECONDS).toString())
                .put("lastUpdated", updated.truncatedTo(ChronoUnit.SECONDS).toString());
        contacts.put(id, contact);
        return contact;
    }

    /** Stores a record as given, for records with a missing id or a bad date. */
    public void putRaw(String key, ObjectNode record) {
        contacts.put(key, record);
    }

    public void failNext(Answer... answers) {
        faults.addAll(List.of(answers));
    }

    /** Requests must carry this header value, or get 401. */
    public void requireHeader(String name, String value) {
        this.requiredHeader = name;
        this.requiredValue = value;
    }

    /** Answers wait until {@link #releaseAnswers()} (30 s at most), to make pollers time out. */
    public void holdAnswers() {
        hold = new CountDownLatch(1);
    }

    public void releaseAnswers() {
        hold.countDown();
    }

    @Override
    protected void handle(RecordedRequest request, Exchange exchange) throws IOException {
        try {
            hold.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Answer fault = faults.poll();
        if (fault != null) {
            fault.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            respond(exchange, fault.status(), fault.contentType(), fault.body().getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (requiredHeader != null && !requiredValue.equals(request.header(requiredHeader))) {
            respond(exchange, 401, "application/json", "{\"message\":\"unauthorized\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (clock != null) {
            exchange.getResponseHeaders().set("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(vendorNow().atOffset(ZoneOffset.UTC)));
        }
        Map<String, String> query = request.query();
        List<ObjectNode> matching = matching(query);
        boolean firstPage = intParam(query, "nextPage", 0) == 0 && intParam(query, "offset", 0) == 0
                            && intParam(query, "page", 0) == 0 && intParam(query, "after", 0) == 0;
        String path = request.uri().getPath();
        ArrayNode page = MAPPER.createArrayNode();
        switch (path) {
            case "/hubs/crm/contacts" -> {
                int size = intParam(query, "pageSize", DEFAULT_PAGE);
                int offset = intParam(query, "nextPage", 0);
                addPage(page, matching, offset, size);
                if (page.size() == size) {
                    exchange.getResponseHeaders().set("Elements-Next-Page-Token", Integer.toString(offset + size));
                }
                json(exchange, page);
            }
            case "/offset/contacts" -> {
                addPage(page, matching, intParam(query, "offset", 0), intParam(query, "limit", DEFAULT_PAGE));
                json(exchange, page);
            }
            case "/link/contacts" -> {
                int number = intParam(query, "page", 0);
                int size = 3;
                addPage(page, matching, number * size, size);
                if ((number + 1) * size < matching.size()) {
                    String next = "link/contacts?page=" + (number + 1)
                                  + (query.containsKey("since") ? "&since=" + query.get("since") : "");
                    exchange.getResponseHeaders().set("Link", "<" + baseUrl() + "/first>; rel=\"first\", <" + baseUrl() + "/"
                                                              + next + ">; rel=\"next\"");
                }
                json(exchange, page);
            }
            case "/body/contacts" -> {
                int offset = intParam(query, "after", 0);
                int size = 4;
                addPage(page, matching, offset, size);
                ObjectNode body = MAPPER.createObjectNode();
                body.set("results", page);
                if (offset + size < matching.size()) {
                    body.putObject("paging").put("next", Integer.toString(offset + size));
                }
                json(exchange, body);
            }
            default -> respond(exchange, 404, "text/plain", "no such path".getBytes(StandardCharsets.UTF_8));
        }
        if (firstPage) {
            for (Runnable action; (action = afterFirstPage.poll()) != null;) {
                action.run();
            }
        }
    }

    private List<ObjectNode> matching(Map<String, String> query) {
        Predicate<Instant> filter = at -> true;
        String where = query.get("where");
        if (where != null) {
            Matcher m = WHERE.matcher(where);
            if (!m.find()) {
                throw new IllegalArgumentException("unreadable where: " + where);
            }
            Instant bound = Instant.parse(m.group(2));
            filter = ">=".equals(m.group(1)) ? at -> !at.isBefore(bound) : at -> at.isAfter(bound);
        } else if (query.containsKey("since")) {
            Instant bound = Instant.ofEpochSecond(Long.parseLong(query.get("since")));
            filter = at -> at.isAfter(bound);
        }
        Predicate<Instant> keep = filter;
        List<ObjectNode> result = new ArrayList<>();
        for (ObjectNode contact : contacts.values()) {
            String updated = contact.path("_info").path("lastUpdated").asText("");
            try {
                if (keep.test(Instant.parse(updated))) {
                    result.add(contact);
                }
            } catch (RuntimeException unreadable) {
                result.add(contact); // a bad date is the poller's problem, as with a real vendor
            }
        }
        Comparator<ObjectNode> oldestFirst = Comparator.comparing((ObjectNode c) -> c.path("_info").path("lastUpdated").asText(""))
                .thenComparing(c -> c.path("id").asText(""));
        result.sort(newestFirst ? oldestFirst.reversed() : oldestFirst);
        return result;
    }

    private static void addPage(ArrayNode page, List<ObjectNode> all, int offset, int size) {
        for (int i = offset; i < Math.min(all.size(), offset + size); i++) {
            page.add(all.get(i));
        }
    }

    private static int intParam(Map<String, String> query, String name, int fallback) {
        String value = query.get(name);
        return value == null ? fallback : Integer.parseInt(value);
    }

    private static void json(Exchange exchange, Object body) throws IOException {
        respond(exchange, 200, "application/json", MAPPER.writeValueAsBytes(body));
    }
}
