package io.openconnectors.camel;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.openconnectors.camel.event.ChangeEvent;
import io.openconnectors.camel.test.LogCapture;
import io.openconnectors.camel.test.RecordedRequest;
import io.openconnectors.camel.test.VendorStub.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every way the vendor can fail a poll: no events, the window unchanged (what changed before the fault arrives once it
 * passes), one clear log line without a stack trace.
 */
class VendorFaultTest extends PollTestSupport {

    static Stream<Arguments> faults() {
        return Stream.of(
                Arguments.of(Answer.status(500), "HTTP 500"),
                Arguments.of(Answer.status(401), "HTTP 401"),
                Arguments.of(new Answer(200, "text/plain", "all good", Map.of()), "the body is not JSON (Content-Type text/plain)"),
                Arguments.of(new Answer(200, "text/html", "<!DOCTYPE html><html><body>Maintenance</body></html>", Map.of()),
                        "the body is not JSON (Content-Type text/html)"),
                Arguments.of(new Answer(502, "text/html", "<html><body>Bad gateway</body></html>", Map.of()), "HTTP 502"),
                Arguments.of(new Answer(200, "application/json", "{\"contacts\": []}", Map.of()),
                        "the body is not a JSON array (set recordsField to the array's path)"));
    }

    @ParameterizedTest
    @MethodSource("faults")
    void aFaultGivesNoEventsKeepsTheWindowAndLogsOneLine(Answer fault, String expectedReason) throws Exception {
        try (LogCapture logs = LogCapture.capture()) {
            vendor.failNext(fault, fault, fault);
            startRoute("faulty", pollUri(HUB_PATH, ""));
            vendor.put("c-1", "Ada", Instant.now(), Instant.now());

            await().atMost(10, SECONDS).until(() -> !callback.accepted().isEmpty());

            assertThat(callback.deliveries()).hasSize(1);
            assertThat(callback.accepted().get(0).events()).extracting(ChangeEvent::objectId).containsExactly("c-1");
            List<LogCapture.Line> lines = logs.containing("Poll of instance 't1' resource 'contacts' failed");
            assertThat(lines).hasSize(3).allSatisfy(line -> {
                assertThat(line.message()).contains(expectedReason).contains("/hubs/crm/contacts?…")
                        .doesNotContain("lastUpdated");
                assertThat(line.thrown()).isNull();
            });
        }
    }

    @Test
    void tooManyRequestsHoldsPollsBackUntilRetryAfter() throws Exception {
        vendor.failNext(new Answer(429, "application/json", "{}", Map.of("Retry-After", "2")));
        startRoute("limited", pollUri(HUB_PATH, ""));
        vendor.put("c-1", "Ada", Instant.now(), Instant.now());

        await().atMost(10, SECONDS).until(() -> !callback.accepted().isEmpty());

        List<RecordedRequest> requests = vendor.requests();
        Duration wait = Duration.between(requests.get(0).receivedAt(), requests.get(1).receivedAt());
        assertThat(wait).isGreaterThanOrEqualTo(Duration.ofMillis(1900)); // polls every 100 ms otherwise
    }

    @Test
    void aVendorThatDoesNotAnswerInTimeFailsThePoll() throws Exception {
        try (LogCapture logs = LogCapture.capture()) {
            vendor.holdAnswers();
            startRoute("slow", pollUri(HUB_PATH, "responseTimeout=300"));
            vendor.put("c-1", "Ada", Instant.now(), Instant.now());

            await().atMost(10, SECONDS).until(() -> !logs.containing("no answer in time").isEmpty());
            vendor.releaseAnswers();
            await().atMost(10, SECONDS).until(() -> !callback.accepted().isEmpty());

            assertThat(callback.accepted().get(0).events()).extracting(ChangeEvent::objectId).containsExactly("c-1");
            assertThat(logs.containing("no answer in time").get(0).thrown()).isNull();
        }
    }

    @Test
    void aVendorThatIsDownFailsThePoll() throws Exception {
        try (LogCapture logs = LogCapture.capture()) {
            startRoute("down", "openconnectors:poll:contacts?instanceId=t1&url=RAW(http://127.0.0.1:1/contacts)"
                               + "&updatedDateField=updated&delay=100&initialDelay=0");

            await().atMost(10, SECONDS).until(() -> !logs.containing("Poll of instance 't1' resource 'contacts' failed").isEmpty());
            assertThat(logs.containing("Poll of instance 't1' resource 'contacts' failed").get(0).message())
                    .contains("GET http://127.0.0.1:1/contacts: HttpHostConnectException");
        }
    }
}
