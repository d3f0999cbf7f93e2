package io.openconnectors.example.yaml;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.openconnectors.camel.OpenConnectorsComponent;
import io.openconnectors.camel.event.EventNotification;
import io.openconnectors.camel.signature.ElementsSignature;
import io.openconnectors.camel.signature.SignatureVerdict;
import io.openconnectors.camel.store.NotificationStatus;
import io.openconnectors.camel.test.CallbackReceiver;
import io.openconnectors.camel.test.VendorStub;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The YAML-only app as it ships (its application.properties), pointed at a stand-in CRM and subscriber on loopback:
 * both routes deliver signed callbacks, durably in the H2 file the one jdbc-url property names.
 */
class YamlAppTest {

    @TempDir
    Path data;

    private final VendorStub crm = new VendorStub();
    private final CallbackReceiver subscriber = new CallbackReceiver();
    private final Main main = new Main();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        main.stop();
        crm.close();
        subscriber.close();
    }

    @Test
    void bothRoutesDeliverSignedCallbacksThroughTheStore() throws Exception {
        int port = freePort();
        main.addOverrideProperty("camel.server.host", "127.0.0.1");
        main.addOverrideProperty("camel.server.port", Integer.toString(port));
        main.addOverrideProperty("camel.management.port", Integer.toString(port));
        main.addOverrideProperty("camel.component.openconnectors.jdbc-url", "jdbc:h2:file:" + data.resolve("events"));
        main.addOverrideProperty("camel.component.openconnectors.state-file", data.resolve("windows.dat").toString());
        main.addOverrideProperty("camel.component.openconnectors.retry-unit", "1");
        main.addOverrideProperty("crm.url", crm.baseUrl());
        main.addOverrideProperty("crm.poll-every", "100");
        main.addOverrideProperty("events.callback-url", subscriber.url());
        main.addOverrideProperty("events.secret", "events-s3cret");
        main.addOverrideProperty("github.secret", "github-s3cret");
        main.addOverrideProperty("crm.password", "crm-s3cret");
        subscriber.failNext(503);
        main.start();

        crm.put("c-1", "Ada", Instant.now(), Instant.now());
        String issue = "{\"action\":\"opened\",\"issue\":{\"id\":77}}";
        HttpResponse<String> webhook = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/events/github"))
                .header("Content-Type", "application/json").header("X-GitHub-Event", "issues")
                .header("X-GitHub-Delivery", "d-1")
                .header("X-Hub-Signature-256", "sha256=" + HexFormat.of().formatHex(hmac("github-s3cret", issue)))
                .POST(HttpRequest.BodyPublishers.ofString(issue)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(webhook.statusCode()).isEqualTo(200);
        await().atMost(20, SECONDS).until(() -> subscriber.accepted().size() == 2);
        assertThat(subscriber.accepted()).extracting(EventNotification::instanceId).containsExactlyInAnyOrder("crm-1", "github-1");
        assertThat(subscriber.deliveries()).filteredOn(CallbackReceiver.Delivery::accepted).allSatisfy(delivery ->
                assertThat(ElementsSignature.of("events-s3cret").verify(delivery.request().header("Elements-Webhook-Signature"),
                        delivery.request().body())).isEqualTo(SignatureVerdict.VALID));
        OpenConnectorsComponent component = main.getCamelContext().getComponent("openconnectors", OpenConnectorsComponent.class);
        await().atMost(10, SECONDS).until(() -> component.getEventStore().countByStatus()
                .getOrDefault(NotificationStatus.NOTIFIED, 0L) == 2L);
        assertThat(data.resolve("events.mv.db")).exists();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static byte[] hmac(String key, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
    }
}
