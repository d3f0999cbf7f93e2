package io.openconnectors.gateway;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

import io.openconnectors.camel.http.EgressPolicy;
import io.openconnectors.camel.store.JdbcEventStore;

/**
 * How the gateway is set up: from system properties, else environment variables, else defaults.
 *
 * @param host     {@code camel.server.host} / {@code CAMEL_SERVER_HOST}, default {@code 0.0.0.0} (every interface), with
 *                 {@code --demo} {@code 127.0.0.1}
 * @param port     {@code camel.server.port} / {@code CAMEL_SERVER_PORT}, default 8080
 * @param dataDir  {@code openconnectors.data-dir} / {@code OPENCONNECTORS_DATA_DIR}, default {@code ./data}
 * @param apiToken {@code openconnectors.api-token} / {@code OPENCONNECTORS_API_TOKEN}; {@code null} to use (or
 *                 generate) the token kept in the data folder
 * @param database where notifications, their history and the poll windows are kept
 * @param demo     {@code --demo}: also run the stand-in vendors and callback receiver, and create demo instances
 * @param egressAllow {@code openconnectors.egress-allow} / {@code OPENCONNECTORS_EGRESS_ALLOW}: the CIDRs and host
 *                 names in loopback, private and unique-local ranges that callbacks and vendor URLs may reach
 *                 (comma-separated); none by default
 * @param idleTimeout {@code openconnectors.idle-timeout} / {@code OPENCONNECTORS_IDLE_TIMEOUT}, in seconds, default
 *                 30: how long a connection may stay silent, in the middle of a request body or between two requests
 * @param nodeId   {@code openconnectors.node-id} / {@code OPENCONNECTORS_NODE_ID}: this gateway's name among those that
 *                 share its database, unique among them; by default the host name and the port
 */
