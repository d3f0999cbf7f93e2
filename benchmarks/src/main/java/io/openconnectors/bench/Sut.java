package io.openconnectors.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A system under test in a JVM of its own: the gateway's jar, or a main class of this module.
 */
final class Sut implements AutoCloseable {

    private final Process process;
    private final Path log;
    final int port;

    private Sut(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** {@code java <jvmOptions> -jar <jar> | -cp <this jar> <main>} with {@code args}; output to a log file. */
    static Sut start(String name, List<String> jvmOptions, List<String> launch, Map<String, String> environment, int port)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(launch);
        Path log = Files.createTempFile("bench-" + name + "-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().putAll(environment);
        return new Sut(builder.start(), log, port);
    }

    /**
     * The systems' JVM options, plus {@code -Dbench.sut.jvm=...} (space-separated) from the command line, e.g. a flight
     * recording: {@code -Dbench.sut.jvm="-XX:StartFlightRecording=filename=/tmp/sut.jfr"}.
     */
    static List<String> jvmOptions(String... options) {
        List<String> all = new ArrayList<>(List.of(options));
        String extra = System.getProperty("bench.sut.jvm", "").trim();
        if (!extra.isEmpty()) {
            all.addAll(List.of(extra.split(" +")));
        }
        return all;
    }

    /** This module's jar, to start one of its main classes. */
    static List<String> main(Class<?> main, String... args) {
        List<String> launch = new ArrayList<>(List.of("-cp", ManagementFactory.getRuntimeMXBean().getClassPath(),
                main.getName()));
        launch.addAll(List.of(args));
        return launch;
    }

    /** Waits until {@code GET path} answers anything below 500. */
    Sut awaitReady(String path, Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The system under test exited; see " + log);
            }
            try {
                HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() < 500) {
                    return this;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200); // a start-up poll in a harness, not a test
        }
        throw new IllegalStateException("The system under test did not answer in " + timeout + "; see " + log);
    }

    /** Waits for the process to end by itself. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("The system under test did not finish in " + timeout + "; see " + log);
        }
        return process.exitValue();
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** Kills the process as {@code kill -9} would: no shutdown, nothing flushed that was not. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** The CPU time its process has used so far (user and system, all threads). */
    Duration cpuTime() {
        return process.info().totalCpuDuration().orElseThrow(() -> new IllegalStateException("no CPU time on this OS"));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /**
     * Creates a webhook instance on this gateway through {@code POST /instances}: items of type {@code items}, signed
     * callbacks to {@code callbackUrl}. Returns the URL the vendor posts its webhooks to.
     */
    URI createWebhookInstance(String token, String name, String callbackUrl, String signatureKey) throws Exception {
        ObjectNode body = new ObjectMapper().createObjectNode();
        body.putObject("element").put("key", "bench");
        body.put("name", name);
        body.putObject("configuration").put("event.notification.enabled", true).put("event.vendor.type", "webhooks")
                .put("event.notification.callback.url", callbackUrl).put("event.notification.signature.key", signatureKey)
                .put("event.webhook.object.type", "items");
        HttpResponse<String> created = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/instances"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 200) {
            throw new IllegalStateException("POST /instances answered " + created.statusCode() + ": " + created.body());
        }
        return URI.create("http://127.0.0.1:" + port
                          + new ObjectMapper().readTree(created.body()).path("events").path("webhookPath").asText());
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
