package io.openconnectors.camel.http;

import java.io.IOException;

import io.openconnectors.camel.http.EgressPolicy.Refusal;

/**
 * The {@link EgressPolicy} refused a connection before it was opened: nothing was sent. Its message,
 * {@code refused by egress policy: <host> (<reason>)}, names the host the URL asked for and the rule, never the address
 * a name resolved to: it reaches delivery histories and API answers, and must not map an internal network.
 * <p>
 * An {@link IOException} but deliberately no {@link java.net.ConnectException}: HttpClient rewrites the message of
 * those to list the resolved addresses, and passes other IOExceptions through as they are.
 */
public class EgressRefusedException extends IOException {

    private final String host;
    private final Refusal reason;

    public EgressRefusedException(String host, Refusal reason) {
        super(message(host, reason));
        this.host = host;
        this.reason = reason;
    }

    static String message(String host, Refusal reason) {
        boolean bareIpv6 = host != null && host.indexOf(':') >= 0 && !host.startsWith("[");
        return "refused by egress policy: " + (bareIpv6 ? "[" + host + "]" : host) + " (" + reason.label() + ")";
    }

    /** The host the URL asked for. */
    public String getHost() {
        return host;
    }

    public Refusal getReason() {
        return reason;
    }
}
