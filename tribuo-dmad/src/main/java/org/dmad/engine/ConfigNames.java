package org.dmad.engine;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Parsing of the configuration names of detector variants (enums whose constants carry a camel-case name used in
 * OLCUT configs, Weka options and docs), so that every variant setting reports an unknown name the same way.
 */
public final class ConfigNames {

    private ConfigNames() {}

    /**
     * Finds the constant whose configuration name equals {@code name}, ignoring case and surrounding spaces.
     *
     * @param type       the enum.
     * @param configName each constant's configuration name.
     * @param name       the name to parse.
     * @param what       what is being parsed, for the message (e.g. "DTE-InverseGamma score").
     * @param <E>        the enum type.
     * @return the constant.
     * @throws IllegalArgumentException for any other name, listing the valid ones.
     */
    public static <E extends Enum<E>> E parse(Class<E> type, Function<E, String> configName, String name, String what) {
        for (E e : type.getEnumConstants()) {
            if (name != null && configName.apply(e).equalsIgnoreCase(name.trim())) {
                return e;
            }
        }
        throw new IllegalArgumentException("Unknown " + what + " '" + name + "': use "
                + Arrays.stream(type.getEnumConstants()).map(configName).collect(Collectors.joining(" or ")));
    }
}
