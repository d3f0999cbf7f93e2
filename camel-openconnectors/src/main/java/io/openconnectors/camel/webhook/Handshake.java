package io.openconnectors.camel.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import io.openconnectors.camel.InvalidOptionException;
import io.openconnectors.camel.record.FieldPath;

/**
 * The subscription handshakes vendors send before their first event: a GET whose challenge parameter is echoed (WebSub,
 * Meta), and a JSON POST whose challenge field is echoed (Slack's url_verification).
 */
final class Handshake {

    /** Echoes are meant for short tokens; a longer value is refused rather than reflected. */
    private static final int MAX_CHALLENGE_LENGTH = 1024;

    private final String challengeParam;
    private final String verifyToken;
    private final String verifyTokenParam;
    private final FieldPath challengeField;
    private final FieldPath conditionField;
    private final String conditionValue;

    /**
     * @throws IllegalArgumentException naming the option when challengeField or challengeCondition is malformed
     */
    Handshake(WebhookConfiguration config) {
        this.challengeParam = config.getChallengeParam();
        this.verifyToken = config.getVerifyToken();
        this.verifyTokenParam = config.getVerifyTokenParam();
        this.challengeField = config.getChallengeField() == null ? null : FieldPath.parse(config.getChallengeField());
        String condition = config.getChallengeCondition();
        if (condition == null) {
            conditionField = null;
            conditionValue = null;
        } else {
            int eq = condition.indexOf('=');
            if (eq <= 0) {
                throw new InvalidOptionException("challengeCondition", "'" + condition + "' is not field=value");
            }
            try {
                conditionField = FieldPath.parse(condition.substring(0, eq).trim());
            } catch (IllegalArgumentException e) {
                throw new InvalidOptionException("challengeCondition", e.getMessage(), e);
            }
            conditionValue = condition.substring(eq + 1).trim();
        }
    }

    /** The answer to a GET, given its query parameters. */
    WebhookAnswer onGet(Function<String, String> queryParam) {
        String challenge = challengeParam == null ? null : queryParam.apply(challengeParam);
        if (challenge == null) {
            return WebhookAnswer.error(405, "GET is only for subscription handshakes; events are POSTed");
        }
        if (verifyToken != null && !matches(verifyToken, queryParam.apply(verifyTokenParam))) {
            return WebhookAnswer.error(403, verifyTokenParam + " does not match");
        }
        return echo(challenge);
    }

    /** The answer to a JSON handshake, or {@code null} when the body is an ordinary webhook. */
    WebhookAnswer onJson(JsonNode body) {
        if (challengeField == null) {
            return null;
        }
        if (conditionField != null) {
            JsonNode actual = conditionField.resolve(body);
            if (actual == null || !conditionValue.equals(actual.asText())) {
                return null;
            }
        }
        JsonNode challenge = challengeField.resolve(body);
        return challenge == null || !challenge.isValueNode() ? null : echo(challenge.asText());
    }

    private static boolean matches(String expected, String actual) {
        return actual != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                actual.getBytes(StandardCharsets.UTF_8));
    }

    private static WebhookAnswer echo(String challenge) {
        if (challenge.length() > MAX_CHALLENGE_LENGTH) {
            return WebhookAnswer.error(400, "the challenge is longer than " + MAX_CHALLENGE_LENGTH + " characters");
        }
        return WebhookAnswer.challenge(challenge);
    }
}
