package io.openconnectors.camel.http;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import io.openconnectors.camel.SettingProblem;

/**
 * Which addresses the component's HTTP clients (callbacks, vendor APIs) may connect to. Immutable.
 * <p>
 * Always refused, whatever the allowlist says: cloud metadata (169.254.169.254, fd00:ec2::254, 100.100.100.200, the
 * host names {@code metadata.google.internal} and {@code metadata}), link-local (169.254.0.0/16, fe80::/10) and the
 * unspecified address (0.0.0.0/8, ::), which reaches this machine. A protected port (see
 * {@link #withProtectedPorts(int...)}) on a local address (loopback or an address of this machine's interfaces) is
 * refused too.
 * <p>
 * In strict mode, also refused unless allowlisted: loopback (127.0.0.0/8, ::1), private networks (10/8, 172.16/12,
 * 192.168/16, fec0::/10), carrier-grade NAT (100.64/10), unique-local (fc00::/7) and the addresses of this machine's
 * interfaces. The allowlist holds CIDR blocks and host names (exact, case-insensitive, as the URL writes them); it
 * cannot allow what is always refused, and says so when asked to.
 * <p>
 * IPv6 forms that carry an IPv4 address (mapped {@code ::ffff:a.b.c.d}, compatible {@code ::a.b.c.d}, NAT64
 * {@code 64:ff9b::a.b.c.d}) are judged as that IPv4 address.
 * <p>
 * The component applies the policy to each address a connection is actually opened to, after DNS, so a name that
 * resolves to a refused address (DNS rebinding included) is refused; {@link #checkUrl} gives the early answer an API
 * can give without DNS.
 */
public final class EgressPolicy {

    /** Why a connection is refused; {@link #label()} is what messages show. */
    public enum Refusal {
        CLOUD_METADATA("cloud metadata"),
        LINK_LOCAL("link-local"),
        UNSPECIFIED("unspecified address"),
        PROTECTED_PORT("protected port"),
        LOOPBACK("loopback"),
        PRIVATE_NETWORK("private network"),
        CARRIER_GRADE_NAT("carrier-grade NAT"),
        UNIQUE_LOCAL("unique-local address"),
        THIS_MACHINE("this machine's address"),
        UNRESOLVED("unresolved address");

        private final String label;

        Refusal(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private static final Set<String> METADATA_NAMES = Set.of("metadata.google.internal", "metadata");
    private static final List<Cidr> METADATA = cidrs("169.254.169.254", "fd00:ec2::254", "100.100.100.200");
    private static final List<Cidr> LINK_LOCAL = cidrs("169.254.0.0/16", "fe80::/10");
    private static final List<Cidr> UNSPECIFIED = cidrs("0.0.0.0/8", "::/128");
    private static final List<Cidr> LOOPBACK = cidrs("127.0.0.0/8", "::1/128");
    private static final List<Cidr> PRIVATE = cidrs("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fec0::/10");
    private static final List<Cidr> CGNAT = cidrs("100.64.0.0/10");
    private static final List<Cidr> UNIQUE_LOCAL = cidrs("fc00::/7");
    private static final String HOST_NAME = "[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*";

    /** Only cloud metadata, link-local and the unspecified address refused: for routes the application writes. */
    public static final EgressPolicy DEFAULT = new EgressPolicy(false, List.of(), List.of(), Set.of(),
            LocalAddresses::contains);

    private final boolean strict;
    /** The allowlist's entries, normalised: blocks and host names. */
    private final List<String> allow;
    private final List<Cidr> allowedBlocks;
    private final Set<String> allowedHosts;
    private final Set<Integer> protectedPorts;
    private final Predicate<InetAddress> thisMachine;

    private EgressPolicy(boolean strict, List<String> allow, List<Cidr> allowedBlocks, Set<Integer> protectedPorts,
                         Predicate<InetAddress> thisMachine) {
        this.strict = strict;
        this.allow = List.copyOf(allow);
        this.allowedBlocks = List.copyOf(allowedBlocks);
        this.allowedHosts = Set.copyOf(allow.stream().filter(EgressPolicy::isHostName).toList());
        this.protectedPorts = Collections.unmodifiableSortedSet(new TreeSet<>(protectedPorts));
        this.thisMachine = thisMachine;
    }

    /**
     * A strict policy: local, private, CGNAT and unique-local addresses refused unless {@code allow} lists them.
     *
     * @param  allow                    CIDR blocks ({@code 10.0.0.0/8}, {@code fd00::/8}), single addresses, host names
     *                                  ({@code crm.internal}); blank entries are ignored
     * @throws IllegalArgumentException naming the first entry that is none of these, or one that is always refused
     */
    public static EgressPolicy strict(List<String> allow) {
        List<String> entries = new ArrayList<>();
        List<Cidr> blocks = new ArrayList<>();
        for (String raw : allow) {
            String entry = raw == null ? "" : normalise(raw.trim());
            if (entry.isEmpty()) {
                continue;
            }
            entries.add(entry);
            if (!isHostName(entry)) {
                blocks.add(block(entry));
            } else if (METADATA_NAMES.contains(entry)) {
                throw new IllegalArgumentException("Egress allowlist entry '" + entry + "': cloud metadata is always refused");
            }
        }
        return new EgressPolicy(true, entries, blocks, Set.of(), LocalAddresses::contains);
    }

    /**
     * A strict policy from the setting format: {@code 10.0.0.0/8,127.0.0.1/32,crm.internal} (comma-separated, blank
     * entries ignored; {@code null} or blank allows nothing).
     *
     * @throws IllegalArgumentException naming the entry that is no CIDR block, address or host name
     */
    public static EgressPolicy strict(String allowList) {
        return strict(allowList == null ? List.of() : Arrays.asList(allowList.split(",")));
    }

    /**
     * This policy, also refusing connections to these ports on a local address (loopback, the wildcard, this machine's
     * interfaces), whatever the allowlist says: an application passes its own server port, so that no callback can call
     * its API. Replaces the ports set before.
     */
    public EgressPolicy withProtectedPorts(int... ports) {
        Set<Integer> set = new TreeSet<>();
        for (int port : ports) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("Protected port " + port + " is outside 1..65535");
            }
            set.add(port);
        }
        return new EgressPolicy(strict, allow, allowedBlocks, set, thisMachine);
    }

