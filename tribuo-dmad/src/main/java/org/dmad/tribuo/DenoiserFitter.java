package org.dmad.tribuo;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.dmad.engine.DenoiserEarlyStopping;
import org.dmad.engine.DenoiserNetwork;
import org.dmad.engine.DenoiserTraining;
import org.dmad.engine.DiffusionObjective;
import org.dmad.engine.GroupedDenoiser;
import org.dmad.engine.GroupedObjective;
import org.dmad.engine.Matrix;
import org.dmad.engine.NoiseSchedule;
import org.dmad.engine.TrainingLoop;
import org.dmad.engine.TrainingSettings;

/**
 * How a denoiser detector trains its denoiser, as a value: the noise schedule, the network's architecture and the
 * early stopping. A {@link DenoiserTrainer} builds it from its settings ({@link DenoiserTrainer#fitter()}); the
 * detectors differ only in what they do with the trained {@link DenoiserFit}.
 *
 * @param schedule  the noise schedule's family.
 * @param timesteps T.
 * @param network   the architecture for an input width.
 * @param patience  early-stopping patience, 0 for none.
 * @param minEpochs epochs always run before early stopping is checked.
 */
public record DenoiserFitter(
        NoiseSchedule.Type schedule, int timesteps, IntFunction<DenoiserNetwork> network, int patience, int minEpochs) {

    /**
     * Trains the denoiser on standardised rows with the noise-prediction loss (DDPM).
     *
     * @param rows          the rows.
     * @param settings      the optimisation settings of this invocation.
     * @param contamination the share of anomalies the model's threshold assumes.
     * @return the trained denoiser.
     */
    public DenoiserFit fit(Matrix rows, TrainingSettings settings, double contamination) {
        TrainingLoop.Result result = DenoiserTraining.train(
                network.apply(rows.columns()),
                rows,
                settings,
                NoiseSchedule.of(schedule, timesteps),
                patience,
                minEpochs);
        return fitted(result, contamination);
    }

    /**
     * A denoiser loss other than the plain DDPM one, in both forms: for one denoiser ({@link #fit(Matrix,
     * TrainingSettings, double, int, Function)}) and for a group ({@link #fitGroup(List, List, List, Loss)}).
     *
     * @param inputs  the network's input (and output) width.
     * @param plain   the loss of one batch, given the noise schedule.
     * @param grouped the same loss in stacked form, given the noise schedule: each member draws from its own
     *                generator what {@code plain} draws.
     */
    public record Loss(
            int inputs,
            Function<NoiseSchedule, DiffusionObjective> plain,
            Function<NoiseSchedule, GroupedObjective> grouped) {}

    /**
     * Trains a denoiser of another input width with another loss (a conditional denoiser, say), under the engine's
     * training lock and seed.
     *
     * @param rows          the standardised rows.
     * @param settings      the optimisation settings of this invocation.
     * @param contamination the share of anomalies the model's threshold assumes.
     * @param inputs        the network's input (and output) width.
     * @param objective     the loss of one batch, given the noise schedule.
     * @return the trained denoiser.
     * @throws IllegalArgumentException when there are fewer than 2 rows.
     */
    public DenoiserFit fit(
            Matrix rows,
            TrainingSettings settings,
            double contamination,
            int inputs,
            Function<NoiseSchedule, DiffusionObjective> objective) {
        if (rows.rows() < 2) {
            throw new IllegalArgumentException("The denoiser needs at least 2 training rows (batch normalisation "
                    + "estimates a variance per batch), got " + rows.rows());
        }
        TrainingLoop.Result result = TrainingLoop.train(
                network.apply(inputs),
                rows,
                settings,
                objective.apply(NoiseSchedule.of(schedule, timesteps)),
                new DenoiserEarlyStopping(patience, minEpochs),
                true);
        return fitted(result, contamination);
    }

    /**
     * Trains the denoisers of a group together ({@link GroupedDenoiser}): member g is a denoiser trained on
     * {@code rows.get(g)} with {@code settings.get(g)}, stopping early by its own losses.
     *
     * @param rows          each member's standardised rows.
     * @param settings      each member's settings, equal but for the seed.
     * @param contamination each member's share of anomalies for its threshold.
     * @return one trained denoiser per member, in order.
     * @throws IllegalArgumentException when the members cannot train as one group.
     */
    public List<DenoiserFit> fitGroup(List<Matrix> rows, List<TrainingSettings> settings, List<Double> contamination) {
        List<GroupedDenoiser.Member> members = GroupedDenoiser.train(
                network.apply(rows.get(0).columns()),
                rows,
                settings,
                NoiseSchedule.of(schedule, timesteps),
                patience,
                minEpochs);
        return fitted(members, contamination);
    }

    /**
     * Trains the denoisers of a group together with another loss ({@link GroupedDenoiser#train(DenoiserNetwork,
     * List, List, DiffusionObjective, GroupedObjective, int, int)}): member g is what {@link #fit(Matrix,
     * TrainingSettings, double, int, Function)} trains on {@code rows.get(g)} with {@code settings.get(g)} and
     * {@code loss.plain()}, in distribution; a group of one is that training bit for bit.
     *
     * @param rows          each member's standardised rows.
     * @param settings      each member's settings, equal but for the seed.
     * @param contamination each member's share of anomalies for its threshold.
     * @param loss          the loss, shared by the members.
     * @return one trained denoiser per member, in order.
     * @throws IllegalArgumentException when the members cannot train as one group.
     */
    public List<DenoiserFit> fitGroup(
            List<Matrix> rows, List<TrainingSettings> settings, List<Double> contamination, Loss loss) {
        NoiseSchedule noise = NoiseSchedule.of(schedule, timesteps);
        List<GroupedDenoiser.Member> members = GroupedDenoiser.train(
                network.apply(loss.inputs()),
                rows,
                settings,
                loss.plain().apply(noise),
                loss.grouped().apply(noise),
                patience,
                minEpochs);
        return fitted(members, contamination);
    }

    private List<DenoiserFit> fitted(List<GroupedDenoiser.Member> members, List<Double> contamination) {
        List<DenoiserFit> fits = new ArrayList<>(members.size());
        for (int g = 0; g < members.size(); g++) {
            fits.add(fitted(members.get(g).result(), contamination.get(g)));
        }
        return fits;
    }

    private DenoiserFit fitted(TrainingLoop.Result result, double contamination) {
        return new DenoiserFit(
                result.network(),
                schedule,
                timesteps,
                result.epochsRun(),
                result.batchSize(),
                result.finalLoss(),
                contamination);
    }
}
