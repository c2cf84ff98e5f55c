package org.dmad.tribuo;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.dmad.engine.Autoencoder;
import org.dmad.engine.MLPNetwork;
import org.dmad.engine.NetworkHandle;
import org.dmad.tribuo.protos.DoubleArrayProto;
import org.dmad.tribuo.protos.GenericModelProto;
import org.dmad.tribuo.protos.StateEntryProto;
import org.tribuo.protos.core.ModelProto;

/**
 * The protobuf form of a dmad model without a message of its own: the common parts (Tribuo's metadata, the
 * standardiser, the threshold), then the model's own state as named entries (networks, numbers, integers, strings,
 * double arrays), sealed with the integrity digest ({@link ModelIntegrity}). A new model writes no protobuf code:
 * <pre>{@code
 * public ModelProto serialize() {
 *     return ModelState.write(this, state -> state.network("net", network).integer("bins", bins));
 * }
 *
 * public static MyModel deserializeFromProto(int version, String className, Any message)
 *         throws InvalidProtocolBufferException {
 *     return ModelState.read(version, className, message,
 *             (parts, state) -> new MyModel(parts, state.network("net"), state.integer("bins")));
 * }
 * }</pre>
 * Tribuo's {@code Model.deserialize} finds the static {@code deserializeFromProto} by reflection. A missing entry,
 * or one of another type than asked for, fails the load with an error naming the entry and the model class. The
 * message is {@code GenericModelProto} in {@code generic_models.proto}; the models that existed before it keep their
 * own messages.
 */
public final class ModelState {

    /** The format version {@link #write} stores (sealed: the digest is required). */
    public static final int CURRENT_VERSION = 1;

    private ModelState() {}

    /**
     * Builds a model from its common parts and its state entries.
     *
     * @param <M> the model type.
     */
    @FunctionalInterface
    public interface Factory<M extends DMADModel> {
        /**
         * Creates the model.
         *
         * @param parts the common parts (name, provenance, domains, standardiser, threshold).
         * @param state the model's own entries.
         * @return the model.
         */
        M create(DMADModel.Parts parts, Reader state);
    }

    /**
     * Writes a model: its common parts, then the entries {@code state} adds, sealed with the integrity digest.
     *
     * @param model the model.
     * @param state adds the model's own entries to the writer.
     * @return Tribuo's {@code ModelProto}, naming the model's class.
     */
    public static ModelProto write(DMADModel model, Consumer<Writer> state) {
        Writer writer = new Writer(model.getClass().getName());
        state.accept(writer);
        GenericModelProto.Builder payload = ModelProtos.withParts(GenericModelProto.newBuilder(), model);
        payload.addAllEntries(writer.entries.values());
        return ModelProtos.modelProto(model.getClass(), CURRENT_VERSION, payload.build());
    }

    /**
     * Reads a model written by {@link #write}, after checking the version and the integrity digest.
     *
     * @param version   the format version from the file.
     * @param className the class name from the file.
     * @param message   the payload.
     * @param factory   builds the model from its parts and entries.
     * @param <M>       the model type.
     * @return the model.
     * @throws InvalidProtocolBufferException when the payload is not a {@code GenericModelProto}.
     * @throws IllegalStateException          when the digest does not match, or an entry is missing or mistyped.
     */
    public static <M extends DMADModel> M read(int version, String className, Any message, Factory<M> factory)
            throws InvalidProtocolBufferException {
        ModelProtos.checkVersion(version, CURRENT_VERSION, className);
        GenericModelProto proto = ModelIntegrity.unpack(message, GenericModelProto.class, version, className);
        return factory.create(ModelProtos.parts(proto, className), new Reader(className, proto.getEntriesList()));
    }

    /** Collects a model's named entries; each name once. */
    public static final class Writer {
        private final String className;
        private final Map<String, StateEntryProto> entries = new LinkedHashMap<>();

        private Writer(String className) {
            this.className = className;
        }

        private Writer put(String name, StateEntryProto.Builder entry) {
            Objects.requireNonNull(name, "name");
            if (name.isEmpty()) {
                throw new IllegalArgumentException(className + ": a state entry needs a name");
            }
            if (entries.containsKey(name)) {
                throw new IllegalArgumentException(className + " writes the state entry '" + name + "' twice");
            }
            entries.put(name, entry.setName(name).build());
            return this;
        }

        /**
         * Adds a network: its architecture ({@link MLPNetwork} or {@link Autoencoder}), parameter bytes and trained
         * device setting.
         *
         * @param name    the entry name.
         * @param network the network.
         * @return this writer.
         * @throws IllegalArgumentException when the architecture is neither.
         */
        public Writer network(String name, NetworkHandle network) {
            if (network.spec() instanceof MLPNetwork) {
                return put(name, StateEntryProto.newBuilder().setMlp(ModelProtos.toProto(network)));
            }
            if (network.spec() instanceof Autoencoder) {
                return put(name, StateEntryProto.newBuilder().setAutoencoder(CompositeProtos.toProto(network)));
            }
            throw new IllegalArgumentException(className + ": the network '" + name + "' is a "
                    + network.spec().getClass().getName() + "; ModelState stores MLPNetwork and Autoencoder networks");
        }

