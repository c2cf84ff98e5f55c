package org.dmad.engine;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Adam for every parameter tensor of a network in one native call per step ({@link AdamKernel#FUSED}).
 * <p>
 * DJL 0.33 offers only a per-tensor Adam whose native code clones the gradient and makes about a dozen unfused passes
 * over each tensor (and its Java API has no fused operator to do better). PyTorch has a fused Adam kernel
 * ({@code torch._fused_adam_}) that DJL does not bind, so this class reaches it through TorchScript: a three-line
 * method, compiled by PyTorch from source when first used, that counts the step, runs the fused kernel over all
 * tensors and zeroes the gradients. The TorchScript archive is assembled here in memory (a zip of the method's
 * source and a minimal module pickle); no file ships and nothing is written to disk.
 * <p>
 * The optimiser state (first and second moments, a step count per tensor) lives on the parameters' device in the
 * training's manager and is freed with it; per step only the gradient handles are fetched and closed again.
 */
final class FusedAdam implements ParameterUpdate {

    private static final String CLASS_NAME = "DmadAdam";
    /** TorchScript source of the update; {@code _fused_adam_} is the L2 (not AdamW) variant. */
    private static final String SOURCE = String.join(
            "\n",
            "class " + CLASS_NAME + "(Module):",
            "  __parameters__ = []",
            "  __buffers__ = []",
            "  training : bool",
            "  def forward(self: __torch__." + CLASS_NAME + ",",
            "    x: Tensor) -> Tensor:",
            "    return x",
            "  def step(self: __torch__." + CLASS_NAME + ",",
            "    params: List[Tensor], grads: List[Tensor], exp_avgs: List[Tensor], exp_avg_sqs: List[Tensor],",
            "    steps: List[Tensor], lr: float, beta1: float, beta2: float, weight_decay: float,",
            "    eps: float) -> int:",
            "    torch._foreach_add_(steps, 1)",
            "    torch._fused_adam_(params, grads, exp_avgs, exp_avg_sqs, [], steps, lr=lr, beta1=beta1,"
                    + " beta2=beta2, weight_decay=weight_decay, eps=eps, amsgrad=False, maximize=False)",
            "    torch._foreach_zero_(grads)",
            "    return 0",
            "");

    private static final Object LOAD_LOCK = new Object();
    private static volatile PtSymbolBlock module;

    static final double BETA1 = 0.9;
    static final double BETA2 = 0.999;
    static final double EPSILON = 1e-8;

    private final List<PtNDArray> parameters;
    private final List<IValue> constants = new ArrayList<>();
    private final IValue[] arguments;
    private final State state;

    /**
     * Creates the optimiser state for the given parameters (moments zero, step 0).
     *
     * @param manager      the training's manager; the state is attached to it.
     * @param parameters   the trainable parameter arrays, in a fixed order.
     * @param learningRate the learning rate.
     * @param weightDecay  the L2 penalty added to the gradient.
     */
    FusedAdam(NDManager manager, List<NDArray> parameters, double learningRate, double weightDecay) {
        this(manager, parameters, null, learningRate, weightDecay);
    }

    /**
     * The optimiser's state: per parameter tensor its first and second moments and its step count (a 0-d float).
     * {@link #state()} gives the live arrays; a new optimiser can continue from them (grouped training continues the
     * remaining members' state when a member stops, {@link GroupedDenoiser}).
     *
     * @param means     the first moments, shaped as the parameters.
     * @param variances the second moments.
     * @param steps     the step counts.
     */
    record State(List<NDArray> means, List<NDArray> variances, List<NDArray> steps) {}

    /**
     * Creates the optimiser for the given parameters, continuing from a state or starting fresh.
     *
     * @param manager      the training's manager; new state is attached to it.
     * @param parameters   the trainable parameter arrays, in a fixed order.
     * @param initial      the state to continue from (its arrays are used, not copied), or null for moments zero
     *                     and step 0.
     * @param learningRate the learning rate.
     * @param weightDecay  the L2 penalty added to the gradient.
     */
    FusedAdam(NDManager manager, List<NDArray> parameters, State initial, double learningRate, double weightDecay) {
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("A network without trainable parameters cannot be trained");
        }
        if (initial != null
                && (initial.means().size() != parameters.size()
                        || initial.variances().size() != parameters.size()
                        || initial.steps().size() != parameters.size())) {
            throw new IllegalArgumentException("The optimiser state has "
                    + initial.means().size() + " tensors, the parameters " + parameters.size());
        }
        module(); // fails here, before any state is allocated, when PyTorch cannot compile the step
        this.parameters = new ArrayList<>(parameters.size());
        PtNDArray[] means = new PtNDArray[parameters.size()];
        PtNDArray[] variances = new PtNDArray[parameters.size()];
        PtNDArray[] steps = new PtNDArray[parameters.size()];
        for (int i = 0; i < parameters.size(); i++) {
            PtNDArray p = (PtNDArray) parameters.get(i);
            this.parameters.add(p);
            if (initial == null) {
                means[i] = (PtNDArray) manager.zeros(p.getShape(), p.getDataType(), p.getDevice());
                variances[i] = (PtNDArray) manager.zeros(p.getShape(), p.getDataType(), p.getDevice());
                steps[i] = (PtNDArray) manager.zeros(new Shape(), DataType.FLOAT32, p.getDevice());
            } else {
                means[i] = (PtNDArray) initial.means().get(i);
                variances[i] = (PtNDArray) initial.variances().get(i);
                steps[i] = (PtNDArray) initial.steps().get(i);
            }
        }
        state = new State(List.<NDArray>of(means), List.<NDArray>of(variances), List.<NDArray>of(steps));
        constants.add(IValue.listFrom(this.parameters.toArray(new PtNDArray[0])));
        constants.add(IValue.listFrom(means));
        constants.add(IValue.listFrom(variances));
        constants.add(IValue.listFrom(steps));
        constants.add(IValue.from(learningRate));
        constants.add(IValue.from(BETA1));
        constants.add(IValue.from(BETA2));
        constants.add(IValue.from(weightDecay));
        constants.add(IValue.from(EPSILON));
        arguments = new IValue[] {
            constants.get(0),
            null,
            constants.get(1),
            constants.get(2),
            constants.get(3),
            constants.get(4),
            constants.get(5),
            constants.get(6),
            constants.get(7),
            constants.get(8)
        };
    }

    @Override
    public void step() {
        PtNDArray[] gradients = new PtNDArray[parameters.size()];
        try {
            for (int i = 0; i < gradients.length; i++) {
                gradients[i] = parameters.get(i).getGradient();
            }
            try (IValue grads = IValue.listFrom(gradients)) {
                IValue[] args = arguments.clone();
                args[1] = grads;
                IValueUtils.runMethod(module(), "step", args).close();
            }
        } finally {
            for (PtNDArray g : gradients) {
                if (g != null) {
                    g.close();
                }
            }
        }
    }

    /** @return the live state arrays (updated in place by every step). */
    State state() {
        return state;
    }

    @Override
    public void close() {
        for (IValue v : constants) {
            v.close();
        }
        constants.clear();
    }

    /** The compiled TorchScript module, loaded once per JVM (it holds no tensors). */
    private static PtSymbolBlock module() {
        PtSymbolBlock m = module;
        if (m == null) {
            synchronized (LOAD_LOCK) {
                m = module;
                if (m == null) {
                    // Never closed: one small compiled method for the life of the JVM. It holds no tensors and runs
                    // where its arguments are, so it lives on the CPU: a manager without a device would take DJL's
                    // default device, the first GPU where one is visible, and create a CUDA context in CPU runs.
                    PtNDManager owner = (PtNDManager) NDManager.newBaseManager(
                            Device.cpu(), DMADEngine.engine().getEngineName());
                    try {
                        m = JniUtils.loadModule(owner, new ByteArrayInputStream(archive()), false, false);
                    } catch (IOException | EngineException e) {
                        owner.close();
                        throw new IllegalStateException(
                                "PyTorch could not compile dmad's fused Adam step ("
                                        + e.getMessage()
                                        + "); it needs PyTorch 2.4 or later. Set adamKernel=djl to train "
                                        + "with DJL's Adam instead.",
                                e);
                    }
                    module = m;
                }
            }
        }
        return m;
    }

    /**
     * The TorchScript archive: the format {@code torch.jit.load} reads (a zip holding the source under
     * {@code code/}, the module object as a pickle, an empty constants table and the format version).
     *
     * @return the zip bytes.
     */
    static byte[] archive() {
        try {
            ByteArrayOutputStream zip = new ByteArrayOutputStream();
            try (ZipOutputStream out = new ZipOutputStream(zip)) {
                out.setMethod(ZipOutputStream.STORED);
                String root = "dmad_adam/";
                store(out, root + "version", "3\n".getBytes(StandardCharsets.US_ASCII));
                store(out, root + "data.pkl", modulePickle());
                // Pickle protocol 2: an empty tuple.
                store(out, root + "constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'});
                store(out, root + "code/__torch__.py", SOURCE.getBytes(StandardCharsets.UTF_8));
            }
            return zip.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Pickle protocol 2 of {@code __torch__.DmadAdam} with its one attribute {@code training = True}. */
    private static byte[] modulePickle() {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.writeBytes(new byte[] {(byte) 0x80, 2}); // PROTO 2
        p.writeBytes(("c__torch__\n" + CLASS_NAME + "\n").getBytes(StandardCharsets.US_ASCII)); // GLOBAL
        p.writeBytes(new byte[] {')', (byte) 0x81, '}', '('}); // EMPTY_TUPLE NEWOBJ EMPTY_DICT MARK
        byte[] name = "training".getBytes(StandardCharsets.US_ASCII);
        p.write('X'); // BINUNICODE, 4-byte little-endian length
        p.writeBytes(new byte[] {(byte) name.length, 0, 0, 0});
        p.writeBytes(name);
        p.writeBytes(new byte[] {(byte) 0x88, 'u', 'b', '.'}); // NEWTRUE SETITEMS BUILD STOP
        return p.toByteArray();
    }

    private static void store(ZipOutputStream out, String name, byte[] bytes) throws IOException {
        ZipEntry e = new ZipEntry(name);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        e.setSize(bytes.length);
        e.setCompressedSize(bytes.length);
        e.setCrc(crc.getValue());
        out.putNextEntry(e);
        out.write(bytes);
        out.closeEntry();
    }
}
