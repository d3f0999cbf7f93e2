package io.openconnectors.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The bearer token every management call must carry. Configured, or generated at first start and kept in the data
 * folder (readable by its owner only), so that a restart keeps it.
 */
final class ApiToken {

    private static final String FILE = "api-token";

    private final byte[] token;
    private final boolean generated;

    private ApiToken(String token, boolean generated) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.generated = generated;
    }

    static ApiToken configured(String token) {
        return new ApiToken(token, false);
    }

    /** The token kept in {@code dataDir}, created when there is none yet. */
    static ApiToken kept(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        if (Files.exists(file)) {
            return new ApiToken(Files.readString(file, StandardCharsets.UTF_8).trim(), false);
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        PrivateFiles.write(file, token.getBytes(StandardCharsets.UTF_8));
        return new ApiToken(token, true);
    }

    /** Whether this start created the token: then it is shown once. */
    boolean generated() {
        return generated;
    }

    String value() {
        return new String(token, StandardCharsets.UTF_8);
    }

    /** Checks an {@code Authorization} header value in constant time. */
    boolean accepts(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(token, authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8));
    }
}
