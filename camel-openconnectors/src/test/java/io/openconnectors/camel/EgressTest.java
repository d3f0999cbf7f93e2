package io.openconnectors.camel;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import io.openconnectors.camel.callback.CallbackFailedException;
import io.openconnectors.camel.event.EventNotification;
import io.openconnectors.camel.http.EgressPolicy;
import io.openconnectors.camel.http.EgressRefusedException;
import io.openconnectors.camel.store.DeliveryAttempt;
import io.openconnectors.camel.store.JdbcEventStore;
import io.openconnectors.camel.store.NotificationRecord;
import io.openconnectors.camel.store.NotificationStatus;
import io.openconnectors.camel.test.CallbackReceiver;
import io.openconnectors.camel.test.Databases;
import io.openconnectors.camel.test.Notifications;
import io.openconnectors.camel.test.LogCapture;
import io.openconnectors.camel.test.VendorStub;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PropertyBindingSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The component's egress policy on real loopback connections: a strict policy refuses a callback or a vendor on
 * loopback before anything is sent, the delivery history and the poll's fault say why in the policy's words, a refused
 * notification is retried, queued and delivered once allowed, and the default policy still delivers to loopback.
 */
class EgressTest {

    private static final String LOOPBACK_REFUSED = "refused by egress policy: 127.0.0.1 (loopback)";

    @TempDir
    Path folder;

