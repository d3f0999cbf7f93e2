package io.openconnectors.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;

/**
 * The packaged gateway as a separate JVM, started with environment settings, and killed with SIGKILL.
 */
final class GatewayProcess {

    private final Path jar;
    private final Map<String, String> environment;
    private final List<String> systemProperties;
    private final Path log;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private int starts;

    GatewayProcess(Path jar, int port, Map<String, String> environment, List<String> systemProperties, Path log) {
        this.jar = jar;
        this.port = port;
        this.environment = environment;
        this.systemProperties = systemProperties;
        this.log = log;
    }

    /** Starts the JVM and waits until its API answers. */
    void start() throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m"));
        command.addAll(systemProperties);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        builder.environment().put("CAMEL_SERVER_PORT", Integer.toString(port));
        process = builder.start();
        starts++;
        await().atMost(60, SECONDS).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(this::answers);
    }

    /** SIGKILL: no shutdown hook, no graceful stop. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, SECONDS)) {
                kill();
            }
        }
    }

    int starts() {
        return starts;
    }

    private boolean answers() throws IOException, InterruptedException {
        if (!process.isAlive()) {
            throw new IllegalStateException("the gateway exited with " + process.exitValue() + "; see " + log);
        }
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health"))
                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        return health.statusCode() == 200;
    }
}
