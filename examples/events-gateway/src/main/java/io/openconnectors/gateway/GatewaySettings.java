package io.openconnectors.gateway;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import io.openconnectors.camel.store.JdbcEventStore;

/**
 * How the gateway is set up: from system properties, else environment variables, else defaults.
 *
 * @param host     {@code camel.server.host} / {@code CAMEL_SERVER_HOST}, default {@code 0.0.0.0} (every interface)
 * @param port     {@code camel.server.port} / {@code CAMEL_SERVER_PORT}, default 8080
 * @param dataDir  {@code openconnectors.data-dir} / {@code OPENCONNECTORS_DATA_DIR}, default {@code ./data}
 * @param apiToken {@code openconnectors.api-token} / {@code OPENCONNECTORS_API_TOKEN}; {@code null} to use (or
 *                 generate) the token kept in the data folder
 * @param database where notifications, their history and the poll windows are kept
 * @param demo     {@code --demo}: also run the stand-in vendors and callback receiver, and create demo instances
 */
public record GatewaySettings(String host, int port, Path dataDir, String apiToken, Database database, boolean demo) {

    /**
     * The event store's database: {@code openconnectors.jdbc.url} / {@code OPENCONNECTORS_JDBC_URL} (with
     * {@code ..._USER} and {@code ..._PASSWORD}) for PostgreSQL; by default an H2 file in the data folder.
     */
    public record Database(String url, String user, String password) {

        public static Database h2(Path dataDir) {
            return new Database(JdbcEventStore.h2FileUrl(dataDir.resolve("events")), null, null);
        }

        @Override
        public String toString() {
            return "Database[" + url + "]"; // never the password
        }
    }

    static final int DEFAULT_PORT = 8080;

    public static GatewaySettings from(String[] args, Properties system, Map<String, String> environment) {
        String host = setting(system, environment, "camel.server.host", "CAMEL_SERVER_HOST");
        String port = setting(system, environment, "camel.server.port", "CAMEL_SERVER_PORT");
        String dataDir = setting(system, environment, "openconnectors.data-dir", "OPENCONNECTORS_DATA_DIR");
        String token = setting(system, environment, "openconnectors.api-token", "OPENCONNECTORS_API_TOKEN");
        String jdbcUrl = setting(system, environment, "openconnectors.jdbc.url", "OPENCONNECTORS_JDBC_URL");
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
        return new GatewaySettings(host == null || host.isBlank() ? "0.0.0.0" : host.trim(), parsedPort, data,
                token == null || token.isBlank() ? null : token.trim(), database, demo);
    }

    private static String setting(Properties system, Map<String, String> environment, String property, String variable) {
        String value = system.getProperty(property);
        return value != null ? value : environment.get(variable);
    }
}
