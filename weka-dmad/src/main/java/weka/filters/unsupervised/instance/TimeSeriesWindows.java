package weka.filters.unsupervised.instance;

import java.util.ArrayList;
import java.util.Arrays;
import org.dmad.series.SeriesNormalizer;
import org.dmad.series.SlidingWindows;
import weka.core.Attribute;
import weka.core.Capabilities;
import weka.core.Capabilities.Capability;
import weka.core.DenseInstance;
import weka.core.Instance;
import weka.core.Instances;
import weka.core.OptionMetadata;
import weka.core.Utils;
import weka.filters.SimpleBatchFilter;

/**
 * Cuts a time series into sliding windows, one output instance per window, so that any Weka classifier, and the
 * dmad anomaly detectors in particular, can learn from and score a series.
 * <p>
 * Each batch is one series: instance {@code t} is time step {@code t} and every numeric attribute other than the
 * class is a channel, in attribute order. A window of {@code -L} time steps starts every {@code -S} steps; its
 * values are flattened time-major into attributes named {@code t<offset>_c<channel>} (zero-padded, see
 * {@link SlidingWindows#featureName(int, int, int, int)}, the same names as dmad's Tribuo series adapters). With
 * {@code -A} a last window ending at the last time step is added when the stride does not divide.
 * <p>
 * With {@code -N} each channel is z-scored with the mean and standard deviation of the <em>first</em> batch (the
 * training series); later batches (test series) are normalised with those statistics, never their own. A constant
 * channel is only centred.
 * <p>
 * Class: a nominal class with one or two values follows the dmad package's convention (normal first, anomaly
 * second). A window takes the anomaly value when any of its time steps has it; otherwise it is missing when any time
 * step's class is missing, and normal when none is. The class becomes the last output attribute. Numeric classes
 * and classes with more than two values are refused.
 * <p>
 * Unlike most batch filters, later batches are buffered until {@code batchFinished()} as well: a single time step
 * has no window. So use the filter with {@code Filter.useFilter} on whole series (train, then test), not to classify
 * one instance at a time; the number of output instances is the number of windows, not the number of inputs.
 */
public class TimeSeriesWindows extends SimpleBatchFilter {

    private static final long serialVersionUID = 1L;

    private int windowLength = 16;
    private int stride = 1;
    private boolean normalize;
    private boolean alignEnd;

    private SeriesNormalizer normalizer;

    /**
     * Describes the filter for the Explorer.
     *
     * @return the description.
     */
    @Override
    public String globalInfo() {
        return "Cuts a time series (one batch = one series, one instance per time step, numeric attributes as "
                + "channels) into sliding windows: one output instance per window of -L time steps, starting every "
                + "-S steps, with the window's values flattened time-major into attributes t<offset>_c<channel>. "
                + "With -N each channel is z-scored with statistics of the first batch (the training series) only. "
                + "A nominal class with values {normal, anomaly} becomes the window's class: anomaly when any time "
                + "step in the window is an anomaly. Use it to apply anomaly detectors such as DTENonParametric "
                + "to time series.";
    }

    /**
     * Numeric attributes; a nominal class with one or two values, or none; missing class values.
     *
     * @return the capabilities.
     */
    @Override
    public Capabilities getCapabilities() {
        Capabilities result = super.getCapabilities();
        result.disableAll();
        result.enable(Capability.NUMERIC_ATTRIBUTES);
        result.enable(Capability.NOMINAL_CLASS);
        result.enable(Capability.BINARY_CLASS);
        result.enable(Capability.UNARY_CLASS);
        result.enable(Capability.MISSING_CLASS_VALUES);
        result.enable(Capability.NO_CLASS);
        return result;
    }

    @Override
    protected Instances determineOutputFormat(Instances inputFormat) throws Exception {
        SlidingWindows windows = windows();
        int classIndex = inputFormat.classIndex();
        if (classIndex >= 0 && inputFormat.classAttribute().numValues() > 2) {
            throw new IllegalArgumentException("The class '"
                    + inputFormat.classAttribute().name() + "' has "
                    + inputFormat.classAttribute().numValues() + " values; a series' class has one or two (normal "
                    + "first, anomaly second)");
        }
        int channels = channels(inputFormat).length;
        if (channels == 0) {
            throw new IllegalArgumentException("No channel: the data has no numeric attribute besides the class");
        }
        ArrayList<Attribute> attributes = new ArrayList<>();
        for (String name : windows.featureNames(channels)) {
            attributes.add(new Attribute(name));
        }
        if (classIndex >= 0) {
            attributes.add((Attribute) inputFormat.classAttribute().copy());
        }
        Instances out =
                new Instances(inputFormat.relationName() + "-windows-L" + windowLength + "-S" + stride, attributes, 0);
        if (classIndex >= 0) {
            out.setClassIndex(out.numAttributes() - 1);
        }
        return out;
    }

