package io.openconnectors.camel;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Settings that cannot work, with every problem found, not just the first.
 */
public class InvalidSettingsException extends IllegalArgumentException {

    private final transient List<SettingProblem> problems;

    public InvalidSettingsException(String what, List<SettingProblem> problems) {
        super(what + ": " + problems.stream().map(SettingProblem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<SettingProblem> getProblems() {
        return problems;
    }
}
