package io.openconnectors.camel;

/**
 * One thing wrong with a setting: which setting (an endpoint option or an instance configuration key) and why. The
 * reason names the bad value unless it is a secret.
 */
public record SettingProblem(String key, String reason) {

    @Override
    public String toString() {
        return key + ": " + reason;
    }
}
