package org.dmad.engine;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;

/**
 * A trained network as an architecture plus its parameter bytes, with the native block materialised lazily on
 * first use and released by {@link #close()}. The bytes are the canonical state: a handle serializes, copies and
 * reloads without native state, and a closed handle materialises again when used again.
 * <p>
 * Thread-safe: several threads may score through one handle at once.
 */
public final class NetworkHandle implements AutoCloseable, Serializable {

    private static final long serialVersionUID = 1L;

    private final NetworkSpec spec;
    private final byte[] parameters;
    private final String deviceSetting;
    private transient volatile String scoringDevice;
    private transient volatile Native nativeState;

    /** The materialised block and the manager that owns its parameters. */
    private record Native(NDManager manager, Block block, ParameterStore store) {}

    /**
     * Creates a handle.
     *
     * @param spec          the architecture.
     * @param parameters    the parameter bytes written by {@link #parameterBytes(Block)}.
     * @param deviceSetting the device the network was trained on ({@code cpu}, {@code gpu}, {@code gpu:N},
     *                      {@code auto}): provenance, and the default scoring device where it is visible (see
     *                      {@link DMADEngine#scoringSetting}).
     */
    public NetworkHandle(NetworkSpec spec, byte[] parameters, String deviceSetting) {
        this.spec = spec;
        this.parameters = parameters.clone();
        this.deviceSetting = deviceSetting;
    }

    /** @return the architecture. */
    public NetworkSpec spec() {
        return spec;
    }

    /** @return a copy of the parameter bytes. */
    public byte[] parameters() {
        return parameters.clone();
    }

    /** @return the device setting the network was trained with (saved with the model as provenance). */
    public String deviceSetting() {
        return deviceSetting;
    }

    /** @return the requested scoring device setting, or null for the default ({@link DMADEngine#scoringSetting}). */
    public String scoringDevice() {
        return scoringDevice;
    }

    /**
     * Chooses the device scoring runs on. The native state is released when the choice changes and made again on
     * the new device at the next use; do not call this while the handle is scoring.
     *
     * @param setting {@code cpu}, {@code gpu}, {@code gpu:N} or {@code auto}, or null for the default: the trained
     *                device where it is visible, else the CPU.
     * @throws IllegalArgumentException when the setting is malformed (a GPU that is not visible fails at use).
     */
    public synchronized void setScoringDevice(String setting) {
        String s = setting == null ? null : DMADEngine.checkDeviceSetting(setting);
        if (!java.util.Objects.equals(s, scoringDevice)) {
            close();
            scoringDevice = s;
        }
    }

    /**
     * A new handle over the same bytes and scoring device, with its own native state.
     *
     * @return the copy.
     */
    public NetworkHandle copy() {
        NetworkHandle copy = new NetworkHandle(spec, parameters, deviceSetting);
        copy.scoringDevice = scoringDevice;
        return copy;
    }

    /**
     * The block, materialised on first use.
     *
     * @return the block with its parameters loaded.
     */
    public Block block() {
        return materialise().block();
    }

    /**
     * A parameter store over the block's parameters, for inference.
     *
     * @return the store.
     */
    public ParameterStore parameterStore() {
        return materialise().store();
    }

    /**
     * The manager that owns the parameters; scoring opens sub-managers of it.
     *
     * @return the manager.
     */
    public NDManager manager() {
        return materialise().manager();
    }

    private Native materialise() {
        Native n = nativeState;
        if (n != null) {
            return n;
        }
        synchronized (this) {
            if (nativeState == null) {
                Device device = DMADEngine.scoringDevice(scoringDevice, deviceSetting);
                NDManager manager =
                        NDManager.newBaseManager(device, DMADEngine.engine().getEngineName());
                try {
                    Block block = spec.build();
                    block.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(parameters)));
                    nativeState = new Native(manager, block, new ParameterStore(manager, false));
                } catch (IOException | MalformedModelException | RuntimeException e) {
                    manager.close();
                    throw new IllegalStateException(
                            "The network parameters do not fit the architecture " + spec + ": " + e.getMessage(), e);
                }
            }
            return nativeState;
        }
    }

    /** Releases the native state; the handle materialises again if used again. */
    @Override
    public synchronized void close() {
        Native n = nativeState;
        nativeState = null;
        if (n != null) {
            n.manager().close();
        }
    }

    /**
     * Writes a block's parameters to bytes.
     *
     * @param block an initialised block.
     * @return the bytes.
     */
    public static byte[] parameterBytes(Block block) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