public record GatewaySetup(String host, int port, Path dataDir, String apiToken, Database database, boolean demo,
                           List<String> egressAllow, Duration idleTimeout, String nodeId) {

    static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

    public GatewaySetup {
        egressAllow = List.copyOf(egressAllow);
    }

    /** A setup with no egress allowance, the default idle timeout and the default node id. */
    public GatewaySetup(String host, int port, Path dataDir, String apiToken, Database database, boolean demo) {
        this(host, port, dataDir, apiToken, database, demo, List.of(), DEFAULT_IDLE_TIMEOUT, defaultNodeId(port));
    }

    GatewaySetup withEgressAllow(List<String> allow) {
        return new GatewaySetup(host, port, dataDir, apiToken, database, demo, allow, idleTimeout, nodeId);
    }

    /**
     * The event store's database: {@code openconnectors.jdbc.url} / {@code OPENCONNECTORS_JDBC_URL} (with
     * {@code ..._USER} and {@code ..._PASSWORD}) for PostgreSQL; by default an H2 file in the data folder.
     */
    public record Database(String url, String user, String password) {

        public static Database h2(Path dataDir) {
            return new Database(JdbcEventStore.h2FileUrl(dataDir.resolve("events")), null, null);
        }

        /** Whether several gateways may share it: PostgreSQL, where polls are scheduled for all of them at once. */
        public boolean shared() {
            return url.regionMatches(true, 0, "jdbc:postgresql:", 0, "jdbc:postgresql:".length());
        }

        @Override
        public String toString() {
            return "Database[" + url + "]"; // never the password
        }
    }

    static final int DEFAULT_PORT = 8080;

    public static GatewaySetup from(String[] args, Properties system, Map<String, String> environment) {
        String host = setting(system, environment, "camel.server.host", "CAMEL_SERVER_HOST");
        String port = setting(system, environment, "camel.server.port", "CAMEL_SERVER_PORT");
        String dataDir = setting(system, environment, "openconnectors.data-dir", "OPENCONNECTORS_DATA_DIR");
        String token = setting(system, environment, "openconnectors.api-token", "OPENCONNECTORS_API_TOKEN");
        String jdbcUrl = setting(system, environment, "openconnectors.jdbc.url", "OPENCONNECTORS_JDBC_URL");
        String egressAllow = setting(system, environment, "openconnectors.egress-allow", "OPENCONNECTORS_EGRESS_ALLOW");
        String idleTimeout = setting(system, environment, "openconnectors.idle-timeout", "OPENCONNECTORS_IDLE_TIMEOUT");
        String nodeId = setting(system, environment, "openconnectors.node-id", "OPENCONNECTORS_NODE_ID");
        int parsedPort;
        try {
            parsedPort = port == null ? DEFAULT_PORT : Integer.parseInt(port.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("CAMEL_SERVER_PORT: '" + port + "' is not a port number", e);
        }
        if (parsedPort < 0 || parsedPort > 65535) {
            throw new IllegalArgumentException("CAMEL_SERVER_PORT: " + parsedPort + " is not a port number");
        }
        boolean demo = false;
        for (String arg : args) {
            if ("--demo".equals(arg)) {
                demo = true;
            } else {
                throw new IllegalArgumentException("Unknown argument '" + arg + "'; the only one is --demo");
            }
        }
        Path data = Path.of(dataDir == null ? "data" : dataDir);
        Database database = jdbcUrl == null || jdbcUrl.isBlank() ? Database.h2(data)
                : new Database(jdbcUrl.trim(), setting(system, environment, "openconnectors.jdbc.user", "OPENCONNECTORS_JDBC_USER"),
                        setting(system, environment, "openconnectors.jdbc.password", "OPENCONNECTORS_JDBC_PASSWORD"));
        List<String> allow = egressAllow == null ? List.of()
                : Arrays.stream(egressAllow.split(",")).map(String::trim).filter(e -> !e.isEmpty()).toList();
        try {
            EgressPolicy.strict(allow);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("OPENCONNECTORS_EGRESS_ALLOW: " + e.getMessage(), e);
        }
        // the demo talks to itself on this machine: it listens there only, unless told otherwise
        String defaultHost = demo ? "127.0.0.1" : "0.0.0.0";
        return new GatewaySetup(host == null || host.isBlank() ? defaultHost : host.trim(), parsedPort, data,
                token == null || token.isBlank() ? null : token.trim(), database, demo, allow,
                seconds("OPENCONNECTORS_IDLE_TIMEOUT", idleTimeout, DEFAULT_IDLE_TIMEOUT), nodeId(nodeId, parsedPort));
    }

    /** Where other nodes' operators reach this one: the host it listens on, or its host name when it listens on all. */
    String advertisedAddress() {
        String name = host.equals("0.0.0.0") || host.equals("::") ? hostName() : host;
        return "http://" + (name.contains(":") ? "[" + name + "]" : name) + ":" + port;
    }

    private static String nodeId(String text, int port) {
        if (text == null || text.isBlank()) {
            return defaultNodeId(port);
        }
        if (!NODE_ID.matcher(text.trim()).matches()) {
            throw new IllegalArgumentException("OPENCONNECTORS_NODE_ID: '" + text + "' is not a name of up to 100 letters, digits,"
                                               + " '_', '-' and '.'");
        }
        return text.trim();
    }

    /** The host name and the port: readable, stable across restarts, and unique for gateways on one host. */
    static String defaultNodeId(int port) {
        String id = hostName().replaceAll("[^A-Za-z0-9_.-]", "-") + "-" + (port == 0 ? "pid" + ProcessHandle.current().pid() : port);
        return NODE_ID.matcher(id).matches() ? id : "gateway-" + port;
    }

    private static String hostName() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "gateway";
            }
        }
        return host;
    }

    private static Duration seconds(String name, String text, Duration fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            long seconds = Long.parseLong(text.trim());
            if (seconds >= 1 && seconds <= 3600) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + ": '" + text + "' is not a number of seconds from 1 to 3600");
    }

    private static String setting(Properties system, Map<String, String> environment, String property, String variable) {
        String value = system.getProperty(property);
        return value != null ? value : environment.get(variable);
    }
}
