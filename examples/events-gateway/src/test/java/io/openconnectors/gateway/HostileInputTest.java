package io.openconnectors.gateway;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A running gateway under hostile input: every request gets a 4xx with a JSON reason or is accepted as plain text,
 * none a 5xx; no value a caller sends is ever resolved by Camel; nothing leaks; the process stays healthy.
 */
class HostileInputTest extends GatewayTestSupport {

    /** What a placeholder, a Simple expression or a bean reference would turn into something else if resolved. */
    private static final List<String> HOSTILE = List.of(
            "{{env:PATH}}", "{{sys:java.home}}", "{{camel.server.port}}", "{{oc.hostile.secret}}", "{{env:NOPE}}",
            "${sys:user.home}", "${body}", "${exchangeProperty.x}", "RAW(x)", "RAW{x}", "#bean:x", "#class:java.lang.Object",
            "%7B%7Benv:PATH%7D%7D");
    private static final String SECRET = "hostile-secret-value-42";

    private final List<String> refusedWith5xx = new ArrayList<>();
    private int requests;

    @Test
    void valuesACallerSendsAreNeverResolvedAndAreDeliveredAsSent() throws Exception {
        System.setProperty("oc.hostile.secret", SECRET);
        try {
            startGateway(TOKEN);
            for (String hostile : HOSTILE) {
                ObjectNode body = webhookInstance(hostile);
                Answer created = call("POST", "/instances", body);
                assertThat(created.status()).as(hostile).isEqualTo(200);
                assertThat(created.body().path("name").asText()).isEqualTo(hostile);
                assertThat(created.body().path("tags").get(0).asText()).isEqualTo(hostile);

                Answer received = call("POST", created.body().path("events").path("webhookPath").asText(),
                        "{\"id\": \"c-1\"}", null);
                assertThat(received.status()).as(hostile).isEqualTo(200);
            }
            await().atMost(20, SECONDS).until(() -> callback.accepted().size() == HOSTILE.size());
            assertThat(callback.accepted()).extracting(n -> n.instanceName()).containsExactlyInAnyOrderElementsOf(HOSTILE);
            assertThat(callback.accepted()).extracting(n -> n.events().get(0).objectType())
                    .containsExactlyInAnyOrderElementsOf(HOSTILE);
            assertThat(call("GET", "/instances", null).raw().body()).doesNotContain(SECRET).doesNotContain(TOKEN);
        } finally {
            System.clearProperty("oc.hostile.secret");
        }
    }

