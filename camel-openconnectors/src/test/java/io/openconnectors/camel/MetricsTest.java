package io.openconnectors.camel;

import java.time.Instant;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** With a meter registry in Camel's registry, polls and direct deliveries are counted without any setting. */
class MetricsTest extends PollTestSupport {

    private final MeterRegistry meters = new SimpleMeterRegistry();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        context.getRegistry().bind("meters", meters);
        return context;
    }

    @Test
    void pollsAndDeliveriesAreCountedInTheRegistryFoundInCamel() throws Exception {
        callback.failNext(503);
        startRoute("counted", pollUri(HUB_PATH, ""));
        vendor.put("c-1", "Ada", Instant.now(), Instant.now());

        await().atMost(10, SECONDS).until(() -> callback.accepted().size() == 1);
        await().atMost(10, SECONDS).untilAsserted(() -> {
            assertThat(meters.get("openconnectors.poll.events").tags("instance", "t1", "resource", "contacts").counter().count())
                    .isEqualTo(1);
            assertThat(meters.get("openconnectors.poll").tags("instance", "t1", "outcome", "failure").timer().count())
                    .as("the poll whose delivery failed").isEqualTo(1);
            assertThat(meters.get("openconnectors.delivery.attempt").tags("status", "5xx").timer().count()).isEqualTo(1);
            assertThat(meters.get("openconnectors.notifications").tags("host", callback.baseUrl(), "outcome", "delivered")
                    .counter().count()).isEqualTo(1);
            assertThat(meters.get("openconnectors.delivery.latency").tags("host", callback.baseUrl()).timer().count())
                    .isEqualTo(1);
        });
    }

    @Test
    void withoutPerInstanceTagsInstancesAreSummedUnderAll() throws Exception {
        OpenConnectorsComponent component = context.getComponent("openconnectors", OpenConnectorsComponent.class);
        component.stop(); // the setting is read as the component starts
        component.setMetricsPerInstance(false);
        component.start();
        startRoute("summed", pollUri(HUB_PATH, ""));
        vendor.put("c-1", "Ada", Instant.now(), Instant.now());

        await().atMost(10, SECONDS).until(() -> callback.accepted().size() == 1);
        await().atMost(10, SECONDS).untilAsserted(() -> assertThat(meters.get("openconnectors.poll.events")
                .tags("instance", "all").counter().count()).isEqualTo(1));
        assertThat(meters.find("openconnectors.poll.events").tags("instance", "t1").counter()).isNull();
    }
}
