package org.dmad.tribuo;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks of one trainer setting each, for the trainers' {@code postConfig()}. Every check knows the name of the
 * {@code @Config} field it checks and throws a {@link PropertyException} for that field, with a message that names
 * the setting, the value it got and what is allowed; no field is ever inferred from another exception's message.
 */
final class SettingCheck {

    private static final Pattern GPU_INDEX = Pattern.compile("gpu:\\d+");

    private SettingCheck() {}

    /**
     * The exception for an invalid setting.
     *
     * @param name    the {@code @Config} field name.
     * @param message what is wrong, naming the setting.
     * @return the exception, to throw.
     */
    static PropertyException invalid(String name, String message) {
        return new PropertyException("", name, message);
    }

    /**
     * An integer setting with a lower bound.
     *
     * @param name  the setting.
     * @param value its value.
     * @param min   the least allowed value.
     * @throws PropertyException when {@code value < min}.
     */
    static void atLeast(String name, int value, int min) {
        if (value < min) {
            throw invalid(name, name + " must be at least " + min + ", got " + value);
        }
    }

    /**
     * A non-negative integer setting whose 0 has a meaning.
     *
     * @param name     the setting.
     * @param value    its value.
     * @param zeroMeans what 0 means, e.g. "automatic".
     * @throws PropertyException when {@code value < 0}.
     */
    static void zeroOrPositive(String name, int value, String zeroMeans) {
        if (value < 0) {
            throw invalid(name, name + " must be 0 (" + zeroMeans + ") or positive, got " + value);
        }
    }

    /**
     * An integer setting in a closed range whose bounds may be other settings.
     *
     * @param name  the setting.
     * @param value its value.
     * @param min   the least allowed value.
     * @param max   the largest allowed value.
     * @param range the range as the message shows it, e.g. "[1, timesteps = 1000]".
     * @throws PropertyException when {@code value} lies outside {@code [min, max]}.
     */
    static void inRange(String name, int value, int min, int max, String range) {
        if (value < min || value > max) {
            throw invalid(name, name + " must be in " + range + ", got " + value);
        }
    }

    /**
     * A probability-like setting in {@code [0, 1)} (dropout).
     *
     * @param name  the setting.
     * @param value its value.
     * @throws PropertyException when the value lies outside {@code [0, 1)} or is NaN.
     */
    static void fraction(String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw invalid(name, name + " must be in [0, 1), got " + value);
        }
    }

    /**
     * A setting in the closed unit interval.
     *
     * @param name  the setting.
     * @param value its value.
     * @throws PropertyException when the value lies outside {@code [0, 1]} or is NaN.
     */
    static void unitInterval(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw invalid(name, name + " must be in [0, 1], got " + value);
        }
    }

    /**
     * A positive finite setting (a learning rate).
     *
     * @param name  the setting.
     * @param value its value.
     * @throws PropertyException when the value is not positive and finite.
     */
    static void positiveFinite(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw invalid(name, name + " must be positive and finite, got " + value);
        }
    }

    /**
     * A non-negative finite setting (a penalty, a disturbance).
     *
     * @param name  the setting.
     * @param value its value.
     * @throws PropertyException when the value is negative, infinite or NaN.
     */
    static void nonNegativeFinite(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw invalid(name, name + " must be non-negative and finite, got " + value);
        }
    }

    /**
     * A list of layer widths: every width at least 1.
     *
     * @param name   the setting.
     * @param widths its value.
     * @throws PropertyException when the list is missing or a width is below 1.
     */
    static void widths(String name, List<Integer> widths) {
        if (widths == null || widths.contains(null) || widths.stream().anyMatch(w -> w < 1)) {
            throw invalid(name, name + " must be positive widths, got " + widths);
        }
    }

    /**
     * A setting that names one constant of an enum, spelled as its lower-case constant name (any case, surrounding
     * blanks ignored, as the engine's parsers read it).
     *
     * @param name  the setting.
     * @param value its value.
     * @param type  the enum.
     * @param <E>   the enum type.
     * @return the constant.
     * @throws PropertyException listing the allowed names when the value names none.
     */
    static <E extends Enum<E>> E oneOf(String name, String value, Class<E> type) {
        return oneOf(name, value, type, e -> e.name().toLowerCase(Locale.ROOT));
    }

    /**
     * A setting that names one constant of an enum by its configuration name (any case, surrounding blanks
     * ignored).
     *
     * @param name       the setting.
     * @param value      its value.
     * @param type       the enum.
     * @param configName the configuration name of a constant.
     * @param <E>        the enum type.
     * @return the constant.
     * @throws PropertyException listing the allowed names when the value names none.
     */
    static <E extends Enum<E>> E oneOf(String name, String value, Class<E> type, Function<E, String> configName) {
        E[] constants = type.getEnumConstants();
        if (value != null) {
            for (E e : constants) {
                if (configName.apply(e).equalsIgnoreCase(value.trim())) {
                    return e;
                }
            }
        }
        String allowed = Arrays.stream(constants).map(configName).collect(Collectors.joining(", "));
        throw invalid(name, name + " must be one of " + allowed + ", got '" + value + "'");
    }

    /**
     * The device setting: {@code cpu}, {@code gpu}, {@code gpu:N} or {@code auto}, any case.
     *
     * @param name  the setting.
     * @param value its value.
     * @throws PropertyException for anything else.
     */
    static void device(String name, String value) {
        String d = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (!(d.equals("cpu")
                || d.equals("gpu")
                || d.equals("auto")
                || GPU_INDEX.matcher(d).matches())) {
            throw invalid(name, name + " must be cpu, gpu, gpu:N or auto, got '" + value + "'");
        }
    }

    /**
     * A condition between settings, reported on the setting it names.
     *
     * @param holds   whether the settings are consistent.
     * @param name    the setting to blame.
     * @param message the message, naming the setting and the values.
     * @throws PropertyException when {@code holds} is false.
     */
    static void require(boolean holds, String name, String message) {
        if (!holds) {
            throw invalid(name, message);
        }
    }

    /**
     * A setting checked by a validator of the domain type it configures (weights that must match the members, say),
     * reported on that setting with the validator's message.
     *
     * @param name       the setting.
     * @param validation throws IllegalArgumentException when the setting is invalid.
     * @throws PropertyException naming {@code name}, with the validation's message.
     */
    static void validates(String name, Runnable validation) {
        try {
            validation.run();
        } catch (IllegalArgumentException e) {
            throw new PropertyException(e, "", name, e.getMessage());
        }
    }
}
