package io.openconnectors.camel.instance;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import io.openconnectors.camel.SettingProblem;

/**
 * Reads typed values out of instance JSON the way Open Connectors accepts them (booleans and numbers also as
 * strings), collecting a problem for each value that does not fit instead of stopping at the first.
 */
final class ConfigReader {

    private final List<SettingProblem> problems = new ArrayList<>();

    void problem(String key, String reason) {
        problems.add(new SettingProblem(key, reason));
    }

    List<SettingProblem> problems() {
        return problems;
    }

    /**
     * A string value; {@code null} when absent, null, not a string, or holding a control character other than tab and
     * line breaks (a problem: no setting needs one, and they break logs and headers).
     */
    String text(String key, JsonNode node) {
        if (absent(node)) {
            return null;
        }
        if (!node.isTextual()) {
            problem(key, show(key, node) + " is not a string");
            return null;
        }
        String text = node.textValue();
        int control = firstControl(text, "\t\n\r");
        if (control >= 0) {
            problem(key, "holds the control character " + String.format("U+%04X", control) + "; it is not allowed");
            return null;
        }
        return text;
    }

    /** A string on one line: {@link #text} without tabs or line breaks either. */
    String line(String key, JsonNode node) {
        String text = text(key, node);
        int control = text == null ? -1 : firstControl(text, "");
        if (control >= 0) {
            problem(key, "holds the control character " + String.format("U+%04X", control) + "; it is not allowed");
            return null;
        }
        return text;
    }

    private static int firstControl(String text, String allowed) {
        return text.codePoints().filter(c -> Character.getType(c) == Character.CONTROL && allowed.indexOf(c) < 0)
                .findFirst().orElse(-1);
    }

    Boolean bool(String key, JsonNode node) {
        if (absent(node)) {
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual()) {
            String text = node.textValue().trim().toLowerCase(Locale.ROOT);
            if (text.equals("true") || text.equals("false")) {
                return Boolean.valueOf(text);
            }
        }
        problem(key, show(key, node) + " is not a boolean (true or false)");
        return null;
    }

    Double number(String key, JsonNode node) {
        return number(key, node, "a number");
    }

    /** A number, also written as a string; the problem says the value {@code is not <expected>}. */
    Double number(String key, JsonNode node, String expected) {
        if (absent(node)) {
            return null;
        }
        if (node.isNumber()) {
            if (Double.isFinite(node.doubleValue())) {
                return node.doubleValue();
            }
            problem(key, show(key, node) + " is out of range");
            return null;
        }
        if (node.isTextual()) {
            try {
                double value = Double.parseDouble(node.textValue().trim());
                if (Double.isFinite(value)) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        problem(key, show(key, node) + " is not " + expected);
        return null;
    }

    Integer integer(String key, JsonNode node) {
        Double value = number(key, node);
        if (value == null) {
            return null;
        }
        if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
            problem(key, show(key, node) + " is not a whole number");
            return null;
        }
        return value.intValue();
    }

    /**
     * The value of a key that sets an endpoint option, as the option's text; {@code null} when absent or not of the
     * key's type (a problem).
     */
    String option(String key, JsonNode node, ConfigKey<?> option) {
        Object typed = switch (option.type()) {
            case TEXT -> text(key, node);
            case INTEGER -> integer(key, node);
            case BOOLEAN -> bool(key, node);
            case CHOICE -> choice(key, node, option.choices());
        };
        return typed == null ? null : typed.toString();
    }

    private String choice(String key, JsonNode node, List<String> choices) {
        String text = text(key, node);
        if (text == null) {
            return null;
        }
        for (String choice : choices) {
            if (choice.equalsIgnoreCase(text.trim())) {
                return choice;
            }
        }
        problem(key, show(key, node) + " is not one of " + String.join(", ", choices));
        return null;
    }

    static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    /** The value as a message may show it: secrets masked, long values cut. */
    static String show(String key, JsonNode node) {
        if (SecretMasker.isSecret(key)) {
            return "the value";
        }
        String text = node.isTextual() ? "'" + node.textValue() + "'" : node.toString();
        return text.length() > 120 ? text.substring(0, 120) + "…" : text;
    }
}
