package io.openconnectors.gateway;

import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * Makes the HTTP server's own refusals JSON like every other answer of the gateway: a request no route takes (no
 * such path, or a method an API path does not take) and a body over the server's limit.
 */
final class JsonErrorPages {

    /** The API's paths, to tell a wrong method (405) from a wrong path (404). */
    private static final Pattern API_PATH = Pattern.compile("/instances(/[^/]+(/events(/poll)?)?|/events/[^/]+)?/?");

    private JsonErrorPages() {
    }

    static void install(CamelContext context, int port) {
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(context, VertxPlatformHttpRouter.getRouterNameFromPort(port));
        // after every route, also those instances add later: only what nothing else took arrives here
        router.route().last().handler(JsonErrorPages::unrouted);
        router.errorHandler(413, ctx -> answer(ctx, 413, "the body is larger than the server accepts"));
    }

    private static void unrouted(RoutingContext ctx) {
        String path = ctx.request().path();
        if (API_PATH.matcher(path).matches()) {
            answer(ctx, 405, ctx.request().method() + " is not allowed on " + path);
        } else {
            answer(ctx, 404, "no such resource: " + path);
        }
    }

    private static void answer(RoutingContext ctx, int status, String reason) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(JsonNodeFactory.instance.objectNode().put("error", reason).toString());
    }
}
