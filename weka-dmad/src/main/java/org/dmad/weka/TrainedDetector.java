package org.dmad.weka;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;
import org.dmad.tribuo.DMADModel;
import org.tribuo.provenance.ModelProvenance;
import weka.core.Utils;

/**
 * What a built {@link DMADClassifier} holds: the Tribuo model, the attribute layout it was trained on, the score
 * mapping, and how long and with which options it was trained. Serializable as is: the model keeps its native
 * PyTorch state transient and its network as parameter bytes.
 *
 * @param model           the trained Tribuo model.
 * @param rows            the training attribute layout.
 * @param scale           the mapping from raw scores to the distribution.
 * @param trainingSeconds wall-clock training time.
 * @param options         the classifier's options at training time.
 * @param anomalyIndex    the index of the anomaly class value (1 without a two-valued class).
 * @param anomalyClass    how the anomaly class was chosen, a summary line (empty without a two-valued class).
 * @param epochs          the epochs each training stage ran, e.g. "57 of at most 400" (empty: nothing trained).
 */
record TrainedDetector(
        DMADModel model,
        WekaRows rows,
        AnomalyScoreScale scale,
        double trainingSeconds,
        String options,
        int anomalyIndex,
        String anomalyClass,
        String epochs)
        implements Serializable {

    /**
     * The model summary Weka prints: data, options, threshold and score mapping, then the provenance Tribuo recorded
     * (trainer settings; environment, engine versions, device, threads and effective seed).
     *
     * @param classifier the classifier's name.
     * @return the summary.
     */
    String summary(String classifier) {
        StringBuilder b = new StringBuilder();
        b.append(classifier)
                .append(" (dmad)\n")
                .append("=".repeat(classifier.length() + 7))
                .append("\n\n");
        b.append("Trained on ")
                .append(model.getFeatureIDMap().size())
                .append(" numeric attributes of relation '")
                .append(rows.relation())
                .append("' in ")
                .append(Utils.doubleToString(trainingSeconds, 3))
                .append(" s\n");
        b.append("Options: ").append(options).append('\n');
        b.append("Epochs trained: ")
                .append(epochs.isEmpty() ? "none (this detector trains no network)" : epochs)
                .append('\n');
        b.append(anomalyClass);
        b.append("Threshold (training-score quantile 1 - contamination): ")
                .append(Utils.doubleToString(scale.threshold(), 6))
                .append('\n');
        b.append("Distribution: [1 - s, s], s = softsign((score - threshold) / ")
                .append(Utils.doubleToString(scale.scale(), 6))
                .append(")\n\n");
        ModelProvenance provenance = model.getProvenance();
        b.append("Provenance\n  model: ")
                .append(provenance.getClassName())
                .append(", trained ")
                .append(provenance.getTrainingTime())
                .append(", Tribuo ")
                .append(provenance.getTribuoVersion())
                .append('\n');
        b.append("  trainer: ")
                .append(provenance.getTrainerProvenance().getClassName())
                .append('\n');
        appendSorted(b, provenance.getTrainerProvenance().getConfiguredParameters());
        b.append("  run:\n");
        appendSorted(b, provenance.getInstanceProvenance().getMap());
        return b.toString();
    }

    private static void appendSorted(StringBuilder b, Map<String, ? extends Provenance> entries) {
        for (Map.Entry<String, ? extends Provenance> e : new TreeMap<>(entries).entrySet()) {
            b.append("    ")
                    .append(e.getKey())
                    .append(" = ")
                    .append(e.getValue())
                    .append('\n');
        }
    }
}
