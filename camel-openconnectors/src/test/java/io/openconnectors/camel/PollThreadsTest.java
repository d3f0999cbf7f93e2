package io.openconnectors.camel;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

import io.openconnectors.camel.event.EventNotification;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static java.util.concurrent.TimeUnit.HOURS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.awaitility.Awaitility.await;

/**
 * Poll consumers share the component's few threads, however many instances there are.
 */
class PollThreadsTest extends PollTestSupport {

    @Test
    void manyConsumersPollOnTheComponentsSharedThreads() throws Exception {
        component().setPollThreads(2);
        vendor.put("c-1", "Ada", Instant.now(), Instant.now());
        Set<String> pollingThreads = ConcurrentHashMap.newKeySet();
        for (int i = 1; i <= 20; i++) {
            String uri = pollUri(HUB_PATH, "").replace("instanceId=t1", "instanceId=i" + i);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(uri).process(exchange -> pollingThreads.add(Thread.currentThread().getName())).to(callbackUri());
                }
            });
        }

        await().atMost(20, SECONDS).until(() -> callback.accepted().stream().map(EventNotification::instanceId)
                .distinct().count() == 20);
        assertThat(pollingThreads).hasSizeBetween(1, 2).allSatisfy(name -> assertThat(name).contains("openconnectors-poll"));
    }

    @Test
    void theSharedSchedulerTakesMoreThanAThousandConsumers() {
        component().setPollThreads(2);
        ScheduledExecutorService scheduler = component().pollScheduler();

        // one periodic task per consumer: Camel's default queue bound would refuse the 1,001st
        assertThatNoException().isThrownBy(() -> {
            for (int i = 0; i < 1_500; i++) {
                scheduler.scheduleWithFixedDelay(() -> {
                }, 1, 1, HOURS);
            }
        });
    }

    private OpenConnectorsComponent component() {
        return context.getComponent("openconnectors", OpenConnectorsComponent.class);
    }
}
