package io.openconnectors.gateway;

import java.util.List;

import io.openconnectors.camel.SettingProblem;

/**
 * A request the API refuses: its HTTP status, a one-line reason, and for invalid instances every problem.
 */
final class ApiException extends RuntimeException {

    private final int status;
    private final transient List<SettingProblem> problems;

    ApiException(int status, String reason) {
        this(status, reason, List.of());
    }

    ApiException(int status, String reason, List<SettingProblem> problems) {
        super(reason, null, false, false);
        this.status = status;
        this.problems = List.copyOf(problems);
    }

    static ApiException notFound(String what) {
        return new ApiException(404, "no " + what);
    }

    int status() {
        return status;
    }

    List<SettingProblem> problems() {
        return problems;
    }
}
