package org.dmad.weka;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One setting of a dmad Weka classifier, read from a {@code @Config} field of the detector's Tribuo trainer: its
 * name, Weka option, description, default and, for a fixed set of values, those values. Values travel as text, as
 * on Weka's command line; {@link #canonical} checks one and writes it the way the trainer's configuration reads it.
 *
 * @param name        the {@code @Config} field name.
 * @param option      the Weka option, without the dash: the name, except {@code S} for the seed (Weka's seed
 *                    option) and a one-letter name in upper case (Weka's evaluation takes the lower-case letters).
 * @param kind        the value type.
 * @param description the {@code @Config} description.
 * @param defaultText the trainer's default, as text.
 * @param values      the accepted values of a fixed-value setting, else empty.
 * @param open        whether values of a documented form beyond {@code values} are accepted (e.g. gpu:N).
 * @param group       the trainer class that declares the field, for grouping in the GUI.
 */
public record Setting(
        String name,
        String option,
        Kind kind,
        String description,
        String defaultText,
        List<String> values,
        boolean open,
        Class<?> group) {

    /** The value types of {@code @Config} fields that the Weka classifiers offer. */
    public enum Kind {
        /** An int. */
        INT,
        /** A long. */
        LONG,
        /** A double. */
        DOUBLE,
        /** true or false. */
        BOOLEAN,
        /** Text, possibly from a fixed set of values. */
        TEXT,
        /** A list of ints, written comma-separated. */
        INT_LIST
    }

    /**
     * The option name of a setting.
     *
     * @param name a {@code @Config} field name.
     * @return the Weka option without the dash.
     */
    static String optionOf(String name) {
        if (name.equals("seed")) {
            return "S";
        }
        return name.length() == 1 ? name.toUpperCase(Locale.ROOT) : name;
    }

    /** @return whether the GUI offers the setting as a drop-down. */
    public boolean isDropDown() {
        return kind == Kind.BOOLEAN || !values.isEmpty();
    }

    /** @return the values a drop-down offers. */
    public List<String> dropDownValues() {
        return kind == Kind.BOOLEAN ? List.of("false", "true") : values;
    }

    /**
     * Checks a value and writes it as the configuration reads it.
     *
     * @param text the value as typed.
     * @return the value, trimmed; a fixed value in its listed spelling.
     * @throws IllegalArgumentException naming the option, the value and what it accepts.
     */
    public String canonical(String text) {
        String v = text == null ? "" : text.trim();
        try {
            switch (kind) {
                case INT -> Integer.parseInt(v);
                case LONG -> Long.parseLong(v);
                case DOUBLE -> {
                    if (!Double.isFinite(Double.parseDouble(v))) {
                        throw new NumberFormatException();
                    }
                }
                case BOOLEAN -> {
                    if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                        throw new IllegalArgumentException(problem(text, "true or false"));
                    }
                    return v.toLowerCase(Locale.ROOT);
                }
                case INT_LIST -> {
                    return String.join(
                            ",",
                            parts(v).stream()
                                    .map(p -> Integer.toString(Integer.parseInt(p)))
                                    .toList());
                }
                case TEXT -> {
                    for (String value : values) {
                        if (value.equalsIgnoreCase(v)) {
                            return value;
                        }
                    }
                    if (!values.isEmpty() && !open) {
                        throw new IllegalArgumentException(problem(text, String.join(", ", values)));
                    }
                }
                default -> throw new IllegalStateException(kind.toString());
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    problem(
                            text,
                            switch (kind) {
                                case INT, LONG -> "an integer";
                                case DOUBLE -> "a finite number";
                                default -> "comma-separated integers such as 64,32";
                            }),
                    e);
        }
        return v;
    }

    private String problem(String text, String accepted) {
        return "-" + option + " (" + name + ") takes " + accepted + ", got '" + text + "'";
    }

    /**
     * The elements of a comma-separated list.
     *
     * @param text the list.
     * @return its elements, trimmed.
     */
    static List<String> parts(String text) {
        List<String> out = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            out.add(part.trim());
        }
        return out;
    }

    /** @return the description with the default and, for a fixed set, the values: Weka's tip text. */
    public String tipText() {
        String choices = values.isEmpty() ? "" : " Values: " + String.join(", ", values) + (open ? ", ..." : "") + ".";
        String d = description.endsWith(".") ? description : description + ".";
        return d + choices + " (default " + defaultText + ")";
    }
}
