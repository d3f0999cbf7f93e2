package io.openconnectors.gateway.demo;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * A stand-in CRM with an Open Connectors hub API: {@code GET /hubs/crm/contacts?where=lastUpdated>'...'} with
 * {@code pageSize}, {@code nextPage} and {@code Elements-Next-Page-Token}, behind HTTP Basic. Its contacts change
 * every few seconds.
 */
final class DemoCrm {

    static final String USER = "demo-user";
    static final String PASSWORD = "demo-password";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern WHERE = Pattern.compile("lastUpdated\\s*>\\s*'([^']+)'");
    private static final String[] NAMES = { "Ada Lovelace", "Grace Hopper", "Alan Turing", "Katherine Johnson",
                                            "Edsger Dijkstra", "Barbara Liskov", "Donald Knuth", "Margaret Hamilton" };

    private final Map<String, ObjectNode> contacts = new ConcurrentHashMap<>();
    private final Random random = new Random();
    private final Clock clock;
    private int created;

    DemoCrm(Clock clock) {
        this.clock = clock;
    }

    /** Creates a contact or changes an existing one, as a CRM user would. */
    synchronized void change() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        if (contacts.isEmpty() || random.nextInt(3) == 0) {
            String id = "c-" + (++created);
            ObjectNode contact = MAPPER.createObjectNode().put("id", id).put("name", NAMES[created % NAMES.length])
                    .put("stage", "lead");
            contact.putObject("_info").put("created", now.toString()).put("lastUpdated", now.toString());
            contacts.put(id, contact);
        } else {
            List<ObjectNode> all = new ArrayList<>(contacts.values());
            ObjectNode contact = all.get(random.nextInt(all.size()));
            contact.put("stage", contact.path("stage").asText().equals("lead") ? "customer" : "lead");
            ((ObjectNode) contact.get("_info")).put("lastUpdated", now.toString());
        }
    }

    /** Answers {@code GET /hubs/crm/contacts}. */
    void list(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        String expected = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(message.getHeader("Authorization", String.class))) {
            answer(message, 401, "{\"message\":\"unauthorized\"}");
            return;
        }
        Instant since = since(message.getHeader("where", String.class));
        int pageSize = Integer.parseInt(message.getHeader("pageSize", "200", String.class));
        int offset = Integer.parseInt(message.getHeader("nextPage", "0", String.class));
        List<ObjectNode> matching = contacts.values().stream()
                .filter(c -> Instant.parse(c.path("_info").path("lastUpdated").asText()).isAfter(since))
                .sorted(Comparator.comparing(c -> c.path("_info").path("lastUpdated").asText()))
                .toList();
        ArrayNode page = MAPPER.createArrayNode();
        matching.stream().skip(offset).limit(pageSize).forEach(c -> page.add(c.deepCopy()));
        message.removeHeaders("*");
        if (page.size() == pageSize) {
            message.setHeader("Elements-Next-Page-Token", Integer.toString(offset + pageSize));
        }
        answer(message, 200, MAPPER.writeValueAsString(page));
    }

    private static Instant since(String where) {
        if (where == null) {
            return Instant.EPOCH;
        }
        Matcher m = WHERE.matcher(where);
        return m.find() ? Instant.parse(m.group(1)) : Instant.EPOCH;
    }

    private static void answer(Message message, int status, String body) {
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(body);
    }
}