    /** This policy with another idea of this machine's addresses: for tests. */
    EgressPolicy withThisMachine(Predicate<InetAddress> addresses) {
        return new EgressPolicy(strict, allow, allowedBlocks, protectedPorts, addresses);
    }

    public boolean isStrict() {
        return strict;
    }

    /** The allowlist's entries, normalised (lower case, no trailing dot). */
    public List<String> getAllowList() {
        return allow;
    }

    /** The protected ports, in ascending order. */
    public Set<Integer> getProtectedPorts() {
        return protectedPorts;
    }

    /**
     * Why a connection to {@code address} is refused, or empty when it is allowed.
     *
     * @param host    the host name the URL asked for (or the address literal), for the name rules
     * @param address the resolved address and port the connection goes to
     */
    public Optional<Refusal> refusal(String host, InetSocketAddress address) {
        if (address.isUnresolved()) {
            return Optional.of(Refusal.UNRESOLVED);
        }
        return judge(host, address.getAddress(), address.getPort());
    }

    /**
     * @throws EgressRefusedException when {@link #refusal} refuses the connection
     */
    public void check(String host, InetSocketAddress address) throws EgressRefusedException {
        Optional<Refusal> refusal = refusal(host, address);
        if (refusal.isPresent()) {
            throw new EgressRefusedException(host, refusal.get());
        }
    }

    /**
     * The early check an API can make when it is given a URL, without DNS: user info ({@code user:password@}), a port
     * outside 1..65535, an address literal in any notation ({@code 2130706433}, {@code [::ffff:127.0.0.1]}) or a well
     * known name ({@code localhost}, {@code *.localhost}, cloud metadata) that this policy refuses. Any other name is
     * judged when the connection is made.
     *
     * @param  key the setting's name, for the problem
     * @return     the problem, naming the URL (its password and secret query values masked), or empty
     */
    public Optional<SettingProblem> checkUrl(String key, URI url) {
        // read from the raw authority, as HttpClient does: java.net.URI gives no host (nor user info) for 127.1,
        // 256.1.1.1 or a_b.example, which HttpClient still connects to
        String authority = url.getRawAuthority();
        if (authority == null || authority.isEmpty()) {
            return problem(key, "'" + LoggableUrl.of(url.toString()) + "' has no host");
        }
        int at = authority.lastIndexOf('@');
        String hostAndPort = authority.substring(at + 1);
        // user info may be a token without a colon, which LoggableUrl would show: hide all of it
        String shown = "'" + LoggableUrl.of(at < 0 ? url.toString() : url.toString().replace(authority, "********@" + hostAndPort))
                       + "'";
        if (at >= 0) {
            return problem(key, shown + " must not carry user info (user:password@)");
        }
        int colon = hostAndPort.lastIndexOf(':');
        boolean portGiven = colon > hostAndPort.lastIndexOf(']') && colon < hostAndPort.length() - 1;
        String host = colon > hostAndPort.lastIndexOf(']') ? hostAndPort.substring(0, colon) : hostAndPort;
        String portText = portGiven ? hostAndPort.substring(colon + 1) : null;
        if (host.isEmpty()) {
            return problem(key, shown + " has no host");
        }
        if (portText != null && !portText.matches("\\d{1,5}")) {
            return problem(key, shown + " has port " + portText + ", outside 1..65535");
        }
        int port = portText != null ? Integer.parseInt(portText) : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        if (port < 1 || port > 65535) {
            return problem(key, shown + " has port " + port + ", outside 1..65535");
        }
        List<InetAddress> addresses;
        try {
            addresses = HostLiterals.addresses(host);
        } catch (IllegalArgumentException e) {
            return problem(key, shown + " has a host that " + e.getMessage());
        }
        String name = normalise(host);
        if (addresses.isEmpty() && (name.equals("localhost") || name.endsWith(".localhost"))) {
            addresses = List.of(InetAddress.getLoopbackAddress());
        }
        Optional<Refusal> refusal = addresses.isEmpty() ? judge(host, null, port)
                : addresses.stream().map(a -> judge(host, a, port)).flatMap(Optional::stream).findFirst();
        return refusal.flatMap(r -> problem(key, shown + " is " + EgressRefusedException.message(host, r)));
    }

