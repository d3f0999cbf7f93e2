package io.openconnectors.gateway;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * The first handler of every request, before the server reads a byte of the body: what can be refused from the
 * request line and headers alone is refused here, at once, and the connection closed, so that no unauthenticated or
 * oversized body ever takes memory.
 * <ul>
 * <li>API calls ({@code /instances...}) need the bearer token before their body is read, declare their length
 * ({@value #API_MAX_BODY} bytes at most), and wait (503) until the instances are restored after a start;</li>
 * <li>webhooks ({@code /events/<key>/<id>}) are refused above their instance's body limit, and answered 503 with
 * {@code Retry-After} (never 404, on which vendors disable an endpoint) while instances are restored or while their
 * instance's routes are not running;</li>
 * <li>health ({@code /observe/health}) says UP or DOWN to anyone, and its details only to a token holder; every other
 * management path needs the token;</li>
 * <li>bodies in memory at once are bounded in bytes ({@code 503} beyond), and a body that does not arrive within the
 * idle timeout is answered 408 and its connection closed;</li>
 * <li>an HTTP/1 connection answered before its body was read is closed rather than read to the end, and a kept-alive
 * one that sends no next request within the idle timeout is closed too (Camel's Vert.x server sets no idle timeout of
 * its own).</li>
 * </ul>
 */
final class RequestGuard implements Handler<RoutingContext> {

    /** Instance bodies are small; anything larger is refused before it is read. */
    static final int API_MAX_BODY = 256 * 1024;

    private static final Pattern WEBHOOK_PATH = Pattern.compile("/events/[^/]+/(\\d{1,18})/?");

    /** What the guard needs to know of one webhook instance. */
    record WebhookTarget(boolean running, int maxBodySize) {
    }

    private final ApiToken token;
    private final long serverMaxBody;
    private final long bodyBudget;
    private final long idleTimeoutMillis;
    private final Function<Long, WebhookTarget> webhooks;
    private final Supplier<Boolean> healthUp;
    private final AtomicLong bodiesInMemory = new AtomicLong();
    /** The timer that closes each kept-alive connection unless it sends its next request in time. */
    private final Map<HttpConnection, Long> idleTimers = new ConcurrentHashMap<>();
    private volatile boolean ready;

    /**
     * @param serverMaxBody the server's own limit, which bounds a body that does not declare its length
     * @param bodyBudget    the most body bytes held at once, over all requests
     * @param idleTimeout   how long a body may take to arrive once the headers are in
     * @param webhooks      the webhook instance behind an id, or {@code null} when there is none
     * @param healthUp      whether every health check is UP (called off the event loop)
     */
    RequestGuard(ApiToken token, long serverMaxBody, long bodyBudget, Duration idleTimeout,
                 Function<Long, WebhookTarget> webhooks, Supplier<Boolean> healthUp) {
        this.token = token;
        this.serverMaxBody = serverMaxBody;
        this.bodyBudget = bodyBudget;
        this.idleTimeoutMillis = idleTimeout.toMillis();
        this.webhooks = webhooks;
        this.healthUp = healthUp;
    }

    /** The instances are restored: API calls and webhooks are let through from now on. */
    void ready() {
        ready = true;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        watchIdle(ctx);
        String path = ctx.normalizedPath();
        long limit;
        if (path.equals("/instances") || path.startsWith("/instances/")) {
            if (!ready) {
                refuse(ctx, 503, "the gateway is starting; retry in a moment", Map.of("Retry-After", "1"));
                return;
            }
            if (!token.accepts(request.getHeader(HttpHeaders.AUTHORIZATION))) {
                refuse(ctx, 401, "a valid Authorization: Bearer token is required", Map.of("WWW-Authenticate", "Bearer"));
                return;
            }
            if (hasBody(request) && declaredLength(request).isEmpty()) {
                refuse(ctx, 411, "the API takes bodies of a declared Content-Length only", Map.of());
                return;
            }
            limit = API_MAX_BODY;
        } else if (path.startsWith("/observe/")) {
            if (!token.accepts(request.getHeader(HttpHeaders.AUTHORIZATION))) {
                if (path.equals("/observe/health") || path.equals("/observe/health/")) {
                    answerStatusOnly(ctx);
                } else {
                    refuse(ctx, 401, "a valid Authorization: Bearer token is required", Map.of("WWW-Authenticate", "Bearer"));
                }
                return;
            }
            limit = API_MAX_BODY;
        } else {
            Matcher webhook = WEBHOOK_PATH.matcher(path);
            limit = serverMaxBody;
            if (webhook.matches()) {
                if (!ready) {
                    refuse(ctx, 503, "the gateway is starting; retry in a moment", Map.of("Retry-After", "1"));
                    return;
                }
                WebhookTarget target = webhooks.apply(Long.parseLong(webhook.group(1)));
                if (target != null && !target.running()) {
                    refuse(ctx, 503, "the instance's events are not running; retry later", Map.of("Retry-After", "30"));
                    return;
                }
                if (target != null) {
                    limit = Math.min(limit, target.maxBodySize());
                }
            }
        }
        admit(ctx, limit);
    }

    /** Lets the request read its body, within {@code limit} and the budget of bodies in memory. */
    private void admit(RoutingContext ctx, long limit) {
        HttpServerRequest request = ctx.request();
        if (!hasBody(request)) {
            ctx.next();
            return;
        }
        OptionalLong declared = declaredLength(request);
        if (declared.isPresent() && declared.getAsLong() > limit) {
            refuse(ctx, 413, "the body has " + declared.getAsLong() + " bytes; at most " + limit + " are accepted", Map.of());
            return;
        }
        long size = declared.orElse(limit);
        if (bodiesInMemory.addAndGet(size) > bodyBudget) {
            bodiesInMemory.addAndGet(-size);
            refuse(ctx, 503, "the gateway is busy; retry in a moment", Map.of("Retry-After", "1"));
            return;
        }
        ctx.addEndHandler(done -> bodiesInMemory.addAndGet(-size));
        long timer = ctx.vertx().setTimer(idleTimeoutMillis, id -> {
            if (!request.isEnded() && !ctx.response().headWritten()) {
                refuse(ctx, 408, "the body did not arrive within " + idleTimeoutMillis + " ms", Map.of());
            }
        });
        ctx.addEndHandler(done -> ctx.vertx().cancelTimer(timer));
        ctx.next();
    }

    /**
     * From this request on, the connection is busy; once it is answered, it may stay silent for the idle timeout, and
     * if it was answered before its body was read, it is closed at once rather than read to the end. For HTTP/1 only:
     * an HTTP/2 connection carries other streams, and its flow control already stops a body nobody reads.
     */
    private void watchIdle(RoutingContext ctx) {
        if (!isHttp1(ctx.request())) {
            return;
        }
        HttpConnection connection = ctx.request().connection();
        Long previous = idleTimers.remove(connection);
        if (previous != null) {
            ctx.vertx().cancelTimer(previous);
        }
        ctx.addEndHandler(done -> {
            if (hasBody(ctx.request()) && !ctx.request().isEnded()) {
                connection.close();
                return;
            }
            idleTimers.put(connection, ctx.vertx().setTimer(idleTimeoutMillis, id -> {
                if (idleTimers.remove(connection, id)) {
                    connection.close();
                }
            }));
        });
    }

    /** Health for those without the token: UP (200) or DOWN (503), nothing else. */
    private void answerStatusOnly(RoutingContext ctx) {
        ctx.vertx().<Boolean>executeBlocking(healthUp::get, false).onComplete(result -> {
            boolean up = result.succeeded() && Boolean.TRUE.equals(result.result());
            ctx.response().setStatusCode(up ? 200 : 503).putHeader("Content-Type", "application/json")
                    .end(JsonNodeFactory.instance.objectNode().put("status", up ? "UP" : "DOWN").toString());
        });
    }

    private static boolean hasBody(HttpServerRequest request) {
        return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null || declaredLength(request).orElse(0) > 0;
    }

    private static OptionalLong declaredLength(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(length.trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.of(Long.MAX_VALUE); // refused as too large
        }
    }

    private static boolean isHttp1(HttpServerRequest request) {
        return request.version() != HttpVersion.HTTP_2;
    }

    /**
     * Answers without reading the body; an HTTP/1 connection is then closed rather than drained of what the client
     * still sends (see {@link #watchIdle}).
     */
    private static void refuse(RoutingContext ctx, int status, String reason, Map<String, String> headers) {
        if (ctx.response().headWritten()) {
            if (isHttp1(ctx.request())) {
                ctx.request().connection().close();
            } else {
                ctx.response().reset();
            }
            return;
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json");
        headers.forEach(ctx.response()::putHeader);
        if (isHttp1(ctx.request()) && hasBody(ctx.request()) && !ctx.request().isEnded()) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        ctx.response().end(JsonNodeFactory.instance.objectNode().put("error", reason).toString());
    }
}
