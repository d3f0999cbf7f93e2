package io.openconnectors.camel.callback;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.Arrays;
import java.util.Objects;

import io.openconnectors.camel.http.EgressRefusedException;
import io.openconnectors.camel.http.LoggableUrl;
import io.openconnectors.camel.http.AnswerRefused;
import io.openconnectors.camel.http.RetryAfter;
import io.openconnectors.camel.signature.ElementsSignature;
import io.openconnectors.camel.signature.HeaderSignature;
import io.openconnectors.camel.signature.StandardWebhooksSignature;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * POSTs serialised notifications to one callback URL, signing exactly the bytes it sends. Thread-safe.
 */
public final class CallbackSender {

    private final CloseableHttpClient http;
    private final URI url;
    private final SignatureStyle style;
    private final HeaderSignature elements;
    private final StandardWebhooksSignature standard;
    private final Clock clock;
    /** What this sender delivers to: two senders with the same target are interchangeable. */
    private final Object target;

    /**
     * @param secret the HMAC key, or {@code null} to send unsigned notifications
     */
    public CallbackSender(CloseableHttpClient http, URI url, String secret, SignatureStyle style, Clock clock) {
        this.http = Objects.requireNonNull(http);
        this.url = Objects.requireNonNull(url);
        this.style = Objects.requireNonNull(style);
        this.clock = clock;
        this.target = Arrays.asList(url, style, secret);
        boolean signed = secret != null && !secret.isEmpty();
        this.elements = signed && style != SignatureStyle.standardWebhooks ? ElementsSignature.of(secret) : null;
        this.standard = signed && style != SignatureStyle.elements ? new StandardWebhooksSignature(secret) : null;
    }

    /**
     * Delivers one notification.
     *
     * @param  eventId                  the notification's id, sent as {@code Elements-Webhook-Id} (and {@code webhook-id})
     * @param  body                     the exact JSON bytes
     * @return                          the 2xx status the callback answered
     * @throws CallbackFailedException on any other answer, a timeout or a connection failure; when the egress policy
     *                                 refused the connection, its message is the policy's (nothing was sent)
     */
    public int send(String eventId, byte[] body) throws CallbackFailedException {
        HttpPost post = new HttpPost(url);
        post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
        post.setHeader(ElementsSignature.ID_HEADER, eventId);
        if (elements != null) {
            post.setHeader(ElementsSignature.HEADER, elements.sign(body));
        }
        if (style != SignatureStyle.elements) {
            long timestamp = clock.instant().getEpochSecond();
            post.setHeader(StandardWebhooksSignature.ID_HEADER, eventId);
            post.setHeader(StandardWebhooksSignature.TIMESTAMP_HEADER, Long.toString(timestamp));
            if (standard != null) {
                post.setHeader(StandardWebhooksSignature.SIGNATURE_HEADER, standard.sign(eventId, timestamp, body));
            }
        }
        try {
            return http.execute(post, response -> {
                EntityUtils.consume(response.getEntity());
                int status = response.getCode();
                if (status >= 200 && status < 300) {
                    return status;
                }
                Header retryAfter = response.getFirstHeader(HttpHeaders.RETRY_AFTER);
                throw new AnswerRefused(new CallbackFailedException(eventId,
                        "Callback " + host() + " answered HTTP " + status + " to notification " + eventId, status,
                        retryAfter == null ? null : RetryAfter.parse(retryAfter.getValue(), clock.instant()), null));
            });
        } catch (AnswerRefused e) {
            throw e.failure(CallbackFailedException.class);
        } catch (EgressRefusedException e) {
            // the policy's own words, as the delivery history shows them: the host and the rule, nothing resolved
            throw new CallbackFailedException(eventId, e.getMessage(), 0, null, e);
        } catch (IOException e) {
            throw new CallbackFailedException(eventId, "Callback " + host() + " not reached for notification " + eventId
                                                       + ": " + e.getClass().getSimpleName()
                                                       + (e.getMessage() == null ? "" : " " + e.getMessage()),
                    0, null, e);
        }
    }

    /** Whether this sender delivers to the same URL, with the same signature, as {@code other}. */
    boolean sameTarget(CallbackSender other) {
        return target.equals(other.target);
    }

    /** The callback's scheme, host and port: its user info, path and query may carry tokens. */
    public String host() {
        return LoggableUrl.origin(url);
    }
}
