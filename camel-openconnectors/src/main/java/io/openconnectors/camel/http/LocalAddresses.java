package io.openconnectors.camel.http;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/**
 * The addresses of this machine's network interfaces, read again at most every few seconds: interfaces come and go
 * (DHCP, containers), and connections are pooled, so a check costs a set lookup, not a system call.
 */
final class LocalAddresses {

    private static final long REFRESH_NANOS = 5_000_000_000L;

    private record Snapshot(Set<ByteBuffer> addresses, long readAt) {
    }

    private static volatile Snapshot snapshot;

    private LocalAddresses() {
    }

    /** Whether {@code address} is one of this machine's interface addresses (the scope of an IPv6 one aside). */
    static boolean contains(InetAddress address) {
        return current().contains(ByteBuffer.wrap(address.getAddress()));
    }

    private static Set<ByteBuffer> current() {
        Snapshot known = snapshot;
        long now = System.nanoTime();
        if (known == null || now - known.readAt() > REFRESH_NANOS) {
            known = new Snapshot(read(), now);
            snapshot = known;
        }
        return known.addresses();
    }

    private static Set<ByteBuffer> read() {
        Set<ByteBuffer> addresses = new HashSet<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    addresses.add(ByteBuffer.wrap(address.getAddress()));
                }
            }
        } catch (SocketException e) {
            // without the list, loopback and the wildcard are still recognised by their ranges
        }
        return Set.copyOf(addresses);
    }
}
