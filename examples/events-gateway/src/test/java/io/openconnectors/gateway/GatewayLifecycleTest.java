package io.openconnectors.gateway;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What survives a restart, the generated token, webhook instances, and the demo.
 */
class GatewayLifecycleTest extends GatewayTestSupport {

    @Test
    void aPortInUseIsRefusedInOneLineThatNamesTheSettingBeforeAnythingStarts() throws Exception {
        try (ServerSocket other = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(EventsGateway.portTaken("127.0.0.1", other.getLocalPort()))
                    .startsWith("Cannot listen on 127.0.0.1:" + other.getLocalPort())
                    .endsWith("another program uses the port; set CAMEL_SERVER_PORT to a free one")
                    .doesNotContain("\n");
        }
        assertThat(EventsGateway.portTaken("127.0.0.1", freePort())).isNull();
    }

    @Test
    void theDemoListensOnThisMachineOnlyUnlessToldOtherwise() {
        Properties none = new Properties();
        assertThat(GatewaySetup.from(new String[] { "--demo" }, none, Map.of()).host()).isEqualTo("127.0.0.1");
        assertThat(GatewaySetup.from(new String[0], none, Map.of()).host()).isEqualTo("0.0.0.0");
        assertThat(GatewaySetup.from(new String[] { "--demo" }, none, Map.of("CAMEL_SERVER_HOST", "0.0.0.0")).host())
                .isEqualTo("0.0.0.0");
    }

    @Test
    void instancesComeBackRunningAfterARestart() throws Exception {
        startGateway(TOKEN);
        JsonNode created = call("POST", "/instances", seedPolling()).body();
        String id = created.path("id").asText();
        await().atMost(10, SECONDS).until(() -> !vendor.requests().isEmpty());
        vendor.put("c-1", "Ada", Instant.now(), Instant.now());
        await().atMost(10, SECONDS).until(() -> callback.accepted().size() == 1);
        gateway.close();

        vendor.put("c-2", "Grace", Instant.now(), Instant.now()); // changed while the gateway was down
        startGateway(TOKEN);

        assertThat(call("GET", "/instances/" + id, null).body().path("configuration")).isEqualTo(created.path("configuration"));
        await().atMost(10, SECONDS).until(() -> callback.accepted().size() == 2);
        assertThat(callback.accepted().get(1).events().get(0).objectId()).isEqualTo("c-2");
        assertThat(call("GET", "/instances/" + id + "/events", null).body()).hasSize(2);
    }

    @Test
    void anH2UrlOfTheUsersGetsTheSettingsTheStoreNeeds() throws Exception {
        port = freePort();
        // without MODE=PostgreSQL and the rest the store's SQL does not run: the gateway would not start
        gateway = EventsGateway.start(new GatewaySetup("127.0.0.1", port, dataDir, TOKEN, new GatewaySetup.Database(
                "jdbc:h2:file:" + dataDir.resolve("own").toAbsolutePath() + ";RETENTION_TIME=0", null, null), false)
                .withEgressAllow(List.of("127.0.0.1/32")));

        call("POST", "/instances", seedPolling());
        await().atMost(10, SECONDS).until(() -> !vendor.requests().isEmpty());
        vendor.put("c-1", "Ada", Instant.now(), Instant.now());

        await().atMost(10, SECONDS).until(() -> callback.accepted().size() == 1);
        assertThat(dataDir.resolve("own.mv.db")).exists();
        assertThat(dataDir.resolve("events.mv.db")).doesNotExist();
    }

