package io.openconnectors.camel.signature;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The callback signatures: {@link ElementsSignature}, {@link StandardWebhooksSignature} and the
 * shared {@link HmacSigner}, each checked against an HMAC computed independently.
 */
class SignatureTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** HMAC-SHA256 with the JDK alone, independent of {@link HmacSigner}. */
    private static String independentHmac(byte[] key, byte[] message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(message));
    }

    @Nested
    class Elements {

        private final byte[] body = utf8("{\"a\":1}");

        @Test
        void knownAnswerComputedWithOpenssl() {
            // printf %s '{"a":1}' | openssl dgst -sha256 -hmac "secret-key" -binary | base64
            assertThat(ElementsSignature.of("secret-key").sign(body))
                    .isEqualTo("sha256=tVqBE30N9KPCWFskbp28fpV4EeT9ZhP9q1kvFWh+xSM=");
        }

        @Test
        void matchesAnIndependentHmacOverUtf8Bytes() throws Exception {
            byte[] unicode = utf8("{\"name\":\"Zoë – 東京\",\"n\":[1,2,3]}");
            assertThat(ElementsSignature.of("clé-ß").sign(unicode))
                    .isEqualTo("sha256=" + independentHmac(utf8("clé-ß"), unicode));
        }

        @Test
        void headerNames() {
            assertThat(ElementsSignature.HEADER).isEqualTo("Elements-Webhook-Signature");
            assertThat(ElementsSignature.ID_HEADER).isEqualTo("Elements-Webhook-Id");
        }

        @Test
        void valid() {
            HeaderSignature signature = ElementsSignature.of("secret-key");
            assertThat(signature.verify("sha256=tVqBE30N9KPCWFskbp28fpV4EeT9ZhP9q1kvFWh+xSM=", body))
                    .isEqualTo(SignatureVerdict.VALID);
            assertThat(signature.verify(signature.sign(body), body).isValid()).isTrue();
        }

        @Test
        void missing() {
            HeaderSignature signature = ElementsSignature.of("secret-key");
            assertThat(signature.verify(null, body)).isEqualTo(SignatureVerdict.MISSING);
            assertThat(signature.verify("", body)).isEqualTo(SignatureVerdict.MISSING);
            assertThat(signature.verify("   ", body)).isEqualTo(SignatureVerdict.MISSING);
            assertThat(SignatureVerdict.MISSING.isValid()).isFalse();
        }

        @Test
        void malformed() {
            HeaderSignature signature = ElementsSignature.of("secret-key");
            assertThat(signature.verify("tVqBE30N9KPCWFskbp28fpV4EeT9ZhP9q1kvFWh+xSM=", body))
                    .isEqualTo(SignatureVerdict.MALFORMED);
            assertThat(signature.verify("sha1=tVqBE30N9KPCWFskbp28fpV4EeT9ZhP9q1kvFWh+xSM=", body))
                    .isEqualTo(SignatureVerdict.MALFORMED);
        }

        @Test
        void mismatchOnTamperedBody() {
            HeaderSignature signature = ElementsSignature.of("secret-key");
            assertThat(signature.verify("sha256=tVqBE30N9KPCWFskbp28fpV4EeT9ZhP9q1kvFWh+xSM=", utf8("{\"a\":2}")))
                    .isEqualTo(SignatureVerdict.MISMATCH);
            assertThat(signature.verify("sha256=tVqBE30N9KPCWFskbp28fpV4EeT9ZhP9q1kvFWh+xSM=", utf8("{\"a\": 1}")))
                    .isEqualTo(SignatureVerdict.MISMATCH);
        }

        @Test
        void mismatchOnWrongKey() {
            assertThat(ElementsSignature.of("other-key").verify("sha256=tVqBE30N9KPCWFskbp28fpV4EeT9ZhP9q1kvFWh+xSM=",
                    body)).isEqualTo(SignatureVerdict.MISMATCH);
        }

        @Test
        void mismatchOnTruncatedOrAlteredSignature() {
            HeaderSignature signature = ElementsSignature.of("secret-key");
            assertThat(signature.verify("sha256=tVqBE30N9KPCWFskbp28fpV4EeT9ZhP9q1kvFWh+xSM", body))
                    .isEqualTo(SignatureVerdict.MISMATCH);
            assertThat(signature.verify("sha256=uVqBE30N9KPCWFskbp28fpV4EeT9ZhP9q1kvFWh+xSM=", body))
                    .isEqualTo(SignatureVerdict.MISMATCH);
            assertThat(signature.verify("sha256=", body)).isEqualTo(SignatureVerdict.MISMATCH);
        }

        @Test
        void emptyKeyIsRefused() {
            assertThatIllegalArgumentException().isThrownBy(() -> ElementsSignature.of(""));
        }
    }

    @Nested
    class StandardWebhooks {

        private static final String ID = "msg_2Kd9";
        private static final long TS = 1795849200L;
        private static final Instant NOW = Instant.ofEpochSecond(TS);
        private static final Duration TOLERANCE = Duration.ofMinutes(5);

        private final byte[] body = utf8("{\"message\":{\"eventId\":\"e-1\",\"events\":[]}}");

        @Test
        void signAndVerifyRoundTrip() {
            StandardWebhooksSignature signature = new StandardWebhooksSignature("my-secret");
            String header = signature.sign(ID, TS, body);
            assertThat(header).startsWith("v1,");
            assertThat(signature.verify(ID, Long.toString(TS), header, body, NOW, TOLERANCE))
                    .isEqualTo(SignatureVerdict.VALID);
        }

        @Test
        void valueMatchesAnIndependentMacOverIdTimestampBody() throws Exception {
            String header = new StandardWebhooksSignature("my-secret").sign(ID, TS, body);
            byte[] signed = utf8(ID + "." + TS + "." + new String(body, StandardCharsets.UTF_8));
            assertThat(header).isEqualTo("v1," + independentHmac(utf8("my-secret"), signed));
        }

        @Test
        void whsecSecretIsTheBase64OfTheKeyBytes() throws Exception {
            byte[] key = new byte[24];
            new SecureRandom().nextBytes(key);
            key[0] = (byte) 0xff; // not UTF-8: the key must be decoded, not read as text
            String secret = "whsec_" + Base64.getEncoder().encodeToString(key);
            String header = new StandardWebhooksSignature(secret).sign(ID, TS, body);
            byte[] signed = utf8(ID + "." + TS + "." + new String(body, StandardCharsets.UTF_8));
            assertThat(header).isEqualTo("v1," + independentHmac(key, signed));
        }

        @Test
        void knownAnswerOfTheStandardWebhooksTestVector() {
            // the reference libraries' test vector; checked with openssl over "id.timestamp.body"
            StandardWebhooksSignature signature
                    = new StandardWebhooksSignature("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
            byte[] payload = utf8("{\"test\": 2432232314}");
            assertThat(signature.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, payload))
                    .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
            assertThat(signature.verify("msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330",
                    "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", payload, Instant.ofEpochSecond(1614265330L),
                    TOLERANCE)).isEqualTo(SignatureVerdict.VALID);
        }

        @Test
        void badWhsecSecretIsRefused() {
            assertThatIllegalArgumentException().isThrownBy(() -> new StandardWebhooksSignature("whsec_***not base64***"))
                    .withMessageContaining("whsec_");
        }

        @Test
        void keyRotationOneOfSeveralSignaturesIsEnough() {
            String valid = new StandardWebhooksSignature("new-secret").sign(ID, TS, body);
            String old = new StandardWebhooksSignature("old-secret").sign(ID, TS, body);
            StandardWebhooksSignature receiver = new StandardWebhooksSignature("new-secret");
            assertThat(receiver.verify(ID, Long.toString(TS), old + " " + valid, body, NOW, TOLERANCE))
                    .isEqualTo(SignatureVerdict.VALID);
            assertThat(receiver.verify(ID, Long.toString(TS), valid + " " + old, body, NOW, TOLERANCE))
                    .isEqualTo(SignatureVerdict.VALID);
            assertThat(receiver.verify(ID, Long.toString(TS), "v2,abcd  " + valid, body, NOW, TOLERANCE))
                    .isEqualTo(SignatureVerdict.VALID);
            assertThat(receiver.verify(ID, Long.toString(TS), old + " v1,AAAA", body, NOW, TOLERANCE))
                    .isEqualTo(SignatureVerdict.MISMATCH);
        }

        @Test
        void staleTimestamp() {
            StandardWebhooksSignature signature = new StandardWebhooksSignature("my-secret");
            long old = TS - 301;
            String header = signature.sign(ID, old, body);
            assertThat(signature.verify(ID, Long.toString(old), header, body, NOW, TOLERANCE))
                    .isEqualTo(SignatureVerdict.STALE);
            long future = TS + 301;
            assertThat(signature.verify(ID, Long.toString(future), signature.sign(ID, future, body), body, NOW,
                    TOLERANCE)).isEqualTo(SignatureVerdict.STALE);
        }

        @Test
        void timestampAtTheToleranceIsAccepted() {
            StandardWebhooksSignature signature = new StandardWebhooksSignature("my-secret");
            long edge = TS - 300;
            assertThat(signature.verify(ID, Long.toString(edge), signature.sign(ID, edge, body), body, NOW, TOLERANCE))
                    .isEqualTo(SignatureVerdict.VALID);
        }

        @Test
        void nonNumericTimestampIsMalformed() {
            StandardWebhooksSignature signature = new StandardWebhooksSignature("my-secret");
            String header = signature.sign(ID, TS, body);
            assertThat(signature.verify(ID, "yesterday", header, body, NOW, TOLERANCE))
                    .isEqualTo(SignatureVerdict.MALFORMED);
            assertThat(signature.verify(ID, "1795849200.5", header, body, NOW, TOLERANCE))
                    .isEqualTo(SignatureVerdict.MALFORMED);
        }

        @Test
        void signatureWithoutVersionIsMalformed() {
            StandardWebhooksSignature signature = new StandardWebhooksSignature("my-secret");
            String bare = signature.sign(ID, TS, body).substring(3);
            assertThat(signature.verify(ID, Long.toString(TS), bare, body, NOW, TOLERANCE))
                    .isEqualTo(SignatureVerdict.MALFORMED);
        }

        @Test
        void missingHeaders() {
            StandardWebhooksSignature signature = new StandardWebhooksSignature("my-secret");
            String header = signature.sign(ID, TS, body);
            String ts = Long.toString(TS);
            assertThat(signature.verify(ID, ts, null, body, NOW, TOLERANCE)).isEqualTo(SignatureVerdict.MISSING);
            assertThat(signature.verify(ID, ts, " ", body, NOW, TOLERANCE)).isEqualTo(SignatureVerdict.MISSING);
            assertThat(signature.verify(null, ts, header, body, NOW, TOLERANCE)).isEqualTo(SignatureVerdict.MISSING);
            assertThat(signature.verify(ID, null, header, body, NOW, TOLERANCE)).isEqualTo(SignatureVerdict.MISSING);
        }

        @Test
        void tamperedBodyIsMismatch() {
            StandardWebhooksSignature signature = new StandardWebhooksSignature("my-secret");
            String header = signature.sign(ID, TS, body);
            assertThat(signature.verify(ID, Long.toString(TS), header, utf8("{\"message\":{}}"), NOW, TOLERANCE))
                    .isEqualTo(SignatureVerdict.MISMATCH);
        }

        @Test
        void otherIdOrTimestampIsMismatch() {
            StandardWebhooksSignature signature = new StandardWebhooksSignature("my-secret");
            String header = signature.sign(ID, TS, body);
            assertThat(signature.verify("msg_other", Long.toString(TS), header, body, NOW, TOLERANCE))
                    .isEqualTo(SignatureVerdict.MISMATCH);
            assertThat(signature.verify(ID, Long.toString(TS + 1), header, body, NOW, TOLERANCE))
                    .isEqualTo(SignatureVerdict.MISMATCH);
        }

        @Test
        void wrongSecretIsMismatch() {
            String header = new StandardWebhooksSignature("my-secret").sign(ID, TS, body);
            assertThat(new StandardWebhooksSignature("not-my-secret")
                    .verify(ID, Long.toString(TS), header, body, NOW, TOLERANCE)).isEqualTo(SignatureVerdict.MISMATCH);
        }

        @Test
        void headerNames() {
            assertThat(StandardWebhooksSignature.ID_HEADER).isEqualTo("webhook-id");
            assertThat(StandardWebhooksSignature.TIMESTAMP_HEADER).isEqualTo("webhook-timestamp");
            assertThat(StandardWebhooksSignature.SIGNATURE_HEADER).isEqualTo("webhook-signature");
        }
    }

    @Nested
    class Signer {

        @Test
        void partsAreConcatenated() throws Exception {
            HmacSigner signer = new HmacSigner("HmacSHA256", utf8("k"));
            byte[] whole = signer.sign(utf8("abc.def"));
            assertThat(signer.sign(utf8("abc"), utf8("."), utf8("def"))).isEqualTo(whole);
            assertThat(Base64.getEncoder().encodeToString(whole)).isEqualTo(independentHmac(utf8("k"), utf8("abc.def")));
        }

        @Test
        void signingTwiceGivesTheSameResult() {
            HmacSigner signer = new HmacSigner("HmacSHA256", utf8("k"));
            assertThat(signer.sign(utf8("x"))).isEqualTo(signer.sign(utf8("x")));
        }

        @Test
        void otherAlgorithms() throws Exception {
            HmacSigner sha1 = new HmacSigner("HmacSHA1", utf8("k"));
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(utf8("k"), "HmacSHA1"));
            assertThat(sha1.sign(utf8("body"))).isEqualTo(mac.doFinal(utf8("body")));
        }

        @Test
        void refusesEmptyKeyAndUnknownAlgorithm() {
            assertThatIllegalArgumentException().isThrownBy(() -> new HmacSigner("HmacSHA256", new byte[0]));
            assertThatIllegalArgumentException().isThrownBy(() -> new HmacSigner("HmacSHA256", null));
            assertThatIllegalArgumentException().isThrownBy(() -> new HmacSigner("HmacNope", utf8("k")))
                    .withMessageContaining("HmacNope");
        }

        @Test
        void concurrentUseGivesIdenticalResults() throws Exception {
            HmacSigner signer = new HmacSigner("HmacSHA256", utf8("shared-key"));
            int bodies = 64;
            List<byte[]> inputs = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < bodies; i++) {
                byte[] body = utf8("{\"n\":" + i + ",\"pad\":\"" + "x".repeat(i * 7) + "\"}");
                inputs.add(body);
                expected.add(independentHmac(utf8("shared-key"), body));
            }
            int threads = 8;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<List<String>>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int offset = t;
                    Callable<List<String>> task = () -> {
                        start.await();
                        List<String> mismatches = new ArrayList<>();
                        for (int round = 0; round < 500; round++) {
                            int i = (round + offset) % bodies;
                            // split the body in two parts so that interleaved updates would corrupt the MAC
                            byte[] body = inputs.get(i);
                            int half = body.length / 2;
                            byte[] first = java.util.Arrays.copyOfRange(body, 0, half);
                            byte[] second = java.util.Arrays.copyOfRange(body, half, body.length);
                            String actual = Base64.getEncoder().encodeToString(signer.sign(first, second));
                            if (!actual.equals(expected.get(i))) {
                                mismatches.add(i + ":" + actual);
                            }
                        }
                        return mismatches;
                    };
                    futures.add(pool.submit(task));
                }
                start.countDown();
                for (Future<List<String>> future : futures) {
                    assertThat(future.get(30, TimeUnit.SECONDS)).isEmpty();
                }
            } finally {
                pool.shutdownNow();
            }
        }

        @Test
        void sharedElementsSignatureFromSeveralThreads() throws Exception {
            HeaderSignature signature = ElementsSignature.of("secret-key");
            byte[] body = utf8("{\"a\":1}");
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Boolean>> futures = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    futures.add(pool.submit(() -> {
                        for (int i = 0; i < 1000; i++) {
                            if (!"sha256=tVqBE30N9KPCWFskbp28fpV4EeT9ZhP9q1kvFWh+xSM=".equals(signature.sign(body))) {
                                return false;
                            }
                        }
                        return true;
                    }));
                }
                for (Future<Boolean> future : futures) {
                    assertThat(future.get(30, TimeUnit.SECONDS)).isTrue();
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
