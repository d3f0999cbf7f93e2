package io.openconnectors.camel.http;

import java.time.Duration;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.util.Timeout;

/**
 * Builds the pooled Apache HttpClient 5 instances the endpoints keep for their lifetime: one per endpoint, never one
 * per request.
 */
public final class PooledHttpClients {

    static final String USER_AGENT = "camel-openconnectors";

    private PooledHttpClients() {
    }

    /**
     * @param connectTimeout  how long to wait for a TCP connection
     * @param responseTimeout how long the answer may stay silent once the request is sent (between packets)
     * @param maxPerHost      connections kept per host; requests beyond it wait for a free one
     * @param egress          which addresses connections may be opened to, checked on each address connected to
     */
    public static CloseableHttpClient create(Duration connectTimeout, Duration responseTimeout, int maxPerHost,
                                             EgressPolicy egress) {
        ConnectionConfig connection = ConnectionConfig.custom()
                .setConnectTimeout(Timeout.of(connectTimeout))
                .setSocketTimeout(Timeout.of(responseTimeout))
                .build();
        RequestConfig request = RequestConfig.custom()
                .setResponseTimeout(Timeout.of(responseTimeout))
                // waiting for a free pooled connection is bounded like waiting for a new one
                .setConnectionRequestTimeout(Timeout.of(connectTimeout))
                .build();
        return HttpClients.custom()
                .setConnectionManager(new EgressConnections(egress)
                        .setDefaultConnectionConfig(connection)
                        .setMaxConnPerRoute(maxPerHost)
                        .setMaxConnTotal(Math.max(maxPerHost, 20) * 4)
                        .build())
                .setDefaultRequestConfig(request)
                .setUserAgent(USER_AGENT)
                // retries are the caller's business: the poll window and the delivery schedule decide them
                .disableAutomaticRetries()
                // a redirected POST would be re-sent as a GET without its body, and credentials would follow to
                // another host: a 3xx is an answer like any other. Keep it so: there is then no redirect hop whose
                // target the egress policy must judge (it would still hold, as it checks every connection opened)
                .disableRedirectHandling()
                .build();
    }
}
