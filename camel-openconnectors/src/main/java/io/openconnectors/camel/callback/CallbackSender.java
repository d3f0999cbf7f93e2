package io.openconnectors.camel.callback;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.Objects;

import io.openconnectors.camel.http.EgressRefusedException;
import io.openconnectors.camel.http.LoggableUrl;
import io.openconnectors.camel.http.AnswerRefused;
import io.openconnectors.camel.http.RetryAfter;
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
    private final CallbackSigner signer;
    private final Clock clock;

    public CallbackSender(CloseableHttpClient http, URI url, CallbackSigner signer, Clock clock) {
        this.http = Objects.requireNonNull(http);
        this.url = Objects.requireNonNull(url);
        this.signer = Objects.requireNonNull(signer);
        this.clock = clock;
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
        signer.sign(post, eventId, body);
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
                    0, null, null);
        }
    }

    /** Whether this sender delivers to the same URL, with the same signature, as {@code other}. */
    boolean sameTarget(CallbackSender other) {
        return url.equals(other.url) && signer.signsLike(other.signer);
    }

    /** The callback's scheme, host and port: its user info, path and query may carry tokens. */
    public String host() {
        return LoggableUrl.origin(url);
    }
}
