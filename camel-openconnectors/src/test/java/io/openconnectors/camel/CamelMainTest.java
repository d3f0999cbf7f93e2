package io.openconnectors.camel;

import java.nio.file.Path;
import java.time.Instant;

import io.openconnectors.camel.store.JdbcEventStore;
import io.openconnectors.camel.store.NotificationStatus;
import io.openconnectors.camel.test.CallbackReceiver;
import io.openconnectors.camel.test.LogCapture;
import io.openconnectors.camel.test.RecordedRequest;
import io.openconnectors.camel.test.VendorStub;
import org.apache.camel.main.Main;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The component in a Camel Main application: {@code camel.component.openconnectors.*} properties bind through the
 * generated configurer, and a YAML DSL route polls and delivers.
 */
class CamelMainTest {

    @TempDir
    Path dataDir;

    private final VendorStub vendor = new VendorStub();
    private final CallbackReceiver callback = new CallbackReceiver();
    private final Main main = new Main();

    @AfterEach
    void stop() {
        main.stop();
        vendor.close();
        callback.close();
    }

    @Test
    void yamlRouteWithComponentPropertiesFromCamelMain() throws Exception {
        Path stateFile = dataDir.resolve("main-windows.dat");
        main.addInitialProperty("camel.component.openconnectors.state-file", stateFile.toString());
        main.addInitialProperty("camel.main.routes-include-pattern", "classpath:routes/poll-contacts.yaml");
        main.addInitialProperty("vendor.url", vendor.baseUrl());
        main.addInitialProperty("callback.url", callback.url());
        main.addInitialProperty("callback.key", "yaml-k3y");
        main.start();

        OpenConnectorsComponent component = main.getCamelContext().getComponent("openconnectors", OpenConnectorsComponent.class);
        assertThat(component.getStateFile()).isEqualTo(stateFile.toString());

        await().atMost(10, SECONDS).until(() -> !vendor.requests().isEmpty());
        vendor.put("c-1", "Ada", Instant.now(), Instant.now());
        await().atMost(10, SECONDS).until(() -> !callback.accepted().isEmpty());

        RecordedRequest poll = vendor.requests().get(0);
        assertThat(poll.query().get("where")).matches("lastUpdated>'\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ'");
        assertThat(poll.query().get("pageSize")).isEqualTo("100");
        RecordedRequest post = callback.deliveries().get(0).request();
        assertThat(post.header("Elements-Webhook-Signature")).isEqualTo("sha256=" + SeedInstanceTest.hmac("yaml-k3y", post.body()));
        assertThat(stateFile).exists().content().contains("openconnectors.poll.yaml-crm.contacts=");
    }

    /** Starts the README's YAML route in Camel Main with these extra properties; a callback that refuses at first. */
    private OpenConnectorsComponent startYamlRoute(String... properties) {
        main.addInitialProperty("camel.component.openconnectors.state-file", dataDir.resolve("windows.dat").toString());
        main.addInitialProperty("camel.main.routes-include-pattern", "classpath:routes/poll-contacts.yaml");
        main.addInitialProperty("vendor.url", vendor.baseUrl());
        main.addInitialProperty("callback.url", callback.url());
        main.addInitialProperty("callback.key", "yaml-k3y");
        for (int i = 0; i < properties.length; i += 2) {
            main.addInitialProperty(properties[i], properties[i + 1]);
        }
        callback.failNext(503);
        main.start();
        vendor.put("c-1", "Ada", Instant.now(), Instant.now());
        return main.getCamelContext().getComponent("openconnectors", OpenConnectorsComponent.class);
    }

    @Test
    void aJdbcUrlAloneTurnsDurableDeliveryOnWithItsSchema() throws Exception {
        // a plain H2 URL: the settings the store needs are added to it
        OpenConnectorsComponent component = startYamlRoute("camel.component.openconnectors.jdbc-url",
                "jdbc:h2:file:" + dataDir.resolve("events"), "camel.component.openconnectors.retry-unit", "1");

        await().atMost(10, SECONDS).until(() -> callback.accepted().size() == 1);
        assertThat(component.getEventStore()).isNotNull();
        await().atMost(10, SECONDS).until(() -> component.getEventStore().countByStatus()
                .getOrDefault(NotificationStatus.NOTIFIED, 0L) == 1L);
        assertThat(callback.deliveries()).extracting(CallbackReceiver.Delivery::status).containsExactly(503, 200);
        assertThat(dataDir.resolve("events.mv.db")).exists();
        // the poll window commits with the notifications, in the store: not in the state file
        assertThat(component.getEventStore().stateRepository().getState("openconnectors.poll.yaml-crm.contacts")).isNotNull();
        assertThat(dataDir.resolve("windows.dat")).doesNotExist();
    }

    @Test
    void theRegistrysOnlyDataSourceTurnsDurableDeliveryOnUnlessDurableIsFalse() throws Exception {
        bindAppDatabase();

        OpenConnectorsComponent component = startYamlRoute("camel.component.openconnectors.retry-unit", "1");

        await().atMost(10, SECONDS).until(() -> callback.accepted().size() == 1);
        await().atMost(10, SECONDS).until(() -> component.getEventStore().countByStatus()
                .getOrDefault(NotificationStatus.NOTIFIED, 0L) == 1L);
        assertThat(callback.deliveries()).extracting(CallbackReceiver.Delivery::status).containsExactly(503, 200);
    }

    @Test
    void durableFalseDeliversDirectlyWhateverTheRegistryHolds() throws Exception {
        bindAppDatabase();

        OpenConnectorsComponent component = startYamlRoute("camel.component.openconnectors.durable", "false");

        await().atMost(10, SECONDS).until(() -> callback.accepted().size() == 1);
        assertThat(component.getEventStore()).isNull();
    }

    @Test
    void durableTrueWithoutADatabaseKeepsAnEmbeddedH2FileBesideThePollWindows() throws Exception {
        OpenConnectorsComponent component = startYamlRoute("camel.component.openconnectors.durable", "true",
                "camel.component.openconnectors.retry-unit", "1");

        await().atMost(10, SECONDS).until(() -> callback.accepted().size() == 1);
        assertThat(component.getEventStore()).isNotNull();
        assertThat(dataDir.resolve("openconnectors-events.mv.db")).exists();
    }

    @Test
    void twoDataSourcesAndNoneNamedLeaveDurableDeliveryOffAndSaySo() throws Exception {
        try (LogCapture logs = LogCapture.capture()) {
            bindAppDatabase();
            JdbcDataSource reports = new JdbcDataSource();
            reports.setURL(JdbcEventStore.h2FileUrl(dataDir.resolve("reports")));
            main.bind("reportsDatabase", reports);

            OpenConnectorsComponent component = startYamlRoute();

            await().atMost(10, SECONDS).until(() -> callback.accepted().size() == 1);
            assertThat(component.getEventStore()).isNull();
            assertThat(logs.containing("Durable delivery is off: the registry holds 2 DataSources and none is named"))
                    .hasSize(1);
        }
    }

    /** The application's own database, bound in the registry as an app would. */
    private void bindAppDatabase() {
        JdbcDataSource database = new JdbcDataSource();
        database.setURL(JdbcEventStore.h2FileUrl(dataDir.resolve("app")));
        main.bind("appDatabase", database);
    }
}
