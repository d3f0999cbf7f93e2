package io.openconnectors.camel;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.openconnectors.camel.store.JdbcEventStore;
import io.openconnectors.camel.test.CallbackReceiver;
import io.openconnectors.camel.test.Databases;
import io.openconnectors.camel.test.Notifications;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One slow callback host never delays another: with five callback hosts that accept the connection and never answer,
 * and their backlog stored ahead of the healthy host's notifications, the healthy host is served at once, with the
 * component's default threads and per-host bound.
 */
class HostIsolationTest {

    private static final int HANGING = 5;

    @TempDir
    Path folder;

    private final CallbackReceiver healthy = new CallbackReceiver();
    private final List<CallbackReceiver> hanging = new ArrayList<>();
    private DataSource dataSource;
    private DefaultCamelContext camel;

    @AfterEach
    void stop() throws Exception {
        hanging.forEach(CallbackReceiver::releaseAnswers);
        if (camel != null) {
            camel.close();
        }
        healthy.close();
        for (CallbackReceiver receiver : hanging) {
            receiver.close();
        }
        Databases.H2.drop(dataSource);
    }

    @Test
    void aHealthyHostIsServedWhileFiveOthersHang() throws Exception {
        for (int i = 0; i < HANGING; i++) {
            CallbackReceiver receiver = new CallbackReceiver();
            receiver.holdAnswers();
            hanging.add(receiver);
        }
        start();
        ProducerTemplate producer = camel.createProducerTemplate();
        for (int i = 0; i < HANGING; i++) {
            for (int n = 0; n < 20; n++) {
                producer.sendBody("direct:hang-" + i, Notifications.contactCreated("h" + i + "-" + n, "i-h" + i));
            }
        }
        await().atMost(10, SECONDS).until(() -> hanging.stream().allMatch(receiver -> !receiver.requests().isEmpty()));

        Instant sent = Instant.now();
        for (int n = 0; n < 20; n++) {
            producer.sendBody("direct:healthy", Notifications.contactCreated("ok-" + n, "i-ok"));
        }

        // each hanging host holds its answer for 20 s (the response timeout): the healthy one must not wait for them
        await().atMost(10, SECONDS).until(() -> healthy.accepted().size() == 20);
        assertThat(Duration.between(sent, Instant.now())).isLessThan(Duration.ofSeconds(10));
        assertThat(hanging).as("a host that never answered got one delivery at a time")
                .allSatisfy(receiver -> assertThat(receiver.requests()).hasSize(1));
    }

    private void start() throws Exception {
        dataSource = Databases.H2.create(folder);
        JdbcEventStore store = new JdbcEventStore(dataSource);
        store.migrate();
        camel = new DefaultCamelContext();
        OpenConnectorsComponent component = new OpenConnectorsComponent();
        component.setEventStore(store);
        camel.addComponent("openconnectors", component);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:healthy").to("openconnectors:callback:healthy?callbackUrl=" + healthy.url());
                for (int i = 0; i < HANGING; i++) {
                    from("direct:hang-" + i).to("openconnectors:callback:hang-" + i + "?responseTimeout=20000&callbackUrl="
                                                + hanging.get(i).url());
                }
            }
        });
        camel.start();
    }
}