    private final CallbackReceiver receiver = new CallbackReceiver();
    private final VendorStub vendor = new VendorStub();
    private JdbcEventStore store;
    private DefaultCamelContext camel;

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
        receiver.close();
        vendor.close();
    }

    /** A context whose component gets these options (bound as Camel Main binds properties), from direct:in to the receiver. */
    private void start(Map<String, Object> options, String callbackUrl) throws Exception {
        start(options, component -> {
        }, callbackUrl);
    }

    private void start(Map<String, Object> options, Consumer<OpenConnectorsComponent> setUp, String callbackUrl)
            throws Exception {
        camel = new DefaultCamelContext();
        OpenConnectorsComponent component = new OpenConnectorsComponent();
        component.setStateFile(folder.resolve("windows.dat").toString());
        if (store != null) {
            component.setEventStore(store);
            component.setRetryUnit(1);
            component.setRetryJitter(0);
            component.setMaxRetries(2);
        }
        PropertyBindingSupport.build().bind(camel, component, new HashMap<>(options));
        setUp.accept(component);
        camel.addComponent("openconnectors", component);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").to("openconnectors:callback:crm?callbackUrl=" + callbackUrl);
            }
        });
        camel.start();
    }

    private void withStore() throws Exception {
        store = new JdbcEventStore(Databases.H2.create(folder));
        store.migrate();
    }

    private void send(String eventId) {
        camel.createProducerTemplate().sendBody("direct:in", Notifications.contactCreated(eventId, "i-1"));
    }

    @Test
    void aStrictPolicyRefusesALoopbackCallbackEveryAttemptSaysWhyAndNothingIsLost() throws Exception {
        withStore();
        start(Map.of("egressStrict", true), receiver.url());

        send("n-1");

        await().atMost(10, SECONDS).until(() -> status("n-1") == NotificationStatus.QUEUED);
        NotificationRecord refused = store.find("n-1").orElseThrow();
        assertThat(refused.attempts()).as("the first attempt and two retries, as for any failure").hasSize(3)
                .allSatisfy(attempt -> {
                    assertThat(attempt.error()).isEqualTo(LOOPBACK_REFUSED);
                    assertThat(attempt.httpStatus()).isZero();
                });
        assertThat(refused.lastError()).isEqualTo(LOOPBACK_REFUSED);
        assertThat(receiver.requests()).as("no connection reached the receiver").isEmpty();

        // the operator allows the receiver: the queued notification is still there, and is delivered under its id
        camel.stop();
        start(Map.of("egressStrict", true, "egressAllow", "127.0.0.1/32"), receiver.url());
        assertThat(camel.getComponent("openconnectors", OpenConnectorsComponent.class).redeliver(null, "n-1"))
                .containsExactly("n-1");

        await().atMost(10, SECONDS).until(() -> status("n-1") == NotificationStatus.NOTIFIED);
        assertThat(receiver.accepted()).extracting(EventNotification::eventId).containsExactly("n-1");
        assertThat(store.find("n-1").orElseThrow().attempts()).extracting(DeliveryAttempt::httpStatus)
                .containsExactly(0, 0, 0, 200);
    }

    @Test
    void withoutAStoreTheExchangeFailsWithThePolicysMessage() throws Exception {
        start(Map.of("egressStrict", "true"), receiver.url());

        assertThatThrownBy(() -> send("n-2")).isInstanceOf(CamelExecutionException.class)
                .cause().isInstanceOf(CallbackFailedException.class).hasMessage(LOOPBACK_REFUSED)
                .cause().isInstanceOf(EgressRefusedException.class);
        assertThat(receiver.requests()).isEmpty();
    }

    @Test
    void aHostNameIsJudgedByTheAddressItResolvesToAndShownAsWritten() throws Exception {
        URI url = URI.create(receiver.url());
        start(Map.of("egressStrict", true), "http://localhost:" + url.getPort() + url.getPath());

        assertThatThrownBy(() -> send("n-3")).cause().hasMessage("refused by egress policy: localhost (loopback)");
        assertThat(receiver.requests()).isEmpty();
    }

    @Test
    void anAllowlistedLoopbackCallbackIsDelivered() throws Exception {
        start(Map.of("egressStrict", true, "egressAllow", "10.0.0.0/8, 127.0.0.1/32"), receiver.url());

        send("n-4");

        assertThat(receiver.accepted()).extracting(EventNotification::eventId).containsExactly("n-4");
    }

    @Test
    void theDefaultPolicyDeliversToLoopback() throws Exception {
        start(Map.of(), receiver.url());

        send("n-5");

        assertThat(receiver.accepted()).extracting(EventNotification::eventId).containsExactly("n-5");
    }

    @Test
    void aProtectedPortIsRefusedEvenWhenLoopbackIsAllowed() throws Exception {
        int gatewayPort = URI.create(receiver.url()).getPort();
        start(Map.of(), component -> component.setEgressPolicy(EgressPolicy.strict("127.0.0.1/32")
                .withProtectedPorts(gatewayPort)), receiver.url());

        assertThatThrownBy(() -> send("n-6")).cause().hasMessage("refused by egress policy: 127.0.0.1 (protected port)");
        assertThat(receiver.requests()).isEmpty();
    }

    @Test
    void aPollerOnLoopbackUnderAStrictPolicyFailsBeforeItsCredentialsLeave() throws Exception {
        vendor.requireHeader("Authorization", "Bearer v3ndor-t0ken");
        vendor.put("c-1", "Ada", Instant.now(), Instant.now());
        try (LogCapture logs = LogCapture.capture()) {
            start(Map.of("egressStrict", true), receiver.url());
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("openconnectors:poll:contacts?instanceId=t1&url=RAW(" + vendor.baseUrl() + "/hubs/crm/contacts)"
                         + "&accessToken=RAW(v3ndor-t0ken)&updatedDateField=_info.lastUpdated&delay=100&initialDelay=0")
                            .to("direct:in");
                }
            });

            await().atMost(10, SECONDS).until(() -> !logs.containing(LOOPBACK_REFUSED).isEmpty());

            assertThat(logs.containing(LOOPBACK_REFUSED).get(0).message())
                    .startsWith("Poll of instance 't1' resource 'contacts' failed: " + LOOPBACK_REFUSED + ". No events");
            assertThat(vendor.requests()).as("the vendor saw no request, so no credential").isEmpty();
            assertThat(receiver.requests()).isEmpty();
        }
    }

    @Test
    void aCallbackUrlNoPolicyAllowsFailsTheRouteStartNamingTheOption() {
        assertThatThrownBy(() -> start(Map.of(), "http://169.254.169.254/latest/meta-data/"))
                .hasStackTraceContaining("callbackUrl: 'http://169.254.169.254/latest/meta-data/' is refused by egress policy: "
                                         + "169.254.169.254 (cloud metadata)");
    }

    @Test
    void contradictoryOrBadEgressOptionsFailTheStart() {
        assertThatThrownBy(() -> start(Map.of("egressAllow", "127.0.0.1/32"), receiver.url()))
                .hasStackTraceContaining("egressAllow only lifts strict mode's refusals: set egressStrict=true too");
        camel.stop();
        assertThatThrownBy(() -> start(Map.of("egressStrict", true, "egressAllow", "10.0.0.0/8,10.0.0.0/33"), receiver.url()))
                .hasStackTraceContaining("Egress allowlist entry '10.0.0.0/33'");
        camel.stop();
        assertThatThrownBy(() -> start(Map.of("egressStrict", true, "egressAllow", "169.254.0.0/16"), receiver.url()))
                .hasStackTraceContaining("Egress allowlist entry '169.254.0.0/16': link-local is always refused");
        camel.stop();
        assertThatThrownBy(() -> start(Map.of("egressStrict", true),
                component -> component.setEgressPolicy(EgressPolicy.DEFAULT), receiver.url()))
                .hasStackTraceContaining("egressPolicy is set");
    }

    private NotificationStatus status(String eventId) {
        return store.find(eventId).map(NotificationRecord::status).orElse(null);
    }

}
