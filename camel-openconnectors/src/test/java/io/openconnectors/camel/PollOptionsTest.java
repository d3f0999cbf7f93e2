package io.openconnectors.camel;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import io.openconnectors.camel.event.ChangeEvent;
import io.openconnectors.camel.event.EventNotification;
import io.openconnectors.camel.test.RecordedRequest;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Authentication, paging styles, schedulers and the saved window across a restart.
 */
class PollOptionsTest extends PollTestSupport {

    @Test
    void bearerTokenAuthentication() throws Exception {
        vendor.requireHeader("Authorization", "Bearer t0k3n");
        startRoute("bearer", pollUri(HUB_PATH, "accessToken=RAW(t0k3n)"));
        vendor.put("c-1", "Ada", Instant.now(), Instant.now());

        await().atMost(10, SECONDS).until(() -> !callback.accepted().isEmpty());
    }

    @Test
    void apiKeyHeaderAuthentication() throws Exception {
        vendor.requireHeader("X-Api-Token", "k-123");
        startRoute("apikey", pollUri(HUB_PATH, "apiKey=RAW(k-123)&apiKeyHeader=X-Api-Token"));
        vendor.put("c-1", "Ada", Instant.now(), Instant.now());

        await().atMost(10, SECONDS).until(() -> !callback.accepted().isEmpty());
    }

    @Test
    void wrongCredentialsAreAVendorFault() throws Exception {
        vendor.requireHeader("Authorization", SeedInstanceTest.basic("u", "right"));
        startRoute("wrong", pollUri(HUB_PATH, "username=u&password=RAW(wrong)"));
        vendor.put("c-1", "Ada", Instant.now(), Instant.now());

        await().atMost(10, SECONDS).until(() -> vendor.requests().size() >= 3);
        assertThat(callback.deliveries()).isEmpty();
    }

    @Test
    void offsetPaging() throws Exception {
        putContacts(12);
        startRoute("offset", pollUri("/offset/contacts", "paging=offset&pageSize=5&backfillFrom=" + Instant.now().minusSeconds(60)));

        assertEventsFor(12);
        List<RecordedRequest> firstPoll = vendor.requests().subList(0, 3);
        assertThat(firstPoll).extracting(r -> r.query().get("offset")).containsExactly("0", "5", "10");
        assertThat(firstPoll).extracting(r -> r.query().get("limit")).containsOnly("5");
    }

    @Test
    void linkHeaderPaging() throws Exception {
        putContacts(8);
        startRoute("link", pollUri("/link/contacts?since=${epoch:s}", "paging=link&backfillFrom=" + Instant.now().minusSeconds(60)));

        assertEventsFor(8);
        assertThat(vendor.requests().subList(0, 3)).extracting(r -> r.query().get("page")).containsExactly(null, "1", "2");
    }

    @Test
    void nextPageTokenInTheBody() throws Exception {
        putContacts(10);
        startRoute("body", pollUri("/body/contacts", "recordsField=results&nextPageTokenField=paging.next&nextPageParam=after"
                                                     + "&backfillFrom=" + Instant.now().minusSeconds(60)));

        assertEventsFor(10);
        assertThat(vendor.requests().subList(0, 3)).extracting(r -> r.query().get("after")).containsExactly(null, "4", "8");
    }

    @Test
    void fractionalMinutesAndCronSchedules() throws Exception {
        startRoute("cron", pollUri(HUB_PATH, "scheduler=quartz&scheduler.cron=0/1+*+*+*+*+?&scheduler.triggerId=t1-contacts"));
        vendor.put("c-1", "Ada", Instant.now(), Instant.now());

        await().atMost(10, SECONDS).until(() -> !callback.accepted().isEmpty());
        await().atMost(10, SECONDS).until(() -> vendor.requests().size() >= 3);
        List<RecordedRequest> requests = vendor.requests();
        // a cron of every second, not the 100 ms delay
        assertThat(java.time.Duration.between(requests.get(1).receivedAt(), requests.get(2).receivedAt()))
                .isGreaterThan(java.time.Duration.ofMillis(500));
    }

    @Test
    void theWindowSurvivesARestart() throws Exception {
        Path stateFile = dataDir.resolve("restart.dat");
        vendor.put("before-start", "Old", Instant.now().minusSeconds(3600), Instant.now().minusSeconds(3600));

        try (DefaultCamelContext first = contextWithState(stateFile)) {
            first.start();
            await().atMost(10, SECONDS).until(() -> vendor.requests().size() >= 2);
            vendor.put("while-up", "Up", Instant.now(), Instant.now());
            await().atMost(10, SECONDS).until(() -> callback.accepted().size() == 1);
        }
        vendor.put("while-down", "Down", Instant.now(), Instant.now());
        try (DefaultCamelContext second = contextWithState(stateFile)) {
            second.start();
            await().atMost(10, SECONDS).until(() -> callback.accepted().size() == 2);
            int requestsSoFar = vendor.requests().size();
            await().atMost(10, SECONDS).until(() -> vendor.requests().size() >= requestsSoFar + 3);
        }

        assertThat(callback.accepted()).flatExtracting(EventNotification::events).extracting(ChangeEvent::objectId)
                .containsExactly("while-up", "while-down");
    }

    private DefaultCamelContext contextWithState(Path stateFile) throws Exception {
        DefaultCamelContext camel = new DefaultCamelContext();
        OpenConnectorsComponent component = new OpenConnectorsComponent();
        component.setStateFile(stateFile.toString());
        camel.addComponent("openconnectors", component);
        String from = pollUri(HUB_PATH, "");
        String to = callbackUri();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(from).to(to);
            }
        });
        return camel;
    }

    private void putContacts(int count) {
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            vendor.put(String.format("c-%02d", i), "Contact " + i, now.minusSeconds(120), now.minusSeconds(30));
        }
    }

    private void assertEventsFor(int count) {
        await().atMost(10, SECONDS)
                .until(() -> callback.accepted().stream().mapToInt(n -> n.events().size()).sum() >= count);
        int requestsSoFar = vendor.requests().size();
        await().atMost(10, SECONDS).until(() -> vendor.requests().size() >= requestsSoFar + 3);
        assertThat(callback.accepted()).flatExtracting(EventNotification::events).extracting(ChangeEvent::objectId)
                .hasSize(count).doesNotHaveDuplicates();
    }
}
