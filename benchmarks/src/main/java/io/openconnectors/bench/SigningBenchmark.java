package io.openconnectors.bench;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.openconnectors.camel.signature.ElementsSignature;
import io.openconnectors.camel.signature.HeaderSignature;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of the callback signature header {@code Elements-Webhook-Signature: sha256=<Base64(HMAC-SHA256)>}.
 * <ul>
 * <li>{@code ours}: {@link HeaderSignature#sign(byte[])}, one instance made in setup, as {@code CallbackSender}
 * does.</li>
 * <li>{@code bareMacReused}: one {@link Mac} initialised in setup, {@code doFinal} + Base64 + prefix: the floor.</li>
 * <li>{@code bareMacPerMessage}: {@code Mac.getInstance} + {@code init} per message, as naive code does.</li>
 * </ul>
 * All three return the same header value (checked in setup). Average time per message in ns: the per-message
 * overheads (ThreadLocal lookup, Mac lookup and init, string building) add to the HMAC itself, so they read directly
 * as differences in ns/op, and {@code -prof gc}'s {@code gc.alloc.rate.norm} is per op too.
 * <p>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar SigningBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
@Fork(2)
@Warmup(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
public class SigningBenchmark {

    private static final String ALGORITHM = "HmacSHA256";
    private static final String PREFIX = "sha256=";
    private static final String KEY = "bench-callback-secret-0123456789abcdef";
    private static final long SEED = 0x5EEDL;

    /** Body size in bytes. */
    @Param({ "1024", "16384" })
    public int size;

    private byte[] body;
    private HeaderSignature signature;
    private SecretKeySpec keySpec;
    private Mac reusedMac;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        body = jsonishBody(size, SEED);
        signature = ElementsSignature.of(KEY);
        keySpec = new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        reusedMac = Mac.getInstance(ALGORITHM);
        reusedMac.init(keySpec);

        String a = ours();
        String b = bareMacReused();
        String c = bareMacPerMessage();
        if (!a.equals(b) || !a.equals(c)) {
            throw new IllegalStateException("Signatures differ: " + a + " / " + b + " / " + c);
        }
    }

    @Benchmark
    public String ours() {
        return signature.sign(body);
    }

    @Benchmark
    public String bareMacReused() {
        return PREFIX + Base64.getEncoder().encodeToString(reusedMac.doFinal(body));
    }

    @Benchmark
    public String bareMacPerMessage() throws GeneralSecurityException {
        Mac mac = Mac.getInstance(ALGORITHM);
        mac.init(keySpec);
        return PREFIX + Base64.getEncoder().encodeToString(mac.doFinal(body));
    }

    /** Exactly {@code size} bytes of JSON-like text: {@code {"k0":"<random>","k1":...}}, the same for one seed. */
    static byte[] jsonishBody(int size, long seed) {
        final String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_:.";
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder(size + 64).append('{');
        for (int i = 0; sb.length() < size; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("\"k").append(i).append("\":\"");
            int len = 4 + random.nextInt(40);
            for (int j = 0; j < len; j++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            sb.append('"');
        }
        sb.setLength(size - 1);
        sb.append('}');
        byte[] bytes = sb.toString().getBytes(StandardCharsets.US_ASCII);
        if (bytes.length != size) {
            throw new IllegalStateException("body is " + bytes.length + " bytes, not " + size);
        }
        return bytes;
    }
}
