package org.dmad.evaluation.detectors;

import libsvm.svm_model;
import libsvm.svm_node;
import libsvm.svm_parameter;

/**
 * LibSVM's one-class RBF decision function on dense rows, bit for bit the value of LibSVM's Java
 * {@code svm.svm_predict_values} (libsvm 3.25, the version Tribuo 4.3 uses) for the sparse nodes Tribuo makes of the
 * same row.
 * <p>
 * Why the bits agree: for a ONE_CLASS model {@code svm_predict_values} computes {@code sum += sv_coef[0][i] *
 * k(x, SV[i])} for {@code i = 0 .. l - 1}, then {@code sum - rho[0]}; the RBF {@code Kernel.k_function} is
 * {@code Math.exp(-gamma * s)} where {@code s} adds, in ascending node index, {@code (x_j - y_j)^2} where both nodes
 * exist and {@code x_j^2} or {@code y_j^2} where one is missing. Tribuo's nodes are the feature ids of the example in
 * ascending order ({@code LibSVMTrainer.exampleToNodes}: index = feature id, zero values kept), so a dense loop over
 * feature ids {@code j = 0 .. d - 1} adds the same terms in the same order: {@code x - 0} is {@code x} exactly,
 * {@code 0 - y} is {@code -y}, whose square is {@code y * y}, and a feature missing from both adds {@code +0.0}, which
 * leaves a sum of non-negative terms unchanged. Java's floating point is strict (no fused multiply-add unless asked
 * for), so the same operations in the same order give the same bits.
 * <p>
 * Speed: the support vectors are stored by feature ({@code columns[j][i]} = feature {@code j} of support vector
 * {@code i}), and the squared distances of a few rows to every support vector are accumulated feature by feature:
 * {@code acc[i] += (x_j - columns[j][i])^2} over {@code i}. Each support vector's sum still runs over {@code j} in
 * ascending order (the bits do not change), but the loop over {@code i} has independent elements, which HotSpot's
 * superword pass turns into SIMD instructions. Immutable and thread-safe.
 */
final class OneClassSVMDecision {

    /** Rows whose distances are accumulated together, so each feature's column is read once per tile. */
    static final int ROW_TILE = 4;

    private final int features;
    private final int supportVectors;
    private final double[][] columns;
    private final double[] coefficients;
    private final double rho;
    private final double negGamma;

    private OneClassSVMDecision(double[][] columns, double[] coefficients, double rho, double gamma) {
        this.features = columns.length;
        this.supportVectors = coefficients.length;
        this.columns = columns;
        this.coefficients = coefficients;
        this.rho = rho;
        this.negGamma = -gamma;
    }

    /**
     * The dense decision function of a LibSVM model, when it is one the dense loop reproduces bit for bit.
     *
     * @param model    LibSVM's model.
     * @param features the model's feature count {@code d}.
     * @return the decision function, or null when the model is not a ONE_CLASS model with an RBF kernel, or a support
     *     vector's node indices are not strictly ascending feature ids in {@code [0, d)} (then only LibSVM's own
     *     loop is known to give LibSVM's bits).
     */
    static OneClassSVMDecision of(svm_model model, int features) {
        if (model == null
                || model.param == null
                || model.param.svm_type != svm_parameter.ONE_CLASS
                || model.param.kernel_type != svm_parameter.RBF
                || model.SV == null
                || model.sv_coef == null
                || model.sv_coef.length < 1
                || model.rho == null
                || model.rho.length < 1
                || features < 1) {
            return null;
        }
        int l = model.l;
        if (model.SV.length < l || model.sv_coef[0].length < l) {
            return null;
        }
        double[][] columns = new double[features][l];
        for (int i = 0; i < l; i++) {
            int previous = -1;
            for (svm_node node : model.SV[i]) {
                if (node.index <= previous || node.index >= features) {
                    return null;
                }
                previous = node.index;
                columns[node.index][i] = node.value;
            }
        }
        return new OneClassSVMDecision(
                columns, java.util.Arrays.copyOf(model.sv_coef[0], l), model.rho[0], model.param.gamma);
    }

    /** @return the feature count {@code d}. */
    int features() {
        return features;
    }

    /**
     * LibSVM's decision values ({@code sum - rho}, positive for normal rows) of dense rows.
     *
     * @param rows  {@code count} rows of {@link #features()} values, row-major, in feature-id order.
     * @param count the number of rows.
     * @return one decision value per row.
     */
    double[] values(double[] rows, int count) {
        int d = features;
        int l = supportVectors;
        double[] out = new double[count];
        double[][] acc = new double[Math.min(ROW_TILE, Math.max(1, count))][l];
        for (int first = 0; first < count; first += ROW_TILE) {
            int tile = Math.min(ROW_TILE, count - first);
            for (int r = 0; r < tile; r++) {
                java.util.Arrays.fill(acc[r], 0.0);
            }
            for (int j = 0; j < d; j++) {
                double[] column = columns[j];
                for (int r = 0; r < tile; r++) {
                    double x = rows[(first + r) * d + j];
                    double[] a = acc[r];
                    for (int i = 0; i < l; i++) {
                        double t = x - column[i];
                        a[i] += t * t;
                    }
                }
            }
            for (int r = 0; r < tile; r++) {
                double[] a = acc[r];
                double sum = 0;
                for (int i = 0; i < l; i++) {
                    sum += coefficients[i] * Math.exp(negGamma * a[i]);
                }
                out[first + r] = sum - rho;
            }
        }
        return out;
    }
}
