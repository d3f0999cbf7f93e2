package io.openconnectors.camel.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * A block of addresses, {@code 10.0.0.0/8} or {@code fc00::/7}, matched on the address bytes. An IPv4-mapped IPv6
 * block ({@code ::ffff:10.0.0.0/104}) is kept as the IPv4 block it denotes, since addresses are judged as the IPv4
 * address they carry.
 */
record Cidr(byte[] network, int prefix) {

    /**
     * Parses {@code address/prefix}, or a single address. IPv4 only as four decimal numbers; no DNS lookup is made.
     *
     * @throws IllegalArgumentException saying what is wrong, without naming the entry (the caller does)
     */
    static Cidr parse(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        byte[] bytes = literal(address);
        if (bytes == null) {
            throw new IllegalArgumentException("not an IP address or CIDR block");
        }
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String digits = text.substring(slash + 1);
            if (!digits.matches("\\d{1,3}")) {
                throw new IllegalArgumentException("the prefix length must be a number");
            }
            prefix = Integer.parseInt(digits);
            if (address.contains(":") && bytes.length == 4) {
                // ::ffff:a.b.c.d/n: the JDK gives the IPv4 address, so the prefix counts from the IPv4 part
                prefix -= 96;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("the prefix length is out of range");
            }
        }
        Cidr cidr = new Cidr(bytes, prefix);
        if (!Arrays.equals(cidr.masked(bytes), bytes)) {
            throw new IllegalArgumentException("the address has bits set beyond the prefix length");
        }
        return cidr;
    }

    /** The bytes of an IPv4 (four decimal numbers) or IPv6 literal, or {@code null}. */
    static byte[] literal(String address) {
        if (address.matches("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}")) {
            byte[] bytes = new byte[4];
            String[] parts = address.split("\\.");
            for (int i = 0; i < 4; i++) {
                bytes[i] = (byte) Integer.parseInt(parts[i]);
            }
            return bytes;
        }
        if (address.contains(":") && address.matches("[0-9A-Fa-f:.]+")) {
            try {
                // with a colon the JDK parses a literal and never asks DNS
                return InetAddress.getByName(address).getAddress();
            } catch (UnknownHostException e) {
                return null;
            }
        }
        return null;
    }

    boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

    private boolean contains(byte[] address) {
        return address.length == network.length && Arrays.equals(masked(address), network);
    }

    private byte[] masked(byte[] address) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            masked[i] &= (byte) (0xff << (8 - keep));
        }
        return masked;
    }

    /** Whether every address of {@code other} is in this block. */
    boolean covers(Cidr other) {
        return other.prefix >= prefix && contains(other.network);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cidr cidr && prefix == cidr.prefix && Arrays.equals(network, cidr.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefix;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