    @Test
    void instancesAnEarlierVersionKeptAsFilesAreImportedOnceAndKeepTheirIds() throws Exception {
        // the data folder as earlier versions left it: one file per instance, and the last id given (7 was deleted)
        Path files = Files.createDirectories(dataDir.resolve("instances"));
        ObjectNode file = MAPPER.createObjectNode().put("id", 5).put("createdDate", "2026-11-01T10:00:00Z")
                .put("updatedDate", "2026-11-02T10:00:00Z");
        file.set("instance", seedPolling());
        Files.writeString(files.resolve("5.json"), file.toString());
        Files.writeString(files.resolve("last-id"), "7");

        startGateway(TOKEN);

        Answer imported = call("GET", "/instances/5", null);
        assertThat(imported.status()).isEqualTo(200);
        assertThat(imported.body().path("createdDate").asText()).isEqualTo("2026-11-01T10:00:00Z");
        await().atMost(10, SECONDS).until(() -> !vendor.requests().isEmpty()); // it runs
        assertThat(call("POST", "/instances", seedPolling()).body().path("id").asLong()).as("ids go on after the files' last")
                .isEqualTo(8);
        assertThat(files).as("its credentials are in the database now").doesNotExist();

        gateway.close();
        startGateway(TOKEN);
        assertThat(call("GET", "/instances", null).body()).as("imported once: the database is the truth").hasSize(2);
    }

    @Test
    void withoutAConfiguredTokenOneIsGeneratedShownOnceAndKept() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            startGateway(null);
            String token = Files.readString(dataDir.resolve("api-token")).trim();
            assertThat(printed.toString(StandardCharsets.UTF_8)).containsOnlyOnce(token);
            assertThat(call("GET", "/instances", null, "Bearer " + token).status()).isEqualTo(200);
            gateway.close();

            printed.reset();
            startGateway(null);
            assertThat(printed.toString(StandardCharsets.UTF_8)).doesNotContain(token);
            assertThat(call("GET", "/instances", null, "Bearer " + token).status()).isEqualTo(200);
        } finally {
            System.setOut(original);
        }
    }

    @Test
    void webhookInstancesReceiveWithoutTheBearerTokenButWithTheVendorsSignature() throws Exception {
        startGateway(TOKEN);
        ObjectNode body = MAPPER.createObjectNode();
        body.putObject("element").put("key", "crm");
        body.put("name", "CRM webhooks");
        body.putObject("configuration")
                .put("event.notification.enabled", true)
                .put("event.vendor.type", "webhooks")
                .put("event.notification.callback.url", callback.url())
                .put("event.webhook.signature.header", "X-Sig")
                .put("event.webhook.signature.key", "vendor-key")
                .put("event.webhook.object.type", "contacts");
        JsonNode instance = call("POST", "/instances", body).body();
        String path = instance.path("events").path("webhookPath").asText();
        assertThat(path).isEqualTo("/events/crm/" + instance.path("id").asText());
        assertThat(instance.path("configuration").path("event.webhook.signature.key").asText()).isEqualTo("********");

        String payload = "{\"id\": \"c-9\"}";
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("vendor-key".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));

        assertThat(call("POST", path, payload, null).status()).isEqualTo(401);
        Answer accepted = call("POST", path, payload, null, Map.of("X-Sig", signature));
        assertThat(accepted.status()).isEqualTo(200);
        await().atMost(10, SECONDS).until(() -> callback.accepted().size() == 1);
        assertThat(callback.accepted().get(0).eventId()).isEqualTo(accepted.body().path("eventIds").get(0).asText());

        call("DELETE", "/instances/" + instance.path("id").asText(), null);
        assertThat(call("POST", path, payload, null, Map.of("X-Sig", signature)).status()).isEqualTo(404);
    }

    @Test
    void theDemoShowsSignedEventsFlowingWithinThirtySeconds() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            startGateway(TOKEN, "--demo");
            await().atMost(30, SECONDS).until(() -> {
                String out = printed.toString(StandardCharsets.UTF_8);
                return out.contains("(Demo CRM)") && out.contains("(Demo Tickets)");
            });
        } finally {
            System.setOut(original);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("signature verified");
        assertThat(call("GET", "/instances", null).body()).extracting(i -> i.path("name").asText())
                .containsExactly("Demo CRM", "Demo Tickets");
    }
}
