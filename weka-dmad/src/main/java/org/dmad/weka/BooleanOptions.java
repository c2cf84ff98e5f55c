package org.dmad.weka;

import weka.core.OptionMetadata;
import weka.core.Utils;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parses boolean settings written as {@code -name true|false}. Weka's {@code @OptionMetadata} handling writes such an
 * option in {@code getOptions()} but cannot read it back (it converts numbers, strings and enums only), and its
 * alternative, a flag, would turn a setting whose default is true into false whenever the flag is left out. So the
 * classifiers take these options out before Weka's parsing and set them here.
 */
final class BooleanOptions {

    private BooleanOptions() {
    }

    /** The boolean settings found in one option array, waiting to be set. */
    static final class Values {
        private final Map<Method, Boolean> values = new LinkedHashMap<>();

        /**
         * Sets the parsed values.
         *
         * @param target the classifier.
         * @throws Exception when a setter fails.
         */
        void apply(Object target) throws Exception {
            for (Map.Entry<Method, Boolean> e : values.entrySet()) {
                try {
                    e.getKey().invoke(target, e.getValue());
                } catch (InvocationTargetException ex) {
                    throw ex.getCause() instanceof Exception cause ? cause : ex;
                }
            }
        }
    }

    /**
     * Removes every {@code -name value} option of an annotated boolean setter of the target from the array.
     *
     * @param target  the classifier.
     * @param options the options; the boolean ones are blanked out as Weka's own parsing does.
     * @return the values to set.
     * @throws Exception when a value is neither true nor false.
     */
    static Values take(Object target, String[] options) throws Exception {
        Values out = new Values();
        for (Method m : target.getClass().getMethods()) {
            OptionMetadata meta = m.getAnnotation(OptionMetadata.class);
            if (meta == null || meta.commandLineParamIsFlag() || meta.commandLineParamName().isEmpty()
                    || m.getParameterCount() != 1 || m.getParameterTypes()[0] != boolean.class) {
                continue;
            }
            String value = Utils.getOption(meta.commandLineParamName(), options);
            if (value.isEmpty()) {
                continue;
            }
            String v = value.trim().toLowerCase(Locale.ROOT);
            if (!v.equals("true") && !v.equals("false")) {
                throw new IllegalArgumentException("Option -" + meta.commandLineParamName()
                        + " takes true or false, got '" + value + "'");
            }
            out.values.put(m, Boolean.parseBoolean(v));
        }
        return out;
    }
}
