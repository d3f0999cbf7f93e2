package io.openconnectors.camel.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a URL's host denotes when it is an address, read without any DNS lookup: {@code [::1]}, and IPv4 in every
 * notation some resolver accepts ({@code 2130706433}, {@code 0x7f000001}, {@code 0177.0.0.1}, {@code 127.1}).
 * <p>
 * A host whose last label is a number is an IPv4 address, as the WHATWG URL standard reads it: no DNS name ends in a
 * number. Such a host that is no valid address is refused rather than guessed.
 */
final class HostLiterals {

    private HostLiterals() {
    }

    /**
     * @param  host                     a URL's host as {@link java.net.URI#getHost()} gives it
     * @return                          the addresses the host may denote: none for a name, two when readings differ
     *                                  ({@code 0177.0.0.1} is 127.0.0.1 to C resolvers, 177.0.0.1 to the JDK)
     * @throws IllegalArgumentException for a host that looks like an address and is none
     */
    static List<InetAddress> addresses(String host) {
        if (host.startsWith("[") && host.endsWith("]")) {
            String literal = host.substring(1, host.length() - 1);
            int zone = literal.indexOf('%');
            byte[] bytes = Cidr.literal(zone < 0 ? literal : literal.substring(0, zone));
            if (bytes == null) {
                throw new IllegalArgumentException("is not a valid IPv6 address");
            }
            return List.of(address(bytes));
        }
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String[] parts = name.toLowerCase(Locale.ROOT).split("\\.", -1);
        if (!parts[parts.length - 1].matches("\\d+|0x[0-9a-f]*")) {
            return List.of();
        }
        List<InetAddress> readings = new ArrayList<>();
        Long asC = ipv4(parts, true);
        if (asC == null) {
            throw new IllegalArgumentException("ends in a number but is not an IPv4 address");
        }
        readings.add(address(asC));
        Long asJdk = ipv4(parts, false);
        if (asJdk != null && !asJdk.equals(asC)) {
            readings.add(address(asJdk));
        }
        return readings;
    }

    /**
     * Reads 1 to 4 dotted numbers as inet_aton does: the last fills the remaining bytes. With {@code radixPrefixes},
     * {@code 0x} is hexadecimal and a leading 0 octal; without, every part is decimal (the JDK's reading).
     *
     * @return the address as a number, or {@code null} when the parts are no address in this reading
     */
    private static Long ipv4(String[] parts, boolean radixPrefixes) {
        if (parts.length > 4) {
            return null;
        }
        long value = 0;
        for (int i = 0; i < parts.length; i++) {
            Long part = number(parts[i], radixPrefixes);
            boolean last = i == parts.length - 1;
            long limit = last ? 1L << (8 * (4 - i)) : 256;
            if (part == null || part >= limit) {
                return null;
            }
            value = last ? value << (8 * (4 - i)) | part : value << 8 | part;
        }
        return value;
    }

    private static Long number(String part, boolean radixPrefixes) {
        String digits = part;
        int radix = 10;
        if (radixPrefixes && part.startsWith("0x")) {
            digits = part.substring(2);
            radix = 16;
            if (digits.isEmpty()) {
                return 0L;
            }
        } else if (radixPrefixes && part.length() > 1 && part.startsWith("0")) {
            digits = part.substring(1);
            radix = 8;
        }
        if (digits.isEmpty() || digits.length() > 12) {
            return null;
        }
        try {
            return Long.parseLong(digits, radix);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static InetAddress address(long ipv4) {
        return address(new byte[] { (byte) (ipv4 >>> 24), (byte) (ipv4 >>> 16), (byte) (ipv4 >>> 8), (byte) ipv4 });
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