        /**
         * @param name  the entry name.
         * @param value a double.
         * @return this writer.
         */
        public Writer number(String name, double value) {
            return put(name, StateEntryProto.newBuilder().setNumber(value));
        }

        /**
         * @param name  the entry name.
         * @param value an integer.
         * @return this writer.
         */
        public Writer integer(String name, long value) {
            return put(name, StateEntryProto.newBuilder().setInteger(value));
        }

        /**
         * @param name  the entry name.
         * @param value a string, not null.
         * @return this writer.
         */
        public Writer text(String name, String value) {
            return put(name, StateEntryProto.newBuilder().setText(Objects.requireNonNull(value, name)));
        }

        /**
         * @param name   the entry name.
         * @param values the doubles (copied).
         * @return this writer.
         */
        public Writer doubles(String name, double[] values) {
            DoubleArrayProto.Builder array = DoubleArrayProto.newBuilder();
            for (double v : values) {
                array.addValues(v);
            }
            return put(name, StateEntryProto.newBuilder().setDoubles(array));
        }
    }

    /** A model's named entries, as read from a file. */
    public static final class Reader {
        private final String className;
        private final Map<String, StateEntryProto> entries = new LinkedHashMap<>();

        private Reader(String className, List<StateEntryProto> list) {
            this.className = className;
            for (StateEntryProto e : list) {
                if (entries.put(e.getName(), e) != null) {
                    throw new IllegalStateException("Invalid protobuf: the " + className + " state holds the entry '"
                            + e.getName() + "' twice");
                }
            }
        }

        private StateEntryProto entry(String name, StateEntryProto.ValueCase expected) {
            StateEntryProto e = entries.get(name);
            if (e == null) {
                throw new IllegalStateException("Invalid protobuf: the " + className + " state has no entry '" + name
                        + "' (it has " + (entries.isEmpty() ? "none" : String.join(", ", entries.keySet())) + ")");
            }
            if (e.getValueCase() != expected) {
                throw new IllegalStateException("Invalid protobuf: the " + className + " state entry '" + name + "' is "
                        + describe(e.getValueCase()) + ", not " + describe(expected));
            }
            return e;
        }

        private static String describe(StateEntryProto.ValueCase c) {
            return switch (c) {
                case NUMBER -> "a number";
                case INTEGER -> "an integer";
                case TEXT -> "a string";
                case DOUBLES -> "a double array";
                case MLP, AUTOENCODER -> "a network";
                case VALUE_NOT_SET -> "empty";
            };
        }

        /** @return the entry names, in the order they were written. */
        public List<String> names() {
            return new ArrayList<>(entries.keySet());
        }

        /**
         * @param name the entry name.
         * @return the network (an {@link MLPNetwork} or {@link Autoencoder}).
         */
        public NetworkHandle network(String name) {
            StateEntryProto e = entries.get(name);
            if (e != null && e.getValueCase() == StateEntryProto.ValueCase.AUTOENCODER) {
                return CompositeProtos.fromProto(e.getAutoencoder());
            }
            return ModelProtos.fromProto(
                    entry(name, StateEntryProto.ValueCase.MLP).getMlp());
        }

        /**
         * @param name the entry name.
         * @return the double.
         */
        public double number(String name) {
            return entry(name, StateEntryProto.ValueCase.NUMBER).getNumber();
        }

        /**
         * @param name the entry name.
         * @return the integer.
         */
        public long longInteger(String name) {
            return entry(name, StateEntryProto.ValueCase.INTEGER).getInteger();
        }

        /**
         * @param name the entry name.
         * @return the integer.
         * @throws IllegalStateException when the stored integer does not fit an {@code int}.
         */
        public int integer(String name) {
            long v = longInteger(name);
            if (v != (int) v) {
                throw new IllegalStateException("Invalid protobuf: the " + className + " state entry '" + name
                        + "' holds " + v + ", which does not fit an int");
            }
            return (int) v;
        }

        /**
         * @param name the entry name.
         * @return the string.
         */
        public String text(String name) {
            return entry(name, StateEntryProto.ValueCase.TEXT).getText();
        }

        /**
         * @param name the entry name.
         * @return a new array of the doubles.
         */
        public double[] doubles(String name) {
            return entry(name, StateEntryProto.ValueCase.DOUBLES).getDoubles().getValuesList().stream()
                    .mapToDouble(Double::doubleValue)
                    .toArray();
        }
    }
}