    @Test
    void everyHostileRequestIsAnsweredWithAReasonAndNoneWithA5xx() throws Exception {
        startGateway(TOKEN);
        String webhookPath = call("POST", "/instances", webhookInstance("hooks")).body().path("events").path("webhookPath").asText();

        // instance bodies that are no instance, or no JSON
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("deep arrays", "[".repeat(5000));
        bodies.put("deep objects", "{\"a\":".repeat(5000) + "1" + "}".repeat(5000));
        bodies.put("utf-32 bytes", new String(new byte[] { 0, 0, 0, 0x7B, 0, 0, 0, 0x7D }, StandardCharsets.ISO_8859_1));
        bodies.put("trailing garbage", "{\"name\": \"x\"} {}");
        bodies.put("duplicate keys", "{\"name\": \"a\", \"name\": \"b\"}");
        bodies.put("empty", "");
        bodies.put("null", "null");
        bodies.put("array", "[]");
        bodies.put("string", "\"instance\"");
        bodies.put("number", "1e400");
        bodies.put("truncated", "{\"name\": ");
        bodies.put("not json", "name=x");
        bodies.put("nul byte", "{\"name\": \"a\u0000b\"}");
        bodies.put("bom and garbage", "\uFEFF\uFFFF");
        bodies.put("huge number", "{\"name\": 1" + "0".repeat(2000) + "}");
        bodies.put("long key", "{\"" + "k".repeat(60_000) + "\": 1}");
        for (Map.Entry<String, String> body : bodies.entrySet()) {
            expect4xx("POST", "/instances", body.getValue(), "Bearer " + TOKEN);
            // to a webhook, some of them are JSON values all the same ([], null, a number): accepted, or refused
            expectNo5xx("POST", webhookPath, body.getValue(), null);
        }

        // instances whose fields are hostile: refused with a reason, or accepted as text
        List<Consumer<ObjectNode>> changes = new ArrayList<>();
        for (String bad : List.of("a\u0000b", "a\u0001b", "line\nbreak", "x".repeat(300))) {
            changes.add(i -> i.put("name", bad));
            changes.add(i -> ((ObjectNode) i.get("element")).put("key", bad));
            changes.add(i -> i.putArray("tags").add(bad));
            changes.add(i -> configuration(i).put("event.webhook.signature.header", bad));
            changes.add(i -> configuration(i).put("event.webhook.object.id.field", bad));
        }
        for (String url : List.of("http://user:pass@127.0.0.1/x", "http://127.0.0.1:0/", "http://127.0.0.1:65536/",
                "http://127.0.0.1:99999/", "file:///etc/passwd", "javascript:alert(1)", "http:///nohost", "//127.0.0.1/x",
                "http://[::1", "ftp://127.0.0.1/", "http://169.254.169.254/latest/meta-data/",
                "http://metadata.google.internal/computeMetadata/v1/", "http://" + "a".repeat(300) + ".example/")) {
            changes.add(i -> configuration(i).put("event.notification.callback.url", url));
        }
        for (Object interval : List.of(0, -1, 0.001, 1e9, "1e400", "NaN", "Infinity", true, "")) {
            changes.add(i -> configuration(i).put("event.vendor.type", "polling")
                    .put("event.poller.refresh_interval", String.valueOf(interval))
                    .putObject("event.poller.configuration").putObject("contacts").put("url", "http://crm.example/contacts"));
        }
        for (String resource : List.of("{{env:PATH}}", "a/b", "..", "a b", "")) {
            changes.add(i -> configuration(i).put("event.vendor.type", "polling").put("event.poller.refresh_interval", 1)
                    .putObject("event.poller.configuration").putObject(resource).put("url", "http://crm.example/x"));
        }
        for (String hostile : HOSTILE) {
            changes.add(i -> ((ObjectNode) i.get("element")).put("key", hostile));
            for (String key : List.of("event.webhook.items.field", "event.webhook.object.id.field", "event.webhook.event.type.field",
                    "event.webhook.event.type.mapping", "event.webhook.signature.header", "event.webhook.delivery.id.header")) {
                changes.add(i -> configuration(i).put(key, hostile));
            }
        }
        changes.add(i -> i.put("unknown", 1));
        changes.add(i -> configuration(i).put("event.unknown", 1));
        changes.add(i -> configuration(i).put("event.webhook.max.items", 0));
        changes.add(i -> configuration(i).put("event.webhook.max.body.size", -1));
        changes.add(i -> configuration(i).put("event.webhook.event.date.format", "yyyy-MM-dd'T"));
        changes.add(i -> configuration(i).put("event.webhook.items.field", "a..b"));
        changes.add(i -> configuration(i).put("event.notification.enabled", "maybe"));
        changes.add(i -> configuration(i).put("event.vendor.type", "carrier-pigeon"));
        for (Consumer<ObjectNode> change : changes) {
            ObjectNode body = webhookInstance("hostile");
            change.accept(body);
            Answer answer = call("POST", "/instances", body);
            requests++;
            if (answer.status() >= 500) {
                refusedWith5xx.add("POST /instances " + body + " -> " + answer.status());
            }
            if (answer.status() == 200) {
                // accepted as plain text: gone again, so that the next request starts clean
                call("DELETE", "/instances/" + answer.body().path("id").asText(), null);
            } else {
                assertThat(answer.status()).as(body.toString()).isEqualTo(400);
                assertThat(answer.body().path("error").asText()).as(body.toString()).isNotEmpty();
            }
        }

        // webhooks that would amplify: too many items, a body of zeros
        expect4xx("POST", webhookPath, "[" + "{\"id\": 1},".repeat(1000) + "{\"id\": 2}]", null);
        expect4xx("POST", webhookPath, "[" + "0,".repeat(20_000) + "0]", null);

        // paths, queries and methods that lead nowhere
        for (String path : List.of("/instances/%7B%7Benv:PATH%7D%7D", "/instances/%00", "/instances/-1", "/instances/99999999999999999999",
                "/instances/1/events?page=0", "/instances/1/events?pageSize=abc", "/instances/events?status=BOGUS",
                "/instances/events?limit=1e9", "/instances/events?instance=x", "/instances/events/%7B%7Benv:PATH%7D%7D",
                "/instances/1/events?pageSize=101", "/events/x/%2F..%2Finstances", "/events/%2e%2e/1", "/nowhere", "/instances/1/events/poll")) {
            expect4xx("GET", path, null, "Bearer " + TOKEN);
        }
        for (String method : List.of("PUT", "TRACE", "DELETE")) {
            expect4xx(method, "/instances", null, "Bearer " + TOKEN);
        }
        for (String authorization : List.of("Bearer", "Bearer ", "bearer x", "Basic dXNlcjpwYXNz", TOKEN, "Bearer " + TOKEN + "x",
                "Bearer {{env:OPENCONNECTORS_API_TOKEN}}", "Bearer\u0000" + TOKEN)) {
            expect4xx("GET", "/instances", null, authorization.replace("\u0000", ""));
        }
        expect4xx("PATCH", "/instances/1", "{\"id\": 5}", "Bearer " + TOKEN);
        expect4xx("PATCH", "/instances/1", "{\"configuration\": []}", "Bearer " + TOKEN);
        expect4xx("PATCH", "/instances/1", "{\"name\": \"{{env:PATH}}\", \"name\": 1}", "Bearer " + TOKEN);

        assertThat(requests).isGreaterThanOrEqualTo(150);
        assertThat(refusedWith5xx).isEmpty();
        Answer health = call("GET", "/observe/health", null);
        assertThat(health.status()).isEqualTo(200);
    }

