package io.openconnectors.camel;

/**
 * One option that cannot work, as a {@link SettingProblem}: what a compile step throws, so that the caller collecting
 * every problem takes the problem as it is rather than parsing it back out of a message.
 */
public class InvalidOptionException extends IllegalArgumentException {

    private final transient SettingProblem problem;

    public InvalidOptionException(String option, String reason) {
        this(option, reason, null);
    }

    public InvalidOptionException(String option, String reason, Throwable cause) {
        super(option + ": " + reason, cause);
        this.problem = new SettingProblem(option, reason);
    }

    public SettingProblem getProblem() {
        return problem;
    }
}
