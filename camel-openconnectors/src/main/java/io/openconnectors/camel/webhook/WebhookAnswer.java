package io.openconnectors.camel.webhook;

import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the vendor gets back: a status and a short body, JSON or (for handshakes) the plain challenge. Never an
 * exception's text or a stack trace.
 */
record WebhookAnswer(int status, String contentType, String body) {

    static WebhookAnswer error(int status, String reason) {
        ObjectNode json = JsonNodeFactory.instance.objectNode().put("error", reason);
        return new WebhookAnswer(status, "application/json", json.toString());
    }

    static WebhookAnswer accepted(List<String> eventIds) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        eventIds.forEach(json.putArray("eventIds")::add);
        return new WebhookAnswer(200, "application/json", json.toString());
    }

    static WebhookAnswer challenge(String value) {
        return new WebhookAnswer(200, "text/plain", value);
    }

    /**
     * How the metrics name this answer: {@code accepted}, {@code handshake}, {@code refused} (the request's fault) or
     * {@code error} (ours: the vendor should send it again).
     */
    String outcome() {
        if (status >= 500) {
            return "error";
        }
        return status >= 300 ? "refused" : contentType.equals("text/plain") ? "handshake" : "accepted";
    }

    /** Why a request was refused, for the metrics; {@code none} when it was not. */
    String reason() {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "signature";
            case 403 -> "verify_token";
            case 405 -> "method";
            case 413 -> "too_large";
            case 500 -> "failed";
            default -> status >= 300 ? "status_" + status : "none";
        };
    }
}