    @Test
    void urlsToInternalTargetsAreRefusedUnderTheirKeyUnlessAllowed() throws Exception {
        startGateway(TOKEN); // allows 127.0.0.1/32 only, for the stand-ins
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("http://169.254.169.254/latest/meta-data/", "cloud metadata");
        refused.put("http://metadata.google.internal/computeMetadata/v1/", "cloud metadata");
        refused.put("http://10.0.0.5/events", "private network");
        refused.put("http://[::1]:9/events", "loopback");
        refused.put("http://0.0.0.0:9/events", "unspecified address");
        refused.put("http://127.0.0.1:" + port + "/instances", "protected port");
        for (Map.Entry<String, String> url : refused.entrySet()) {
            ObjectNode body = webhookInstance("egress");
            configuration(body).put("event.notification.callback.url", url.getKey());
            Answer answer = call("POST", "/instances", body);
            assertThat(answer.status()).as(url.getKey()).isEqualTo(400);
            assertThat(answer.body().path("problems").get(0).path("key").asText()).isEqualTo("event.notification.callback.url");
            assertThat(answer.body().path("problems").get(0).path("reason").asText()).as(url.getKey()).contains(url.getValue());
        }
        ObjectNode polling = seedPolling();
        configuration(polling).put("base.url", "http://[::ffff:10.1.2.3]:8080");
        Answer vendor = call("POST", "/instances", polling);
        assertThat(vendor.status()).isEqualTo(400);
        assertThat(vendor.body().path("problems").get(0).path("key").asText()).isEqualTo("base.url");
        // the allowed loopback address, written as a number, is the same address
        ObjectNode allowed = webhookInstance("allowed");
        configuration(allowed).put("event.notification.callback.url", callback.url().replace("127.0.0.1", "2130706433"));
        assertThat(call("POST", "/instances", allowed).status()).isEqualTo(200);
    }

    @Test
    void theDataFolderAndTheDatabaseAreTheOwnersAlone() throws Exception {
        startGateway(TOKEN);
        call("POST", "/instances", webhookInstance("files"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(dataDir)) {
            List<Path> regular = files.filter(Files::isRegularFile).toList();
            assertThat(regular).extracting(p -> p.getFileName().toString()).contains("events.mv.db");
            for (Path file : regular) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString()).isEqualTo("rw-------");
            }
        }
    }

    @Test
    void aWebhookForAnInstanceWhoseRouteIsDownIsAskedToComeBackNotToldNotFound() throws Exception {
        startGateway(TOKEN);
        JsonNode instance = call("POST", "/instances", webhookInstance("down")).body();
        gateway.context().getRouteController().stopRoute(instance.path("events").path("routes").get(0).asText());

        Answer answer = call("POST", instance.path("events").path("webhookPath").asText(), "{\"id\": 1}", null);

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.raw().headers().firstValue("Retry-After")).hasValue("30");
    }

    @Test
    void aDeletedInstancesNotificationsAreStillListedUnderItsId() throws Exception {
        startGateway(TOKEN);
        JsonNode instance = call("POST", "/instances", webhookInstance("deleted")).body();
        String id = instance.path("id").asText();
        assertThat(call("POST", instance.path("events").path("webhookPath").asText(), "{\"id\": 1}", null).status()).isEqualTo(200);
        await().atMost(10, SECONDS).until(() -> callback.accepted().size() == 1);

        call("DELETE", "/instances/" + id, null);

        Answer listed = call("GET", "/instances/" + id + "/events", null);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body()).hasSize(1);
        assertThat(call("GET", "/instances/" + (Long.parseLong(id) + 100) + "/events", null).status()).isEqualTo(404);
    }

    private void expect4xx(String method, String path, String body, String authorization) throws Exception {
        Answer answer = expectNo5xx(method, path, body, authorization);
        assertThat(answer.status()).as(method + " " + path + " " + abbreviate(body)).isBetween(400, 499);
    }

    private Answer expectNo5xx(String method, String path, String body, String authorization) throws Exception {
        Answer answer = call(method, path, body, authorization);
        requests++;
        if (answer.status() >= 500) {
            refusedWith5xx.add(method + " " + path + " " + abbreviate(body) + " -> " + answer.status() + " " + answer.body());
        }
        assertThat(answer.raw().body()).as(method + " " + path).doesNotContain("Exception").doesNotContain("\tat ");
        return answer;
    }

    private static String abbreviate(String text) {
        return text == null || text.length() < 60 ? text : text.substring(0, 60) + "...";
    }

    private static ObjectNode configuration(ObjectNode instance) {
        return (ObjectNode) instance.get("configuration");
    }

    /** A webhook instance delivering to the callback receiver; {@code text} in its name, tags and object type. */
    private ObjectNode webhookInstance(String text) {
        ObjectNode body = MAPPER.createObjectNode();
        body.putObject("element").put("key", "crm");
        body.put("name", text);
        body.putArray("tags").add(text);
        body.putObject("configuration")
                .put("event.notification.enabled", true)
                .put("event.vendor.type", "webhooks")
                .put("event.notification.callback.url", callback.url())
                .put("event.notification.signature.key", text)
                .put("event.webhook.object.type", text);
        return body;
    }
}
