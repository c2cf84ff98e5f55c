package org.dmad.tribuo.evaluation;

import java.util.ArrayList;
import java.util.List;
import org.tribuo.DataSource;
import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.anomaly.Event;
import org.tribuo.evaluation.Evaluator;
import org.tribuo.provenance.DataProvenance;
import org.tribuo.provenance.EvaluationProvenance;

/**
 * Evaluates an anomaly detector by how it ranks labelled examples: AUROC, average precision and F1 at k, exactly as
 * the {@code dmad} benchmark computes them ({@link RankingMetrics}). Use it like Tribuo's own evaluators:
 * <pre>{@code
 * AnomalyRankingEvaluation e = new AnomalyRankingEvaluator().evaluate(model, testData);
 * System.out.println(e.auroc() + " " + e.averagePrecision() + " " + e.f1AtTrueCount());
 * }</pre>
 * Every example must be labelled ANOMALOUS or EXPECTED, and there must be some of each. The score ranked is the
 * prediction's {@code Event} score; dmad's models score higher = more anomalous. Tribuo's LibSVM one-class model
 * scores the other way (positive = normal): evaluate it with {@link #lowerIsAnomalous()}.
 */
public final class AnomalyRankingEvaluator implements Evaluator<Event, AnomalyRankingEvaluation> {

    private final boolean higherIsAnomalous;

    /** An evaluator for scores where higher = more anomalous (every dmad model). */
    public AnomalyRankingEvaluator() {
        this(true);
    }

    private AnomalyRankingEvaluator(boolean higherIsAnomalous) {
        this.higherIsAnomalous = higherIsAnomalous;
    }

    /**
     * An evaluator for models whose scores are higher for normal rows (Tribuo's LibSVM one-class model): scores are
     * negated before ranking.
     *
     * @return the evaluator.
     */
    public static AnomalyRankingEvaluator lowerIsAnomalous() {
        return new AnomalyRankingEvaluator(false);
    }

    @Override
    public AnomalyRankingEvaluation evaluate(Model<Event> model, Dataset<Event> dataset) {
        return evaluate(model, model.predict(dataset), dataset.getProvenance());
    }

    @Override
    public AnomalyRankingEvaluation evaluate(Model<Event> model, DataSource<Event> dataSource) {
        return evaluate(model, model.predict(dataSource), dataSource.getProvenance());
    }

    /**
     * Evaluates predictions against the outputs of their examples.
     *
     * @param model          the model that made them.
     * @param predictions    the predictions.
     * @param dataProvenance the provenance of the examples.
     * @return the evaluation.
     * @throws IllegalArgumentException when an example is not labelled ANOMALOUS or EXPECTED, a score is not
     *                                  finite, or the examples are all of one class.
     */
    @Override
    public AnomalyRankingEvaluation evaluate(
            Model<Event> model, List<Prediction<Event>> predictions, DataProvenance dataProvenance) {
        List<Event> truth = new ArrayList<>(predictions.size());
        for (Prediction<Event> p : predictions) {
            truth.add(p.getExample().getOutput());
        }
        return evaluate(model, predictions, truth, dataProvenance);
    }

    /**
     * Evaluates predictions against given outputs.
     *
     * @param model          the model that made them.
     * @param predictions    the predictions.
     * @param groundTruth    the true outputs, one per prediction.
     * @param dataProvenance the provenance of the examples.
     * @return the evaluation.
     * @throws IllegalArgumentException when a true output is not ANOMALOUS or EXPECTED, a score is not finite, the
     *                                  lengths differ, or the outputs are all of one class.
     */
    @Override
    public AnomalyRankingEvaluation evaluate(
            Model<Event> model,
            List<Prediction<Event>> predictions,
            List<Event> groundTruth,
            DataProvenance dataProvenance) {
        if (predictions.size() != groundTruth.size()) {
            throw new IllegalArgumentException(
                    predictions.size() + " predictions but " + groundTruth.size() + " true outputs");
        }
        int n = predictions.size();
        int[] labels = new int[n];
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            Event.EventType type = groundTruth.get(i).getType();
            if (type != Event.EventType.ANOMALOUS && type != Event.EventType.EXPECTED) {
                throw new IllegalArgumentException("Example " + i + " is labelled " + type + "; ranking metrics need "
                        + "every example labelled ANOMALOUS or EXPECTED");
            }
            labels[i] = type == Event.EventType.ANOMALOUS ? 1 : 0;
            double score = predictions.get(i).getOutput().getScore();
            scores[i] = higherIsAnomalous ? score : -score;
        }
        return new AnomalyRankingEvaluation(
                new ArrayList<>(predictions),
                labels,
                scores,
                new EvaluationProvenance(model.getProvenance(), dataProvenance));
    }

    @Override
    public String toString() {
        return "AnomalyRankingEvaluator(" + (higherIsAnomalous ? "higher" : "lower") + " scores are more anomalous)";
    }
}
