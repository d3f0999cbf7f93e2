package io.openconnectors.camel.http;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.UnknownHostException;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SchemePortResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.io.HttpClientConnectionOperator;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.config.RegistryBuilder;

/**
 * A connection manager builder whose connections pass the {@link EgressPolicy} at the moment the socket connects, to the
 * address it connects to: after DNS, for each address a name resolved to, for http and https alike (TLS is layered on
 * the checked socket). A name that resolves to a refused address is refused however it resolved a moment before.
 * <p>
 * Why a socket, not a {@code ConnectionSocketFactory}: since HttpClient 5.4 the connection operator opens a plain socket
 * from a {@code DetachedSocketFactory} and calls {@code Socket.connect} itself; a registered
 * {@code ConnectionSocketFactory}'s {@code connectSocket} is no longer called. The socket factory is set through
 * {@code createConnectionOperator}, the builder's extension point. EgressTest fails if an HttpClient upgrade bypasses
 * it.
 */
final class EgressConnections extends PoolingHttpClientConnectionManagerBuilder {

    private final EgressPolicy policy;

    EgressConnections(EgressPolicy policy) {
        this.policy = policy;
    }

    @Override
    protected HttpClientConnectionOperator createConnectionOperator(SchemePortResolver schemePortResolver,
                                                                    DnsResolver dnsResolver,
                                                                    TlsSocketStrategy tlsSocketStrategy) {
        return new DefaultHttpClientConnectionOperator(
                proxy -> proxy == null ? new CheckedSocket(policy) : new CheckedSocket(policy, proxy),
                schemePortResolver,
                new NamingDnsResolver(dnsResolver == null ? SystemDefaultDnsResolver.INSTANCE : dnsResolver),
                RegistryBuilder.<TlsSocketStrategy> create().register(URIScheme.HTTPS.id, tlsSocketStrategy).build());
    }

    /** A socket that asks the policy before it connects. */
    private static final class CheckedSocket extends Socket {
        private final EgressPolicy policy;

        CheckedSocket(EgressPolicy policy) {
            this.policy = policy;
        }

        CheckedSocket(EgressPolicy policy, Proxy proxy) {
            super(proxy);
            this.policy = policy;
        }

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            if (!(endpoint instanceof InetSocketAddress address)) {
                throw new IOException("Not an internet address: " + endpoint);
            }
            policy.check(address.getHostString(), address);
            super.connect(endpoint, timeout);
        }
    }

    /**
     * Resolves as the given resolver does, and gives each address the host name that was asked for, so that the socket
     * (which sees only the address) can judge the name and show it: {@code 2130706433}, not {@code 127.0.0.1}.
     */
    private static final class NamingDnsResolver implements DnsResolver {
        private final DnsResolver resolver;

        NamingDnsResolver(DnsResolver resolver) {
            this.resolver = resolver;
        }

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            InetAddress[] addresses = resolver.resolve(host);
            if (addresses == null) {
                return null;
            }
            InetAddress[] named = new InetAddress[addresses.length];
            for (int i = 0; i < addresses.length; i++) {
                InetAddress address = addresses[i];
                named[i] = address instanceof Inet6Address v6 && v6.getScopeId() != 0
                        ? Inet6Address.getByAddress(host, v6.getAddress(), v6.getScopeId())
                        : InetAddress.getByAddress(host, address.getAddress());
            }
            return named;
        }

        @Override
        public String resolveCanonicalHostname(String host) throws UnknownHostException {
            return resolver.resolveCanonicalHostname(host);
        }
    }
}
