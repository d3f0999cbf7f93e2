package io.openconnectors.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The guard in front of a real Vert.x server on loopback, talked to over raw sockets: what it refuses, it refuses from
 * the headers alone, before the client has sent its body.
 */
class RequestGuardTest {

    private static final String TOKEN = "guard-test-token";
    private static final long SERVER_MAX = 1024 * 1024;
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)content-length: *(\\d+)");

    private final Vertx vertx = Vertx.vertx();
    private final AtomicInteger bodiesRead = new AtomicInteger();
    private final Map<Long, RequestGuard.WebhookTarget> webhooks = new ConcurrentHashMap<>();
    private volatile boolean healthy = true;
    private RequestGuard guard;
    private HttpServer server;

    @BeforeEach
    void startServer() throws Exception {
        guard = new RequestGuard(ApiToken.configured(TOKEN), SERVER_MAX, 3 * 1024 * 1024, Duration.ofMillis(500),
                webhooks::get, () -> healthy);
        Router router = Router.router(vertx);
        router.route().order(Integer.MIN_VALUE).handler(guard);
        router.route().handler(BodyHandler.create().setBodyLimit(SERVER_MAX));
        router.route().handler(ctx -> {
            bodiesRead.incrementAndGet();
            ctx.response().end("read " + Math.max(0, ctx.body().length()));
        });
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stopServer() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void untilTheInstancesAreRestoredApiCallsAndWebhooksWait() throws Exception {
        String api = exchange("GET /instances HTTP/1.1\r\nAuthorization: Bearer " + TOKEN + "\r\n", 0);
        String webhook = exchange("POST /events/crm/7 HTTP/1.1\r\nContent-Length: 2\r\n", 2);
        guard.ready();
        String after = exchange("POST /events/crm/7 HTTP/1.1\r\nContent-Length: 2\r\n", 2);

        assertThat(api).startsWith("HTTP/1.1 503").containsIgnoringCase("retry-after: 1");
        assertThat(webhook).startsWith("HTTP/1.1 503").containsIgnoringCase("retry-after: 1");
        assertThat(after).startsWith("HTTP/1.1 200").endsWith("read 2");
    }

    @Test
    void anUnauthenticatedApiCallIsRefusedBeforeItsBodyIsSent() throws Exception {
        guard.ready();

        // 15 MiB declared, not one byte of it sent: the answer comes anyway, and the connection closes
        String answer = exchange("POST /instances HTTP/1.1\r\nContent-Length: 15728640\r\n", 0);

        assertThat(answer).startsWith("HTTP/1.1 401").containsIgnoringCase("www-authenticate: Bearer").containsIgnoringCase("connection: close");
        assertThat(bodiesRead).hasValue(0);
    }

    @Test
    void bodiesOverTheirPathsLimitAreRefusedFromTheDeclaredLength() throws Exception {
        guard.ready();
        webhooks.put(7L, new RequestGuard.WebhookTarget(true, 1000));

        String api = exchange("POST /instances HTTP/1.1\r\nAuthorization: Bearer " + TOKEN + "\r\nContent-Length: 262145\r\n", 0);
        String webhook = exchange("POST /events/crm/7 HTTP/1.1\r\nContent-Length: 1001\r\n", 0);
        String chunkedApi = exchange("POST /instances HTTP/1.1\r\nAuthorization: Bearer " + TOKEN
                                     + "\r\nTransfer-Encoding: chunked\r\n", 0);

        assertThat(api).startsWith("HTTP/1.1 413").contains("the body has 262145 bytes; at most 262144 are accepted");
        assertThat(webhook).startsWith("HTTP/1.1 413").contains("at most 1000 are accepted");
        assertThat(chunkedApi).startsWith("HTTP/1.1 411");
        assertThat(bodiesRead).hasValue(0);
    }

    @Test
    void aWebhookWhoseInstanceDoesNotRunIsAskedToComeBackNotToldNotFound() throws Exception {
        guard.ready();
        webhooks.put(8L, new RequestGuard.WebhookTarget(false, 1000));

        assertThat(exchange("POST /events/crm/8 HTTP/1.1\r\nContent-Length: 2\r\n", 2))
                .startsWith("HTTP/1.1 503").containsIgnoringCase("retry-after: 30").contains("the instance's events are not running");
    }

    @Test
    void bodiesInMemoryAtOnceStayWithinTheBudget() throws Exception {
        guard.ready();
        // three clients each declare 1 MiB and send half of it: the budget (3 MiB) is full
        List<Socket> holding = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.actualPort());
            holding.add(socket);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /other HTTP/1.1\r\nHost: x\r\nContent-Length: " + SERVER_MAX + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[(int) SERVER_MAX / 2]);
            out.flush();
        }
        String fourth = exchange("POST /other HTTP/1.1\r\nContent-Length: 10\r\n", 10);
        holding.forEach(RequestGuardTest::close);

        assertThat(fourth).startsWith("HTTP/1.1 503").contains("the gateway is busy");
        // the held ones gave up: their share of the budget comes back
        await().atMost(10, TimeUnit.SECONDS)
                .until(() -> exchange("POST /other HTTP/1.1\r\nContent-Length: 10\r\n", 10).startsWith("HTTP/1.1 200"));
    }

    @Test
    void aBodyThatDoesNotArriveInTimeIsAnswered408AndItsConnectionClosed() throws Exception {
        guard.ready();

        String answer = exchange("POST /other HTTP/1.1\r\nContent-Length: 100\r\n", 10);

        assertThat(answer).startsWith("HTTP/1.1 408").contains("the body did not arrive within 500 ms");
        assertThat(bodiesRead).hasValue(0);
    }

    @Test
    void aKeptAliveConnectionThatSendsNothingMoreIsClosedAfterTheIdleTimeout() throws Exception {
        guard.ready();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.actualPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /other HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String first = readResponse(socket.getInputStream());
            long answered = System.nanoTime();

            assertThat(first).startsWith("HTTP/1.1 200");
            assertThat(socket.getInputStream().read()).as("closed by the gateway").isEqualTo(-1);
            assertThat((System.nanoTime() - answered) / 1_000_000).isBetween(400L, 5_000L);
        }
    }

    @Test
    void aConnectionAnsweredBeforeItsBodyArrivedIsClosedNotReadToTheEnd() throws Exception {
        guard.ready();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.actualPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /instances HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000\r\n\r\n{")
                    .getBytes(StandardCharsets.US_ASCII));

            assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 401");
            assertThat(socket.getInputStream().read()).as("closed by the gateway").isEqualTo(-1);
        }
    }

    @Test
    void healthWithoutTheTokenSaysUpOrDownOnlyAndEveryOtherManagementPathNeedsIt() throws Exception {
        String up = exchange("GET /observe/health?data=true HTTP/1.1\r\n", 0);
        healthy = false;
        String down = exchange("GET /observe/health HTTP/1.1\r\n", 0);
        String other = exchange("GET /observe/info HTTP/1.1\r\n", 0);
        String withToken = exchange("GET /observe/health?data=true HTTP/1.1\r\nAuthorization: Bearer " + TOKEN + "\r\n", 0);

        assertThat(up).startsWith("HTTP/1.1 200").endsWith("{\"status\":\"UP\"}");
        assertThat(down).startsWith("HTTP/1.1 503").endsWith("{\"status\":\"DOWN\"}");
        assertThat(other).startsWith("HTTP/1.1 401");
        assertThat(withToken).startsWith("HTTP/1.1 200").endsWith("read 0"); // on to the real health endpoint
    }

    @Test
    void aFloodOfUnauthenticatedLargeBodiesIsAnsweredWithoutReadingThemAndHealthStaysAnswered() throws Exception {
        guard.ready();
        ExecutorService clients = Executors.newFixedThreadPool(64);
        try {
            List<CompletableFuture<String>> flood = new ArrayList<>();
            for (int i = 0; i < 256; i++) {
                flood.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return exchange("POST /instances HTTP/1.1\r\nContent-Length: 15728640\r\n", 0);
                    } catch (IOException e) {
                        return e.toString();
                    }
                }, clients));
            }
            String health = exchange("GET /observe/health HTTP/1.1\r\n", 0);

            assertThat(health).startsWith("HTTP/1.1 200");
            assertThat(flood).allSatisfy(f -> assertThat(f.get(30, TimeUnit.SECONDS)).startsWith("HTTP/1.1 401"));
            assertThat(bodiesRead).hasValue(0);
        } finally {
            clients.shutdownNow();
        }
    }

    /**
     * Sends the request line and headers, then {@code bodyBytes} bytes of body, and reads the answer until the server
     * closes or has sent a whole response.
     */
    private String exchange(String head, int bodyBytes) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.actualPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "Host: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[bodyBytes]);
            out.flush();
            return readResponse(socket.getInputStream());
        }
    }

    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) > 0;) {
            answer.write(buffer, 0, n);
            String text = answer.toString(StandardCharsets.UTF_8);
            int headEnd = text.indexOf("\r\n\r\n");
            Matcher length = CONTENT_LENGTH.matcher(text);
            if (headEnd >= 0 && length.find() && answer.size() >= headEnd + 4 + Integer.parseInt(length.group(1))) {
                break;
            }
        }
        return answer.toString(StandardCharsets.UTF_8);
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a test client
        }
    }
}
