package io.openconnectors.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.Semaphore;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The polling benchmark's bare baseline: plain Java that reads the vendor's pages one after the other (the same
 * {@code pageSize} and {@code nextPage} requests as the poll route) and POSTs each 10 records as one signed
 * notification, of the same form as the route's, with the JDK {@code HttpClient}, 8 POSTs at a time. No change
 * detection, no window, no store, no retries: what fetching and sending cost on this box. Prints the most heap it
 * used when stopped. {@code BarePoller <vendorUrl> <callbackUrl> <key>}.
 */
public final class BarePoller {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int EVENTS_PER_NOTIFICATION = 10;
    private static final int IN_FLIGHT = 8;

    private BarePoller() {
    }

    public static void main(String[] args) throws Exception {
        PollingApp.printPeakHeapWhenStopped();
        URI callback = URI.create(args[1]);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(args[2].getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Semaphore slots = new Semaphore(IN_FLIGHT);
        String next = null;
        do {
            URI page = URI.create(args[0] + "?pageSize=1000" + (next == null ? "" : "&nextPage=" + next));
            HttpResponse<byte[]> answer = client.send(HttpRequest.newBuilder(page).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(page + " answered " + answer.statusCode());
            }
            JsonNode records = MAPPER.readTree(answer.body());
            for (int from = 0; from < records.size(); from += EVENTS_PER_NOTIFICATION) {
                byte[] body = notification(records, from);
                String signature = "sha256=" + Base64.getEncoder().encodeToString(mac.doFinal(body));
                slots.acquire();
                client.sendAsync(HttpRequest.newBuilder(callback).header("Content-Type", "application/json")
                                .header("Elements-Webhook-Signature", signature)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                        HttpResponse.BodyHandlers.discarding())
                        .whenComplete((response, failure) -> {
                            slots.release();
                            if (failure != null || response.statusCode() >= 300) {
                                // no retries here: the harness would wait for the missing events in vain
                                System.out.println("Callback failed: " + (failure != null ? failure : response.statusCode()));
                                Runtime.getRuntime().halt(1);
                            }
                        });
            }
            next = answer.headers().firstValue("Elements-Next-Page-Token").orElse(null);
        } while (next != null);
        slots.acquire(IN_FLIGHT); // every notification answered
        System.out.println("DONE");
        Thread.currentThread().join(); // until the harness stops it
    }

    /** {@code {"message": {"eventId", "instanceId", "events": [...], "raw": {"contacts": [...]}}}} of 10 records. */
    private static byte[] notification(JsonNode records, int from) throws Exception {
        ObjectNode envelope = MAPPER.createObjectNode();
        ObjectNode message = envelope.putObject("message");
        message.put("eventId", UUID.nameUUIDFromBytes(("bench/contacts/" + records.get(from).path("id").asText())
                .getBytes(StandardCharsets.UTF_8)).toString());
        message.put("instanceId", "bench");
        ArrayNode events = message.putArray("events");
        ArrayNode raw = message.putObject("raw").putArray("contacts");
        for (int i = from; i < Math.min(records.size(), from + EVENTS_PER_NOTIFICATION); i++) {
            JsonNode record = records.get(i);
            JsonNode info = record.path("_info");
            events.addObject().put("eventType", info.path("created").equals(info.path("lastUpdated")) ? "CREATED" : "UPDATED")
                    .put("objectId", record.path("id").asText()).put("objectType", "contacts")
                    .put("date", info.path("lastUpdated").asText());
            raw.add(record);
        }
        return MAPPER.writeValueAsBytes(envelope);
    }
}