    @Override
    protected Instances process(Instances series) throws Exception {
        int[] channels = channels(series);
        int c = channels.length;
        int n = series.numInstances();
        double[] values = new double[n * c];
        for (int t = 0; t < n; t++) {
            Instance instance = series.instance(t);
            for (int j = 0; j < c; j++) {
                if (instance.isMissing(channels[j])) {
                    throw new IllegalArgumentException("Instance " + (t + 1) + ": attribute '"
                            + series.attribute(channels[j]).name() + "' is missing; impute missing values first");
                }
                values[t * c + j] = instance.value(channels[j]);
            }
        }
        if (!isFirstBatchDone()) {
            normalizer = normalize ? SeriesNormalizer.fit(values, c) : null;
        }
        if (normalizer != null) {
            values = normalizer.apply(values, c);
        }
        SlidingWindows windows = windows();
        double[] flat = windows.windows(values, c);
        int count = windows.count(n);
        Instances out = new Instances(getOutputFormat(), count);
        int width = windowLength * c;
        boolean hasClass = series.classIndex() >= 0;
        for (int i = 0; i < count; i++) {
            double[] row = new double[width + (hasClass ? 1 : 0)];
            System.arraycopy(flat, i * width, row, 0, width);
            if (hasClass) {
                row[width] = windowClass(series, windows.start(i, n));
            }
            out.add(new DenseInstance(1.0, row));
        }
        return out;
    }

    private double windowClass(Instances series, int start) {
        boolean missing = false;
        for (int t = start; t < start + windowLength; t++) {
            Instance instance = series.instance(t);
            if (instance.classIsMissing()) {
                missing = true;
            } else if (instance.classValue() == 1.0) {
                return 1.0;
            }
        }
        return missing ? Utils.missingValue() : 0.0;
    }

    private static int[] channels(Instances format) {
        int[] out = new int[format.numAttributes()];
        int k = 0;
        for (int a = 0; a < format.numAttributes(); a++) {
            if (a != format.classIndex()) {
                out[k++] = a;
            }
        }
        return Arrays.copyOf(out, k);
    }

    private SlidingWindows windows() {
        return SlidingWindows.of(windowLength, stride, alignEnd);
    }

    /**
     * Buffers the instance until {@link #batchFinished()}, in every batch: a series is windowed as a whole.
     *
     * @param instance the next time step.
     * @return false: output comes after {@code batchFinished()}.
     * @throws IllegalStateException when no input format was set.
     */
    @Override
    public boolean input(Instance instance) {
        if (getInputFormat() == null) {
            throw new IllegalStateException("No input instance format defined");
        }
        if (m_NewBatch) {
            resetQueue();
            m_NewBatch = false;
        }
        bufferInput(instance);
        return false;
    }

    /**
     * Buffers every instance until {@link #batchFinished()}.
     *
     * @param instances the next time steps.
     * @return false: output comes after {@code batchFinished()}.
     */
    @Override
    public boolean input(Instances instances) {
        for (Instance instance : instances) {
            input(instance);
        }
        return false;
    }

    /** @return true: a batch yields one instance per window, not per input instance. */
    @Override
    public boolean mayRemoveInstanceAfterFirstBatchDone() {
        return true;
    }

    /**
     * The normalisation statistics of the first batch.
     *
     * @return the normaliser, or null before the first batch or without {@code -N}.
     */
    public SeriesNormalizer getNormalizer() {
        return normalizer;
    }

    /** @return the tip text of windowLength. */
    public String windowLengthTipText() {
        return "Time steps per window.";
    }

    /** @return time steps per window. */
    public int getWindowLength() {
        return windowLength;
    }

    /** @param windowLength time steps per window (at least 1). */
    @OptionMetadata(
            displayName = "windowLength",
            description = "Time steps per window (default 16).",
            commandLineParamName = "L",
            commandLineParamSynopsis = "-L <int>",
            displayOrder = 1)
    public void setWindowLength(int windowLength) {
        this.windowLength = windowLength;
    }

    /** @return the tip text of stride. */
    public String strideTipText() {
        return "Time steps between the starts of consecutive windows.";
    }

    /** @return time steps between window starts. */
    public int getStride() {
        return stride;
    }

    /** @param stride time steps between window starts (at least 1). */
    @OptionMetadata(
            displayName = "stride",
            description = "Time steps between window starts (default 1).",
            commandLineParamName = "S",
            commandLineParamSynopsis = "-S <int>",
            displayOrder = 2)
    public void setStride(int stride) {
        this.stride = stride;
    }

    /** @return the tip text of normalize. */
    public String normalizeTipText() {
        return "Z-score each channel with the mean and standard deviation of the first batch (the training series).";
    }

    /** @return whether channels are z-scored with first-batch statistics. */
    public boolean getNormalize() {
        return normalize;
    }

    /** @param normalize whether channels are z-scored with first-batch statistics. */
    @OptionMetadata(
            displayName = "normalize",
            description = "Z-score channels with statistics of the first batch.",
            commandLineParamName = "N",
            commandLineParamSynopsis = "-N",
            commandLineParamIsFlag = true,
            displayOrder = 3)
    public void setNormalize(boolean normalize) {
        this.normalize = normalize;
    }

    /** @return the tip text of alignEnd. */
    public String alignEndTipText() {
        return "Add a last window ending at the last time step when the stride does not divide, so every time step "
                + "is in a window.";
    }

    /** @return whether a last window is aligned to the series end. */
    public boolean getAlignEnd() {
        return alignEnd;
    }

    /** @param alignEnd whether a last window is aligned to the series end. */
    @OptionMetadata(
            displayName = "alignEnd",
            description = "Add a last window ending at the last time step.",
            commandLineParamName = "A",
            commandLineParamSynopsis = "-A",
            commandLineParamIsFlag = true,
            displayOrder = 4)
    public void setAlignEnd(boolean alignEnd) {
        this.alignEnd = alignEnd;
    }

    /**
     * Runs the filter from the command line.
     *
     * @param args the filter's and Weka's options.
     */
    public static void main(String[] args) {
        runFilter(new TimeSeriesWindows(), args);
    }
}
