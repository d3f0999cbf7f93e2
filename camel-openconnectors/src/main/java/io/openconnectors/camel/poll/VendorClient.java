package io.openconnectors.camel.poll;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.openconnectors.camel.http.AnswerRefused;
import io.openconnectors.camel.http.EgressRefusedException;
import io.openconnectors.camel.http.LoggableUrl;
import io.openconnectors.camel.http.RetryAfter;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * GETs pages of the vendor's API and parses them as JSON, turning every way that can fail into a
 * {@link VendorFaultException} with a one-line reason.
 */
final class VendorClient {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final CloseableHttpClient http;
    private final VendorAuth auth;
    private final Clock clock;

    VendorClient(CloseableHttpClient http, VendorAuth auth, Clock clock) {
        this.http = http;
        this.auth = auth;
        this.clock = clock;
    }

    VendorPage get(String url) throws VendorFaultException {
        HttpGet get;
        try {
            get = new HttpGet(URI.create(url));
        } catch (IllegalArgumentException e) {
            throw new VendorFaultException("GET " + withoutQuery(url) + ": not a valid URL", 0, null);
        }
        get.setHeader(HttpHeaders.ACCEPT, "application/json");
        auth.apply(get);
        try {
            return http.execute(get, response -> read(url, response));
        } catch (AnswerRefused e) {
            throw e.failure(VendorFaultException.class);
        } catch (EgressRefusedException e) {
            // refused before connecting: the credentials never left; the fault is the policy's own words
            throw new VendorFaultException(e.getMessage(), 0, null);
        } catch (SocketTimeoutException e) {
            throw new VendorFaultException("GET " + withoutQuery(url) + ": no answer in time (" + e.getMessage() + ")", 0,
                    null);
        } catch (IOException e) {
            throw new VendorFaultException("GET " + withoutQuery(url) + ": " + describe(e), 0, null);
        }
    }

    private VendorPage read(String url, ClassicHttpResponse response) throws IOException {
        int status = response.getCode();
        HttpEntity entity = response.getEntity();
        if (status < 200 || status > 299) {
            EntityUtils.consume(entity);
            Header retryAfterHeader = response.getFirstHeader(HttpHeaders.RETRY_AFTER);
            throw new AnswerRefused(new VendorFaultException(
                    "GET " + withoutQuery(url) + ": HTTP " + status + " " + response.getReasonPhrase()
                                                                      + (retryAfterHeader != null
                                                                              ? " (Retry-After: " + retryAfterHeader.getValue() + ")" : ""),
                    status, retryAfterHeader == null ? null : RetryAfter.parse(retryAfterHeader.getValue(), clock.instant())));
        }
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Header header : response.getHeaders()) {
            headers.putIfAbsent(header.getName(), header.getValue());
        }
        if (entity == null) {
            return new VendorPage(MissingNode.getInstance(), headers, clock.instant());
        }
        try (InputStream body = entity.getContent()) {
            JsonNode json = MAPPER.readTree(body);
            return new VendorPage(json == null ? MissingNode.getInstance() : json, headers, clock.instant());
        } catch (JsonProcessingException e) {
            ContentType type = ContentType.parseLenient(entity.getContentType());
            throw new AnswerRefused(new VendorFaultException(
                    "GET " + withoutQuery(url) + ": HTTP " + status + " but the body is not JSON (Content-Type "
                                                                      + (type == null ? "none" : type.getMimeType()) + ")",
                    status, null));
        }
    }

    /** The URL as logs may show it: neither its query nor its user info, which can carry credentials. */
    static String withoutQuery(String url) {
        int query = url.indexOf('?');
        return LoggableUrl.of(query < 0 ? url : url.substring(0, query)) + (query < 0 ? "" : "?…");
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
