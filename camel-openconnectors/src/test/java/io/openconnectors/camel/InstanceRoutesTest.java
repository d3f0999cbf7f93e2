package io.openconnectors.camel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openconnectors.camel.instance.InstanceDefinition;
import io.openconnectors.camel.instance.InstanceParser;
import io.openconnectors.camel.instance.InstanceRoutes;
import io.openconnectors.camel.signature.HmacSigner;
import io.openconnectors.camel.test.LogCapture;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Instances become routes, built as objects from what the instance says, and go away again.
 */
class InstanceRoutesTest extends PollTestSupport {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private InstanceRoutes routes() {
        return new InstanceRoutes(context, key -> Optional.empty());
    }

    private ObjectNode seed() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/instances/seed-polling.json")) {
            ObjectNode root = (ObjectNode) MAPPER.readTree(in);
            ObjectNode configuration = (ObjectNode) root.get("configuration");
            configuration.put("event.notification.callback.url", callback.url());
            configuration.put("base.url", vendor.baseUrl());
            configuration.remove("username");
            configuration.remove("password");
            return root;
        }
    }

    private static InstanceDefinition parse(ObjectNode json) {
        return InstanceParser.parse(json.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void eachResourceGetsARouteAndRemovingStopsThem() throws Exception {
        ObjectNode json = seed();
        ObjectNode poller = (ObjectNode) json.path("configuration").path("event.poller.configuration");
        poller.set("leads", poller.get("contacts").deepCopy());
        InstanceRoutes routes = routes();

        assertThat(routes.add("7", parse(json))).containsExactly("openconnectors-7-poll-contacts", "openconnectors-7-poll-leads");
        assertThat(context.getRouteController().getRouteStatus("openconnectors-7-poll-leads")).isEqualTo(ServiceStatus.Started);
        await().atMost(10, SECONDS).until(() -> vendor.requests().size() >= 4);

        routes.remove("7");
        assertThat(context.getRoute("openconnectors-7-poll-contacts")).isNull();
        assertThat(routes.routeIds("7")).isEmpty();
        int requests = vendor.requests().size();
        vendor.put("c-1", "Ada", Instant.now(), Instant.now());
        // a route that still polled every 300 ms would have asked again by the time a fresh one starts and polls twice
        routes.add("8", parse(seed()));
        await().atMost(10, SECONDS).until(() -> callback.accepted().size() == 1);
        assertThat(callback.accepted().get(0).instanceId()).isEqualTo("8");
        assertThat(vendor.requests().stream().skip(requests)).allSatisfy(r -> assertThat(r.uri().getPath()).isEqualTo("/hubs/crm/contacts"));
    }

    @Test
    void aResourceThatKeepsFailingIsAskedLessOftenUntilItAnswers() throws Exception {
        ObjectNode json = seed();
        ((ObjectNode) json.path("configuration").path("event.poller.configuration").path("contacts"))
                .put("url", "/nowhere/contacts"); // the vendor answers 404
        routes().add("13", parse(json));

        await().atMost(10, SECONDS).until(() -> vendor.requests().size() >= 3);
        int asked = vendor.requests().size();
        // polled every 1.2 s, it would have asked four more times; after three failures ten polls are skipped
        await().during(5, SECONDS).atMost(6, SECONDS).until(() -> vendor.requests().size() <= asked + 1);
    }

    @Test
    void eventsOffMeansNoRoutes() throws Exception {
        ObjectNode json = seed();
        ((ObjectNode) json.get("configuration")).put("event.notification.enabled", "false");

        assertThat(routes().add("9", parse(json))).isEmpty();
        assertThat(context.getRoutes()).isEmpty();
    }

    @Test
    void aRelativeUrlNeedsABaseUrlFromTheInstanceOrTheConnector() throws Exception {
        ObjectNode json = seed();
        ((ObjectNode) json.get("configuration")).remove("base.url");

        assertThatThrownBy(() -> routes().add("10", parse(json)))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("event.poller.configuration.contacts.url: '/hubs/crm/contacts?where=lastUpdated>'")
                .hasMessageContaining("neither base.url nor connector 'connectorKey' gives a base URL");

        InstanceRoutes withConnector = new InstanceRoutes(context, key -> Optional.of(vendor.baseUrl()));
        withConnector.add("11", parse(json));
        vendor.put("c-1", "Ada", Instant.now(), Instant.now());
        await().atMost(10, SECONDS).until(() -> callback.accepted().size() == 1);
    }

    @Test
    void secretsStayOutOfTheLogs() throws Exception {
        ObjectNode json = seed();
        ObjectNode configuration = (ObjectNode) json.get("configuration");
        configuration.put("username", "crm-user");
        configuration.put("password", "pa55-w0rd-secret");
        vendor.requireHeader("Authorization", SeedInstanceTest.basic("crm-user", "pa55-w0rd-secret"));

        try (LogCapture logs = LogCapture.capture(org.apache.logging.log4j.Level.DEBUG)) {
            callback.failNext(500); // a failed delivery logs the route's endpoints too
            routes().add("12", parse(json));
            vendor.put("c-1", "Ada", Instant.now(), Instant.now());
            await().atMost(10, SECONDS).until(() -> callback.accepted().size() == 1);
            context.getRouteController().stopRoute("openconnectors-12-poll-contacts");

            assertThat(logs.all()).contains("openconnectors-12-poll-contacts")
                    .doesNotContain("pa55-w0rd-secret")
                    .doesNotContain("sig-key-456");
        }
    }

    /** What Camel would resolve if a value of the instance ever became URI text or an expression. */
    private static final String HOSTILE = "{{env:PATH}}|{{sys:java.home}}|{{oc.test.secret}}|${sys.java.home}|RAW(x)|#bean:y";

    @Test
    void placeholdersAndReferencesInAnInstanceStayPlainText() throws Exception {
        context.getPropertiesComponent().addInitialProperty("oc.test.secret", "resolved-secret");
        ObjectNode json = seed();
        json.put("name", HOSTILE);
        json.putArray("tags").add(HOSTILE);
        ObjectNode configuration = (ObjectNode) json.get("configuration");
        configuration.put("username", HOSTILE);
        configuration.put("password", HOSTILE);
        configuration.put("event.notification.signature.key", HOSTILE);
        ObjectNode contacts = (ObjectNode) configuration.path("event.poller.configuration").path("contacts");
        // the URL's own macros are this component's, not Camel's: an unknown one is refused (see InstanceParserTest)
        String literal = HOSTILE.replace("|${sys.java.home}", "");
        contacts.put("url", contacts.get("url").asText() + "&note=" + literal.replace("|", "%7C").replace("#", "%23"));
        vendor.requireHeader("Authorization", SeedInstanceTest.basic(HOSTILE, HOSTILE));

        routes().add("13", parse(json));
        vendor.put("c-1", "Ada", Instant.now(), Instant.now());
        await().atMost(10, SECONDS).until(() -> callback.accepted().size() == 1);

        assertThat(callback.accepted().get(0).instanceName()).isEqualTo(HOSTILE);
        assertThat(vendor.requests()).allSatisfy(r -> assertThat(r.query().get("note")).isEqualTo(literal));
        String signed = callback.deliveries().get(0).request().header("Elements-Webhook-Signature");
        byte[] body = callback.deliveries().get(0).request().body();
        assertThat(signed).isEqualTo("sha256=" + Base64.getEncoder().encodeToString(
                new HmacSigner("HmacSHA256", HOSTILE.getBytes(StandardCharsets.UTF_8)).sign(body)));
        assertThat(context.getEndpoints()).allSatisfy(e -> assertThat(e.getEndpointUri()).doesNotContain("{{", "${", "RAW("));
    }

    @Test
    void anInstanceIdOrResourceNameThatIsNoPlainWordIsRefused() throws Exception {
        assertThatThrownBy(() -> routes().add("{{env:PATH}}", parse(seed())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a plain word");
        assertThat(context.getRoutes()).isEmpty();
    }

    @Test
    void anInstanceIsPolledNowAndReportsItsHealthThroughItsRoutes() throws Exception {
        ObjectNode json = seed();
        ((ObjectNode) json.get("configuration")).put("event.poller.refresh_interval", 60);
        vendor.clockOffset(java.time.Duration.ofSeconds(-30));
        InstanceRoutes routes = routes();
        routes.add("14", parse(json));
        await().atMost(10, SECONDS).until(() -> vendor.requests().size() >= 1); // the first poll, at start
        int requests = vendor.requests().size();

        assertThat(routes.pollNow("14")).isEqualTo(1);
        await().atMost(10, SECONDS).until(() -> vendor.requests().size() > requests);
        await().atMost(10, SECONDS).until(() -> routes.health("14").get(0).vendorClockSkew() != null);
        assertThat(routes.running("14")).isTrue();
        assertThat(routes.health("14")).singleElement().satisfies(route -> {
            assertThat(route.routeId()).isEqualTo("openconnectors-14-poll-contacts");
            assertThat(route.lastPollFailure()).isNull();
            assertThat(route.vendorClockSkew()).isBetween(java.time.Duration.ofSeconds(-31), java.time.Duration.ofSeconds(-29));
        });

        vendor.failNext(io.openconnectors.camel.test.VendorStub.Answer.status(503));
        routes.pollNow("14");
        await().atMost(10, SECONDS).until(() -> routes.health("14").get(0).lastPollFailure() != null);
        assertThat(routes.health("14").get(0).lastPollFailure()).contains("HTTP 503");
        assertThat(routes.retire("14", "the instance was deleted")).as("no event store: nothing pending").isZero();
        assertThat(routes.pollNow("unknown")).isZero();
        assertThat(routes.running("unknown")).isFalse();
    }

    @Test
    void aReplacementThatCannotStartBringsThePreviousRoutesBack() throws Exception {
        ObjectNode json = seed();
        InstanceRoutes routes = routes();
        routes.add("15", parse(json));
        ObjectNode relative = seed();
        ((ObjectNode) relative.get("configuration")).remove("base.url"); // and no connector base URL: cannot start

        assertThatThrownBy(() -> routes.replace("15", parse(relative), parse(json)))
                .isInstanceOf(InvalidSettingsException.class).hasMessageContaining("neither base.url nor connector");

        assertThat(routes.routeIds("15")).containsExactly("openconnectors-15-poll-contacts");
        assertThat(routes.running("15")).isTrue();
        vendor.put("c-1", "Ada", Instant.now(), Instant.now());
        await().atMost(10, SECONDS).until(() -> callback.accepted().size() == 1);
    }

    @Test
    void manyInstancesAreAddedInBatchesAndOnesThatCannotStartKeepTheOthersRunning() throws Exception {
        Map<String, InstanceDefinition> instances = new LinkedHashMap<>();
        for (int i = 100; i < 400; i++) { // more routes than one batch
            ObjectNode json = seed();
            ((ObjectNode) json.get("configuration")).put("event.poller.refresh_interval", "60");
            instances.put(Integer.toString(i), parse(json));
        }
        ObjectNode relative = seed();
        ((ObjectNode) relative.get("configuration")).remove("base.url"); // and no connector base URL
        instances.put("101", parse(relative));
        // a route of the application holds the id of one instance's route: its whole batch is added again one by one
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:taken").routeId("openconnectors-102-poll-contacts").to("mock:taken");
            }
        });
        InstanceRoutes routes = routes();

        Map<String, Exception> failures = routes.addAll(instances);

        assertThat(failures).containsOnlyKeys("101", "102");
        assertThat(failures.get("101")).hasMessageContaining("neither base.url nor connector");
        assertThat(failures.get("102")).hasMessageContaining("openconnectors-102-poll-contacts exists already");
        assertThat(routes.routeIds("101")).isEmpty();
        assertThat(routes.routeIds("102")).isEmpty();
        assertThat(context.getRoutes()).hasSize(298 + 1);
        assertThat(context.getRouteDefinitions()).hasSize(298 + 1);
        assertThat(instances.keySet()).filteredOn(id -> !id.equals("101") && !id.equals("102")).allMatch(routes::running);
        vendor.put("c-1", "Ada", Instant.now(), Instant.now());
        assertThat(routes.pollNow("399")).isEqualTo(1);
        await().atMost(10, SECONDS).until(() -> callback.accepted().stream().anyMatch(n -> n.instanceId().equals("399")));
    }

    @Test
    void anInstanceWhoseRouteFailsAsItStartsAfterOthersOfItsBatchStartedFailsAloneAndTheOthersRun() throws Exception {
        Map<String, InstanceDefinition> instances = new LinkedHashMap<>();
        for (int i = 500; i < 520; i++) {
            ObjectNode json = seed();
            ((ObjectNode) json.get("configuration")).put("event.poller.refresh_interval", "60");
            instances.put(Integer.toString(i), parse(json));
        }
        // the saved poll window of instance 510 is unreadable: its consumer fails as it starts, after 500..509 started
        context.getComponent("openconnectors", OpenConnectorsComponent.class).defaultStateRepository()
                .setState("openconnectors.poll.510.contacts", "{not json");
        InstanceRoutes routes = routes();

        Map<String, Exception> failures = routes.addAll(instances);

        assertThat(failures).containsOnlyKeys("510");
        assertThat(failures.get("510")).hasMessageContaining("unreadable");
        assertThat(routes.routeIds("510")).isEmpty();
        assertThat(instances.keySet()).filteredOn(id -> !id.equals("510")).allMatch(routes::running);
        assertThat(context.getRoutes()).hasSize(19);
        assertThat(context.getRouteDefinitions()).hasSize(19);
    }

    @Test
    void aResourcePolledBeforeKeepsItsScheduleWhenItsRouteStartsAgain() throws Exception {
        ObjectNode hourly = seed();
        ((ObjectNode) hourly.get("configuration")).put("event.poller.refresh_interval", "60");
        InstanceRoutes routes = routes();
        routes.add("40", parse(hourly));
        await().atMost(10, SECONDS).until(() -> vendor.requests().size() == 1); // a new resource polls at once
        Path windows = dataDir.resolve("windows.dat");
        await().atMost(10, SECONDS).until(() -> Files.exists(windows) && Files.readString(windows).contains("polledAt"));

        routes.remove("40");
        routes.add("40", parse(hourly)); // as after a restart: polled a moment ago, due in an hour
        await().during(3, SECONDS).atMost(5, SECONDS).until(() -> vendor.requests().size() == 1);

        ObjectNode often = seed(); // every 1.2 s: the rest of that since the last poll
        routes.remove("40");
        routes.add("40", parse(often));
        await().atMost(5, SECONDS).until(() -> vendor.requests().size() >= 2);
    }
}
