package org.dmad.weka;

import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import org.tribuo.Trainer;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * The default settings of a Tribuo trainer, read from the provenance of a trainer built with its no-argument
 * constructor. The Weka classifiers take their defaults from here so that each default is written once, in the
 * trainer's {@code @Config} fields, and a Weka option can never drift from its Tribuo counterpart.
 */
public final class TrainerDefaults {

    private final String trainer;
    private final Map<String, Provenance> settings;

    /**
     * Reads the defaults of a trainer.
     *
     * @param defaultTrainer a trainer with every setting at its default.
     */
    public TrainerDefaults(Trainer<?> defaultTrainer) {
        this.trainer = defaultTrainer.getClass().getSimpleName();
        this.settings = defaultTrainer.getProvenance().getConfiguredParameters();
    }

    private Object value(String name) {
        Provenance p = settings.get(name);
        if (p instanceof PrimitiveProvenance<?> primitive) {
            return primitive.getValue();
        }
        throw new IllegalStateException(trainer + " has no single-valued setting '" + name + "' (it has "
                + settings.keySet() + ")");
    }

    /**
     * @param name a {@code @Config} field name.
     * @return its default as an int.
     */
    public int intValue(String name) {
        return ((Number) value(name)).intValue();
    }

    /**
     * @param name a {@code @Config} field name.
     * @return its default as a long.
     */
    public long longValue(String name) {
        return ((Number) value(name)).longValue();
    }

    /**
     * @param name a {@code @Config} field name.
     * @return its default as a double.
     */
    public double doubleValue(String name) {
        return ((Number) value(name)).doubleValue();
    }

    /**
     * @param name a {@code @Config} field name.
     * @return its default as a string.
     */
    public String stringValue(String name) {
        return value(name).toString();
    }

    /**
     * @param name a {@code @Config} field name.
     * @return its default as a boolean.
     */
    public boolean booleanValue(String name) {
        return (Boolean) value(name);
    }

    /**
     * A list setting as Weka shows it: its elements joined by commas, e.g. {@code 256,512,256}.
     *
     * @param name a {@code @Config} field holding a list.
     * @return the comma-separated default.
     */
    public String listValue(String name) {
        if (settings.get(name) instanceof ListProvenance<?> list) {
            return StreamSupport.stream(list.spliterator(), false)
                    .map(p -> ((PrimitiveProvenance<?>) p).getValue().toString())
                    .collect(Collectors.joining(","));
        }
        throw new IllegalStateException(trainer + " has no list setting '" + name + "'");
    }
}
