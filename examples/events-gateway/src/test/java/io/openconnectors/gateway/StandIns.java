package io.openconnectors.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openconnectors.camel.test.CallbackReceiver;
import io.openconnectors.camel.test.CallbackReceiver.Delivery;
import org.postgresql.ds.PGSimpleDataSource;

import static org.awaitility.Awaitility.await;

/**
 * What the tests of gateway processes share: instances for the stand-in vendor and receiver, the local PostgreSQL, and
 * what the receiver got.
 */
final class StandIns {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StandIns() {
    }

    /** A webhook instance: items of type {@code items}, signed callbacks to {@code callbackUrl}. */
    static ObjectNode webhookInstance(String elementKey, String name, String callbackUrl, String signatureKey) {
        ObjectNode body = MAPPER.createObjectNode();
        body.putObject("element").put("key", elementKey);
        body.put("name", name);
        body.putObject("configuration")
                .put("event.notification.enabled", true)
                .put("event.vendor.type", "webhooks")
                .put("event.notification.callback.url", callbackUrl)
                .put("event.notification.signature.key", signatureKey)
                .put("event.webhook.object.type", "items");
        return body;
    }

    /** A polling instance of the stand-in vendor's hub-style contacts, every {@code minutes}. */
    static ObjectNode pollingInstance(String name, String callbackUrl, String vendorBaseUrl, double minutes) {
        ObjectNode body = MAPPER.createObjectNode();
        body.putObject("element").put("key", "crm");
        body.put("name", name);
        ObjectNode configuration = body.putObject("configuration")
                .put("event.notification.enabled", true)
                .put("event.vendor.type", "polling")
                .put("event.notification.callback.url", callbackUrl)
                .put("event.poller.refresh_interval", minutes)
                .put("base.url", vendorBaseUrl);
        configuration.putObject("event.poller.configuration").putObject("contacts")
                .put("url", "/hubs/crm/contacts?where=lastUpdated>'${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'")
                .put("pageSize", 100)
                .putObject("datesConfiguration").put("updatedDateField", "_info.lastUpdated");
        return body;
    }

    /**
     * Sends a webhook, as a vendor does, with its delivery id: the event ids the gateway acknowledged, or empty when it
     * did not answer 200 (or did not answer: killed).
     */
    static Optional<Set<String>> sendWebhook(HttpClient http, int port, String path, String delivery, String body) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json").header("X-Delivery-Id", delivery)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            Set<String> ids = new HashSet<>();
            MAPPER.readTree(response.body()).path("eventIds").forEach(id -> ids.add(id.asText()));
            return Optional.of(ids);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The event ids of the notifications the receiver accepted. */
    static Set<String> deliveredEventIds(CallbackReceiver receiver) {
        Set<String> ids = new HashSet<>();
        receiver.deliveries().stream().filter(Delivery::accepted).forEach(d -> ids.add(d.notification().eventId()));
        return ids;
    }

    /** The local PostgreSQL's {@code database}, as its superuser. */
    static PGSimpleDataSource postgres(String database) {
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setURL("jdbc:postgresql://127.0.0.1:5432/" + database);
        pg.setUser("postgres");
        return pg;
    }

    /** Waits, letting the load run: no poll, no condition, just time passing. */
    static void pause(Duration duration) {
        await().pollDelay(duration).atMost(duration.plusSeconds(1)).until(() -> true);
    }
}
