package io.openconnectors.camel.http;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Optional;

import io.openconnectors.camel.SettingProblem;
import io.openconnectors.camel.http.EgressPolicy.Refusal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every address form an attacker has used to reach what a callback must not reach, under the default and the strict
 * policy, the allowlist by block and by name, protected ports, the allowlist's parser and the early URL check.
 */
class EgressPolicyTest {

    /** This machine, as the tests pretend it is: loopback plus one interface address in each family. */
    private static final InetAddress INTERFACE_V4 = literal("192.0.2.2");
    private static final InetAddress INTERFACE_V6 = literal("2001:db8::2");
    private static final EgressPolicy STRICT = strictWithThisMachine(List.of());

    private static EgressPolicy strictWithThisMachine(List<String> allow) {
        return EgressPolicy.strict(allow).withThisMachine(EgressPolicyTest::isThisMachine);
    }

    private static boolean isThisMachine(InetAddress address) {
        return address.isLoopbackAddress() || address.equals(INTERFACE_V4) || address.equals(INTERFACE_V6);
    }

    private static InetAddress literal(String address) {
        byte[] bytes = Cidr.literal(address);
        assertThat(bytes).as(address).isNotNull();
        try {
            return InetAddress.getByAddress(bytes);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An IPv6 address object even for the IPv4-carrying forms, which InetAddress.getByName turns into IPv4. */
    private static InetAddress ipv6(String address) throws Exception {
        byte[] bytes = InetAddress.getByName(address).getAddress(); // a literal: no DNS
        return Inet6Address.getByAddress(null, bytes.length == 16 ? bytes : mapped(bytes), -1);
    }

    private static byte[] mapped(byte[] ipv4) {
        byte[] bytes = new byte[16];
        bytes[10] = (byte) 0xff;
        bytes[11] = (byte) 0xff;
        System.arraycopy(ipv4, 0, bytes, 12, 4);
        return bytes;
    }

    private static Optional<Refusal> judge(EgressPolicy policy, String host, InetAddress address, int port) {
        return policy.refusal(host, new InetSocketAddress(address, port));
    }

    private static Optional<Refusal> judge(EgressPolicy policy, String address) {
        return judge(policy, address, literal(address), 443);
    }

    @ParameterizedTest
    @CsvSource({
            "169.254.169.254, CLOUD_METADATA",
            "fd00:ec2::254, CLOUD_METADATA",
            "100.100.100.200, CLOUD_METADATA",
            "169.254.0.1, LINK_LOCAL",
            "169.254.255.255, LINK_LOCAL",
            "fe80::1, LINK_LOCAL",
            "febf:ffff::1, LINK_LOCAL",
            "0.0.0.0, UNSPECIFIED",
            "0.1.2.3, UNSPECIFIED",
            ":: , UNSPECIFIED" })
    void metadataLinkLocalAndTheUnspecifiedAddressAreAlwaysRefused(String address, Refusal refusal) {
        assertThat(judge(EgressPolicy.DEFAULT, address.trim())).contains(refusal);
        assertThat(judge(STRICT, address.trim())).contains(refusal);
        assertThat(judge(strictWithThisMachine(List.of("0.0.0.0/0", "::/0")), address.trim()))
                .as("whatever the allowlist says").contains(refusal);
    }

    @ParameterizedTest
    @ValueSource(strings = { "metadata.google.internal", "METADATA.Google.Internal", "metadata.google.internal.", "metadata" })
    void metadataHostNamesAreRefusedWhereverTheyResolve(String host) {
        // a resolver may give them any address, even a public one
        assertThat(judge(EgressPolicy.DEFAULT, host, literal("93.184.216.34"), 80)).contains(Refusal.CLOUD_METADATA);
        assertThat(judge(strictWithThisMachine(List.of("0.0.0.0/0")), host, literal("93.184.216.34"), 80))
                .contains(Refusal.CLOUD_METADATA);
    }

    @ParameterizedTest
    @CsvSource({
            "::ffff:169.254.169.254, CLOUD_METADATA",
            "::ffff:169.254.10.10, LINK_LOCAL",
            "::ffff:0.0.0.0, UNSPECIFIED",
            "::169.254.169.254, CLOUD_METADATA",
            "64:ff9b::169.254.169.254, CLOUD_METADATA",
            "::0.0.0.2, UNSPECIFIED" })
    void ipv6FormsThatCarryAnIpv4AddressAreJudgedAsIt(String address, Refusal refusal) throws Exception {
        InetAddress v6 = ipv6(address);
        assertThat(v6).isInstanceOf(Inet6Address.class);
        assertThat(judge(EgressPolicy.DEFAULT, address, v6, 80)).contains(refusal);
    }

    @ParameterizedTest
    @ValueSource(strings = { "127.0.0.1", "127.255.0.9", "::1", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1",
            "100.64.0.1", "100.127.255.255", "fd12:3456::1", "fc00::1", "192.0.2.2", "2001:db8::2", "93.184.216.34" })
    void theDefaultPolicyAllowsLocalAndPrivateAddresses(String address) {
        assertThat(judge(EgressPolicy.DEFAULT.withThisMachine(EgressPolicyTest::isThisMachine), address)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "127.0.0.1, LOOPBACK",
            "127.255.0.9, LOOPBACK",
            "::1, LOOPBACK",
            "10.0.0.1, PRIVATE_NETWORK",
            "172.16.0.1, PRIVATE_NETWORK",
            "172.31.255.255, PRIVATE_NETWORK",
            "192.168.1.1, PRIVATE_NETWORK",
            "fec0::1, PRIVATE_NETWORK",
            "100.64.0.1, CARRIER_GRADE_NAT",
            "100.127.255.255, CARRIER_GRADE_NAT",
            "fd12:3456::1, UNIQUE_LOCAL",
            "fc00::1, UNIQUE_LOCAL",
            "192.0.2.2, THIS_MACHINE",
            "2001:db8::2, THIS_MACHINE" })
    void strictModeRefusesLocalPrivateCgnatAndUniqueLocalAddresses(String address, Refusal refusal) {
        assertThat(judge(STRICT, address)).contains(refusal);
    }

    @ParameterizedTest
    @ValueSource(strings = { "93.184.216.34", "172.32.0.1", "172.15.255.255", "100.128.0.1", "100.63.255.255", "11.0.0.1",
            "2606:4700::1", "192.0.2.3" })
    void strictModeAllowsPublicAddresses(String address) {
        assertThat(judge(STRICT, address)).isEmpty();
    }

    @Test
    void strictModeRefusesTheSpellingsOfLoopbackAsResolved() throws Exception {
        // what the JDK resolves these to; InetAddress.getByName parses them without DNS
        assertThat(judge(STRICT, "2130706433", InetAddress.getByName("2130706433"), 80)).contains(Refusal.LOOPBACK);
        assertThat(judge(STRICT, "127.1", InetAddress.getByName("127.1"), 80)).contains(Refusal.LOOPBACK);
        assertThat(judge(STRICT, "[::1]", InetAddress.getByName("[::1]"), 80)).contains(Refusal.LOOPBACK);
        assertThat(judge(STRICT, "[::ffff:127.0.0.1]", InetAddress.getByName("[::ffff:127.0.0.1]"), 80))
                .contains(Refusal.LOOPBACK);
        assertThat(judge(STRICT, "::ffff:127.0.0.1", ipv6("::ffff:127.0.0.1"), 80)).contains(Refusal.LOOPBACK);
        assertThat(judge(STRICT, "::127.0.0.1", ipv6("::127.0.0.1"), 80)).contains(Refusal.LOOPBACK);
        assertThat(judge(STRICT, "::ffff:10.1.2.3", ipv6("::ffff:10.1.2.3"), 80)).contains(Refusal.PRIVATE_NETWORK);
        assertThat(judge(STRICT, "localhost", literal("127.0.0.1"), 80)).contains(Refusal.LOOPBACK);
    }

    @Test
    void theAllowlistLiftsStrictRefusalsByBlock() throws Exception {
        EgressPolicy policy = strictWithThisMachine(List.of("127.0.0.1/32", "10.0.0.0/8", "fd00::/8", "::ffff:100.64.0.0/120",
                "192.0.2.2"));

        assertThat(judge(policy, "127.0.0.1")).isEmpty();
        assertThat(judge(policy, "127.0.0.2")).contains(Refusal.LOOPBACK);
        assertThat(judge(policy, "any.name", ipv6("::ffff:127.0.0.1"), 80)).isEmpty();
        assertThat(judge(policy, "10.200.3.4")).isEmpty();
        assertThat(judge(policy, "192.168.0.1")).contains(Refusal.PRIVATE_NETWORK);
        assertThat(judge(policy, "fd12::1")).isEmpty();
        assertThat(judge(policy, "fc00::1")).contains(Refusal.UNIQUE_LOCAL);
        assertThat(judge(policy, "100.64.0.9")).isEmpty();
        assertThat(judge(policy, "100.64.1.9")).contains(Refusal.CARRIER_GRADE_NAT);
        assertThat(judge(policy, "192.0.2.2")).as("this machine, allowed by address").isEmpty();
        assertThat(judge(policy, "::1")).contains(Refusal.LOOPBACK);
    }

    @Test
    void theAllowlistLiftsStrictRefusalsByHostNameAsTheUrlWritesIt() {
        EgressPolicy policy = strictWithThisMachine(List.of("CRM.internal", "receiver.localhost."));

        assertThat(judge(policy, "crm.internal", literal("10.1.2.3"), 443)).isEmpty();
        assertThat(judge(policy, "Crm.Internal.", literal("10.1.2.3"), 443)).isEmpty();
        assertThat(judge(policy, "receiver.localhost", literal("127.0.0.1"), 8080)).isEmpty();
        assertThat(judge(policy, "other.internal", literal("10.1.2.3"), 443)).as("the same address under another name")
                .contains(Refusal.PRIVATE_NETWORK);
        assertThat(judge(policy, "crm.internal.evil.example", literal("10.1.2.3"), 443)).contains(Refusal.PRIVATE_NETWORK);
        assertThat(judge(policy, "crm.internal", literal("169.254.169.254"), 80)).as("never metadata")
                .contains(Refusal.CLOUD_METADATA);
    }

    @Test
    void aProtectedPortOnALocalAddressIsRefusedWhateverTheAllowlistSays() {
        EgressPolicy gateway = strictWithThisMachine(List.of("127.0.0.0/8", "192.0.2.0/24", "::1", "localhost"))
                .withProtectedPorts(8080, 8443);
        EgressPolicy lenient = EgressPolicy.DEFAULT.withProtectedPorts(8080).withThisMachine(EgressPolicyTest::isThisMachine);

        for (EgressPolicy policy : List.of(gateway, lenient)) {
            assertThat(judge(policy, "127.0.0.1", literal("127.0.0.1"), 8080)).contains(Refusal.PROTECTED_PORT);
            assertThat(judge(policy, "localhost", literal("127.0.0.1"), 8080)).contains(Refusal.PROTECTED_PORT);
            assertThat(judge(policy, "[::1]", literal("::1"), 8080)).contains(Refusal.PROTECTED_PORT);
            assertThat(judge(policy, "192.0.2.2", literal("192.0.2.2"), 8080)).as("this machine's interface")
                    .contains(Refusal.PROTECTED_PORT);
            assertThat(judge(policy, "0.0.0.0", literal("0.0.0.0"), 8080)).contains(Refusal.UNSPECIFIED);
            assertThat(judge(policy, "127.0.0.1", literal("127.0.0.1"), 8081)).isEmpty();
            assertThat(judge(policy, "93.184.216.34", literal("93.184.216.34"), 8080)).as("another machine's 8080").isEmpty();
        }
        assertThat(gateway.getProtectedPorts()).containsExactly(8080, 8443);
        assertThatThrownBy(() -> EgressPolicy.DEFAULT.withProtectedPorts(0)).hasMessageContaining("0");
        assertThatThrownBy(() -> EgressPolicy.DEFAULT.withProtectedPorts(65536)).hasMessageContaining("65536");
    }

    @Test
    void theSettingFormatIsCommaSeparatedWithBlankEntriesIgnored() {
        EgressPolicy policy = EgressPolicy.strict(" 10.0.0.0/8, ,127.0.0.1/32,crm.internal,,[::1], ");

        assertThat(policy.isStrict()).isTrue();
        assertThat(policy.getAllowList()).containsExactly("10.0.0.0/8", "127.0.0.1/32", "crm.internal", "::1");
        assertThat(judge(policy, "::1")).isEmpty();
        assertThat(EgressPolicy.strict((String) null).getAllowList()).isEmpty();
        assertThat(EgressPolicy.strict("").toString()).isEqualTo("EgressPolicy[strict, allow []]");
        assertThat(EgressPolicy.DEFAULT.isStrict()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = { "10.0.0.0/33", "10.0.0/8", "10.0.0.1/8", "300.1.1.1/32", "10.0.0.0/x", "fd00::/129",
            "010.0.0.0/8", "*.example.com", "crm internal", "http://crm.internal", "10.0.0.0/-1", "10.1" })
    void aBadEntryIsRefusedByName(String entry) {
        assertThatThrownBy(() -> EgressPolicy.strict("192.168.0.0/16," + entry))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + entry + "'");
    }

    @ParameterizedTest
    @CsvSource({
            "169.254.0.0/16, link-local",
            "169.254.169.254/32, cloud metadata",
            "fe80::/64, link-local",
            "0.0.0.0/8, the unspecified address",
            "metadata.google.internal, cloud metadata",
            "fd00:ec2::254, cloud metadata" })
    void whatIsAlwaysRefusedCannotBeAllowed(String entry, String what) {
        assertThatThrownBy(() -> EgressPolicy.strict(List.of(entry)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Egress allowlist entry '" + entry + "': " + what + " is always refused");
    }

    @Test
    void aRefusalSaysTheHostAndTheRuleAndNothingResolved() {
        assertThatThrownBy(() -> STRICT.check("crm.example", new InetSocketAddress(literal("10.9.8.7"), 8443)))
                .isInstanceOf(EgressRefusedException.class)
                .hasMessage("refused by egress policy: crm.example (private network)");
        assertThatThrownBy(() -> STRICT.check("::1", new InetSocketAddress(literal("::1"), 80)))
                .hasMessage("refused by egress policy: [::1] (loopback)");
        assertThatThrownBy(() -> STRICT.check("x", InetSocketAddress.createUnresolved("x", 80)))
                .hasMessage("refused by egress policy: x (unresolved address)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://127.0.0.1:9000/cb | 127.0.0.1 (loopback)",
            "http://localhost:9000/cb | localhost (loopback)",
            "http://LOCALHOST./cb | LOCALHOST. (loopback)",
            "http://app.localhost/cb | app.localhost (loopback)",
            "http://2130706433/cb | 2130706433 (loopback)",
            "http://0x7f000001/cb | 0x7f000001 (loopback)",
            "http://0177.0.0.1/cb | 0177.0.0.1 (loopback)",
            "http://127.1/cb | 127.1 (loopback)",
            "http://[::1]/cb | [::1] (loopback)",
            "http://[::ffff:127.0.0.1]/cb | [::ffff:127.0.0.1] (loopback)",
            "http://[0:0:0:0:0:ffff:7f00:1]/cb | [0:0:0:0:0:ffff:7f00:1] (loopback)",
            "http://10.1.2.3/cb | 10.1.2.3 (private network)",
            "http://0.0.0.0:8080/cb | 0.0.0.0 (unspecified address)",
            "http://0/cb | 0 (unspecified address)",
            "http://169.254.169.254/latest/meta-data/ | 169.254.169.254 (cloud metadata)",
            "http://metadata.google.internal/computeMetadata/v1/ | metadata.google.internal (cloud metadata)",
            "http://[fd00:ec2::254]/ | [fd00:ec2::254] (cloud metadata)",
            "https://[fe80::1%25eth0]/ | [fe80::1%25eth0] (link-local)" })
    void theEarlyUrlCheckRefusesWhatTheStrictPolicyWouldWithoutDns(String url, String refused) {
        Optional<SettingProblem> problem = STRICT.checkUrl("callbackUrl", URI.create(url));

        assertThat(problem).map(SettingProblem::key).contains("callbackUrl");
        assertThat(problem).map(SettingProblem::reason).contains("'" + url + "' is refused by egress policy: " + refused);
    }

    @Test
    void theEarlyUrlCheckFollowsThePolicy() {
        URI loopback = URI.create("http://127.0.0.1:9000/cb");
        assertThat(EgressPolicy.DEFAULT.checkUrl("k", loopback)).isEmpty();
        assertThat(strictWithThisMachine(List.of("127.0.0.1/32")).checkUrl("k", loopback)).isEmpty();
        assertThat(strictWithThisMachine(List.of("127.0.0.1/32")).withProtectedPorts(9000).checkUrl("k", loopback))
                .map(SettingProblem::reason).contains("'" + loopback + "' is refused by egress policy: 127.0.0.1 (protected port)");
        assertThat(strictWithThisMachine(List.of("localhost")).checkUrl("k", URI.create("http://localhost/"))).isEmpty();
        assertThat(EgressPolicy.DEFAULT.checkUrl("k", URI.create("http://169.254.169.254/"))).isPresent();
        assertThat(EgressPolicy.DEFAULT.checkUrl("k", URI.create("http://0.0.0.0/"))).isPresent();
        // names are judged when connecting, after DNS
        assertThat(STRICT.checkUrl("k", URI.create("https://crm.example.invalid/cb"))).isEmpty();
        assertThat(STRICT.checkUrl("k", URI.create("https://93.184.216.34/cb"))).isEmpty();
        assertThat(STRICT.checkUrl("k", URI.create("https://1.example.com/cb"))).isEmpty();
        assertThat(STRICT.checkUrl("k", URI.create("https://a_b.example:8443/cb"))).as("no host to java.net.URI").isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "https://user:pw@crm.example/cb | 'https://********@crm.example/cb' must not carry user info (user:password@)",
            "https://t0ken@crm.example/cb | 'https://********@crm.example/cb' must not carry user info (user:password@)",
            "http://u:pw@127.1/cb | 'http://********@127.1/cb' must not carry user info (user:password@)",
            "https://crm.example:99999/cb | 'https://crm.example:99999/cb' has port 99999, outside 1..65535",
            "https://crm.example:0/cb | 'https://crm.example:0/cb' has port 0, outside 1..65535",
            "https://crm.example:65536/cb | 'https://crm.example:65536/cb' has port 65536, outside 1..65535",
            "http://1.2.3.09/cb | 'http://1.2.3.09/cb' has a host that ends in a number but is not an IPv4 address",
            "http://256.0.0.1/cb | 'http://256.0.0.1/cb' has a host that ends in a number but is not an IPv4 address" })
    void theEarlyUrlCheckRefusesUserInfoBadPortsAndBadAddresses(String url, String reason) {
        assertThat(EgressPolicy.DEFAULT.checkUrl("k", URI.create(url))).contains(new SettingProblem("k", reason));
    }

    @Test
    void numericHostsAreReadAsEveryResolverReadsThem() {
        assertThat(HostLiterals.addresses("2130706433")).containsExactly(literal("127.0.0.1"));
        assertThat(HostLiterals.addresses("0x7f.1")).containsExactly(literal("127.0.0.1"));
        assertThat(HostLiterals.addresses("0177.0.0.1")).containsExactly(literal("127.0.0.1"), literal("177.0.0.1"));
        assertThat(HostLiterals.addresses("017700000001")).contains(literal("127.0.0.1"));
        assertThat(HostLiterals.addresses("10.0.0.1.")).containsExactly(literal("10.0.0.1"));
        assertThat(HostLiterals.addresses("crm.example.com")).isEmpty();
        assertThat(HostLiterals.addresses("0x.example.com")).isEmpty();
    }
}
