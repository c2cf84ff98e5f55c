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
    private transient volatile Native nativeState;

    /** The materialised block and the manager that owns its parameters. */
    private record Native(NDManager manager, Block block, ParameterStore store) {
    }

    /**
     * Creates a handle.
     *
     * @param spec          the architecture.
     * @param parameters    the parameter bytes written by {@link #parameterBytes(Block)}.
     * @param deviceSetting the device to score on ({@code cpu}, {@code gpu}, {@code gpu:N}, {@code auto}).
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

    /** @return the device setting scoring uses. */
    public String deviceSetting() {
        return deviceSetting;
    }

    /**
     * A new handle over the same bytes, with its own native state.
     *
     * @return the copy.
     */
    public NetworkHandle copy() {
        return new NetworkHandle(spec, parameters, deviceSetting);
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
                Device device = DmadEngine.device(deviceSetting);
                NDManager manager = NDManager.newBaseManager(device, DmadEngine.engine().getEngineName());
                try {
                    Block block = spec.build();
                    block.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(parameters)));
                    nativeState = new Native(manager, block, new ParameterStore(manager, false));
                } catch (IOException | MalformedModelException | RuntimeException e) {
                    manager.close();
                    throw new IllegalStateException("The network parameters do not fit the architecture " + spec
                            + ": " + e.getMessage(), e);
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