    private static Optional<SettingProblem> problem(String key, String reason) {
        return Optional.of(new SettingProblem(key, reason));
    }

    /** The rules, in order; {@code address} is {@code null} when only the name is known. */
    private Optional<Refusal> judge(String host, InetAddress address, int port) {
        String name = host == null ? null : normalise(host);
        if (name != null && METADATA_NAMES.contains(name)) {
            return Optional.of(Refusal.CLOUD_METADATA);
        }
        if (address == null) {
            return Optional.empty();
        }
        InetAddress ip = carriedIpv4(address);
        if (in(METADATA, ip)) {
            return Optional.of(Refusal.CLOUD_METADATA);
        }
        if (in(LINK_LOCAL, ip)) {
            return Optional.of(Refusal.LINK_LOCAL);
        }
        if (in(UNSPECIFIED, ip)) {
            return Optional.of(Refusal.UNSPECIFIED);
        }
        if (protectedPorts.contains(port) && (in(LOOPBACK, ip) || thisMachine.test(ip))) {
            return Optional.of(Refusal.PROTECTED_PORT);
        }
        if (!strict || (name != null && allowedHosts.contains(name)) || in(allowedBlocks, ip)) {
            return Optional.empty();
        }
        if (in(LOOPBACK, ip)) {
            return Optional.of(Refusal.LOOPBACK);
        }
        if (in(PRIVATE, ip)) {
            return Optional.of(Refusal.PRIVATE_NETWORK);
        }
        if (in(CGNAT, ip)) {
            return Optional.of(Refusal.CARRIER_GRADE_NAT);
        }
        if (in(UNIQUE_LOCAL, ip)) {
            return Optional.of(Refusal.UNIQUE_LOCAL);
        }
        if (thisMachine.test(ip)) {
            return Optional.of(Refusal.THIS_MACHINE);
        }
        return Optional.empty();
    }

    /** The IPv4 address an IPv6 address carries (mapped, compatible or NAT64), else the address itself. */
    static InetAddress carriedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] b = address.getAddress();
        boolean zeros80 = allZero(b, 0, 10);
        boolean mapped = zeros80 && b[10] == (byte) 0xff && b[11] == (byte) 0xff;
        // ::a.b.c.d, but not :: and ::1, which are IPv6's own
        boolean compatible = zeros80 && b[10] == 0 && b[11] == 0 && !(allZero(b, 12, 15) && (b[15] == 0 || b[15] == 1));
        boolean nat64 = b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b && allZero(b, 4, 12);
        if (!mapped && !compatible && !nat64) {
            return address;
        }
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean in(List<Cidr> blocks, InetAddress address) {
        for (Cidr block : blocks) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** A host name as compared: lower case, without brackets or the root's trailing dot. */
    private static String normalise(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /** A host name, not an address: a name never ends in a number. */
    private static boolean isHostName(String entry) {
        return entry.matches(HOST_NAME) && !entry.matches("(.*\\.)?(\\d+|0x[0-9a-f]*)");
    }

    private static Cidr block(String entry) {
        Cidr block;
        try {
            block = Cidr.parse(entry);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Egress allowlist entry '" + entry + "' is no CIDR block, address or host name: "
                                               + e.getMessage());
        }
        for (List<Cidr> always : List.of(METADATA, LINK_LOCAL, UNSPECIFIED)) {
            for (Cidr refused : always) {
                if (refused.covers(block)) {
                    throw new IllegalArgumentException("Egress allowlist entry '" + entry + "': "
                                                       + (always == METADATA ? "cloud metadata"
                                                               : always == LINK_LOCAL ? "link-local" : "the unspecified address")
                                                       + " is always refused");
                }
            }
        }
        return block;
    }

    private static List<Cidr> cidrs(String... blocks) {
        return Arrays.stream(blocks).map(Cidr::parse).toList();
    }

    @Override
    public String toString() {
        return "EgressPolicy[" + (strict ? "strict, allow " + allow : "default")
               + (protectedPorts.isEmpty() ? "" : ", protected ports " + protectedPorts) + "]";
    }
}
