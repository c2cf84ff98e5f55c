package org.dmad.weka;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.property.ListProperty;
import com.oracle.labs.mlrg.olcut.config.property.Property;
import com.oracle.labs.mlrg.olcut.config.property.SimpleProperty;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.dmad.tribuo.ConfigValues;
import org.dmad.tribuo.DMADTrainer;

/**
 * The settings of a Tribuo trainer, read by reflection from its {@code @Config} fields (superclass fields first):
 * the single source of every option, tip text and GUI field of the Weka classifiers. A trainer is built from
 * settings written as text through OLCUT's configuration manager, so that OLCUT converts the values and the
 * trainer's {@code postConfig()} validates them, as for an XML configuration.
 */
public final class TrainerSettings {

    private static final Map<Class<?>, TrainerSettings> CACHE = new ConcurrentHashMap<>();

    private final Class<? extends DMADTrainer> trainer;
    private final List<Setting> settings;
    private final Map<String, Setting> byName;

    private TrainerSettings(Class<? extends DMADTrainer> trainer) {
        this.trainer = trainer;
        DMADTrainer defaults = newDefault(trainer);
        List<Class<?>> hierarchy = new ArrayList<>();
        for (Class<?> c = trainer; c != null && DMADTrainer.class.isAssignableFrom(c); c = c.getSuperclass()) {
            hierarchy.add(0, c);
        }
        List<Setting> out = new ArrayList<>();
        for (Class<?> c : hierarchy) {
            for (Field f : c.getDeclaredFields()) {
                Config config = f.getAnnotation(Config.class);
                if (config != null && !Modifier.isStatic(f.getModifiers())) {
                    out.add(setting(f, config, defaults));
                }
            }
        }
        this.settings = List.copyOf(out);
        this.byName = out.stream().collect(Collectors.toMap(Setting::name, s -> s, (a, b) -> b, LinkedHashMap::new));
    }

    /**
     * The settings of a trainer class (read once per class).
     *
     * @param trainer a trainer class with a no-argument constructor.
     * @return its settings.
     */
    public static TrainerSettings of(Class<? extends DMADTrainer> trainer) {
        return CACHE.computeIfAbsent(trainer, t -> new TrainerSettings(trainer));
    }

    /** @return every setting, in declaration order, the shared ones first. */
    public List<Setting> all() {
        return settings;
    }

    /**
     * A setting by its {@code @Config} name.
     *
     * @param name the name.
     * @return the setting.
     * @throws IllegalArgumentException naming the trainer's settings when there is none of that name.
     */
    public Setting get(String name) {
        Setting s = byName.get(name);
        if (s == null) {
            throw new IllegalArgumentException(
                    trainer.getSimpleName() + " has no setting '" + name + "'; it has " + byName.keySet());
        }
        return s;
    }

    /** @return every setting at its default, as text, by name. */
    public Map<String, String> defaults() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Setting s : settings) {
            out.put(s.name(), s.defaultText());
        }
        return out;
    }

    /**
     * Builds and validates a trainer.
     *
     * @param values text values by setting name; a setting left out keeps its default.
     * @return the trainer.
     * @throws com.oracle.labs.mlrg.olcut.config.PropertyException naming an invalid setting.
     */
    public DMADTrainer build(Map<String, String> values) {
        Map<String, Property> properties = new HashMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            Setting s = get(e.getKey());
            properties.put(
                    s.name(),
                    s.kind() == Setting.Kind.INT_LIST
                            ? ListProperty.createFromStringList(Setting.parts(e.getValue()))
                            : new SimpleProperty(e.getValue()));
        }
        ConfigurationManager cm = new ConfigurationManager();
        try {
            cm.addConfiguration(new ConfigurationData("trainer", trainer.getName(), properties));
            return (DMADTrainer) cm.lookup("trainer");
        } finally {
            cm.close();
        }
    }

    private static DMADTrainer newDefault(Class<? extends DMADTrainer> trainer) {
        try {
            Constructor<? extends DMADTrainer> c = trainer.getDeclaredConstructor();
            c.setAccessible(true);
            return c.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(trainer.getName() + " needs a no-argument constructor (OLCUT's)", e);
        }
    }

    private static Setting setting(Field f, Config config, DMADTrainer defaults) {
        f.setAccessible(true);
        Object value;
        try {
            value = f.get(defaults);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        Setting.Kind kind = kind(f);
        String defaultText = value instanceof List<?> list
                ? list.stream().map(String::valueOf).collect(Collectors.joining(","))
                : String.valueOf(value);
        ConfigValues allowed = f.getAnnotation(ConfigValues.class);
        List<String> values = allowed == null ? List.of() : values(allowed);
        return new Setting(
                f.getName(),
                Setting.optionOf(f.getName()),
                kind,
                config.description(),
                defaultText,
                values,
                allowed != null && allowed.open(),
                f.getDeclaringClass());
    }

    private static Setting.Kind kind(Field f) {
        Class<?> t = f.getType();
        if (t == int.class || t == Integer.class) {
            return Setting.Kind.INT;
        } else if (t == long.class || t == Long.class) {
            return Setting.Kind.LONG;
        } else if (t == double.class || t == Double.class) {
            return Setting.Kind.DOUBLE;
        } else if (t == boolean.class || t == Boolean.class) {
            return Setting.Kind.BOOLEAN;
        } else if (t == String.class) {
            return Setting.Kind.TEXT;
        } else if (List.class.isAssignableFrom(t)
                && f.getGenericType() instanceof ParameterizedType p
                && p.getActualTypeArguments()[0] == Integer.class) {
            return Setting.Kind.INT_LIST;
        }
        throw new IllegalStateException("The Weka classifiers cannot offer "
                + f.getDeclaringClass().getSimpleName() + "." + f.getName() + " of type " + f.getGenericType());
    }

    /**
     * The values an annotation names: its enum constants' configuration names, or its names.
     *
     * @param allowed the annotation.
     * @return the values.
     */
    static List<String> values(ConfigValues allowed) {
        List<String> out = new ArrayList<>(List.of(allowed.names()));
        for (Class<? extends Enum<?>> type : allowed.value()) {
            Method configName = null;
            try {
                configName = type.getMethod("configName");
            } catch (NoSuchMethodException e) {
                // Lower-case constant names, then.
            }
            for (Enum<?> constant : type.getEnumConstants()) {
                try {
                    out.add(
                            configName != null
                                    ? (String) configName.invoke(constant)
                                    : constant.name().toLowerCase(Locale.ROOT));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Collections.unmodifiableList(out);
    }
}
