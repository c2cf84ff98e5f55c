package org.dmad.tribuo;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The values a {@code @Config} string setting accepts, declared next to the field, so that front ends (Weka's
 * drop-downs, command-line checks) can offer and check them without a list of their own. The trainer's
 * {@code postConfig()} stays the judge of what is valid; this annotation only names the values.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface ConfigValues {

    /**
     * The enum whose constants are the values: each constant's {@code configName()} where the enum has that method,
     * else its name in lower case.
     *
     * @return the enum, or none when {@link #names()} lists the values.
     */
    Class<? extends Enum<?>>[] value() default {};

    /**
     * The values written out, for a setting without an enum.
     *
     * @return the values.
     */
    String[] names() default {};

    /**
     * Whether values of a documented form beyond those listed are accepted too (such as {@code gpu:N}).
     *
     * @return true for an open list.
     */
    boolean open() default false;
}
