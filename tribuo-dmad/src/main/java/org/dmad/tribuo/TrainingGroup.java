package org.dmad.tribuo;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.IntProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.dmad.engine.Matrix;
import org.dmad.engine.TrainingSettings;
import org.dmad.tribuo.series.ChannelScaledTrainer;
import org.dmad.tribuo.series.SeriesChannelScale;
import org.tribuo.Dataset;
import org.tribuo.anomaly.Event;
import org.tribuo.provenance.DataProvenance;
import org.tribuo.provenance.ModelProvenance;

/**
 * Trains several models of one detector together, as one batched network ({@link org.dmad.engine.GroupedTraining}):
 * member i is what {@code trainer_i.train(dataset_i, runProvenance_i)} would give (its own rows, standardisation,
 * seed, initial weights, noise, dropout and optimiser state, and its own threshold and provenance), but the members'
 * optimiser steps share their native calls, which is what makes small networks fast to train in bulk (the seeds of
 * a benchmark cell). The results are ordinary models; each one's run provenance records the grouping under
 * {@link #SIZE}, {@link #MEMBER} and {@link #SEEDS}, since a member's numbers depend on the group it trained in (a
 * group of one trains bit for bit as a plain training). To reproduce a member, train the same group again.
 * <p>
 * Members must use trainers of one detector class with the same settings but the seed ({@code DTECategoricalTrainer},
 * {@code DDPMTrainer} (DDPM and DDIM), {@code DenoisingLikelihoodTrainer} and {@code SeriesDDPMTrainer} (both modes;
 * a member may carry whole-series statistics for its {@code channelScale}, {@link Member#withStatistics}) train in
 * groups; see {@link DMADTrainer#trainsInGroups()}). DTE-Categorical groups members of different datasets
 * ({@link DMADTrainer#groupsAcrossDatasets()}): each member's network has its own input width (the stacked first
 * layer is padded to the widest member, and padding never reaches a member's output, loss or model) and runs its own
 * epochs of its own number of batches, leaving the group when they are done, so a group of several datasets' seeds
 * trains each member as its plain training's algorithm would. The denoisers group only datasets with the same number
 * of features and of batches per epoch (the seed-dependent splits of one dataset: their row counts may differ a
 * little; the windows of one series are the same for every seed; {@link #batchesPerEpoch(DMADTrainer, int)}), and
 * stop early per member ({@link org.dmad.engine.GroupedDenoiser}); members of another shape are refused with the
 * reason. Training holds the JVM-wide training lock for the whole group.
 */
public final class TrainingGroup {

    /** Run provenance key: the number of networks trained together. */
    public static final String SIZE = "dmad.group.size";
    /** Run provenance key: this model's index in its group, from 0. */
    public static final String MEMBER = "dmad.group.member";
    /** Run provenance key: the effective seeds of the group's members, in member order, comma-separated. */
    public static final String SEEDS = "dmad.group.seeds";

    /** The detectors that train in groups, for messages. */
    static final String DETECTORS = "DTE-Categorical, DDPM, DDIM, DenoisingLikelihood and SeriesDDPM";

    /** Why the denoisers group only the seeds of one dataset, for messages. */
    static final String SAME_SHAPE_REASON = "only DTE-Categorical groups datasets of different widths and batches per "
            + "epoch; the grouped denoiser runs its members' epochs in step, since a member that stops early leaves "
            + "at an epoch end and the members still training share Adam's step count, and its output, as wide as "
            + "its input, and its batch normalisation have no masks for padded columns";

    private TrainingGroup() {}

    /**
     * One member of a group: its trainer and its training data, either a Tribuo dataset or dense rows (the benchmark
     * harness's path, {@link DMADTrainer#trainRows}; the same member, bit for bit, as a dataset of those rows), and,
     * for a series trainer, the whole-series statistics its {@code channelScale} may scale by.
     *
     * @param trainer       its trainer.
     * @param dataset       its training data, or null when {@code rows} holds it.
     * @param runProvenance extra run provenance for its model.
     * @param rows          its training rows, or null when {@code dataset} holds them.
     * @param statistics    null, or the whole-series statistics of a {@link ChannelScaledTrainer}: the member is then
     *                      what {@link ChannelScaledTrainer#train(Dataset, SeriesChannelScale, Map)} (or
     *                      {@link ChannelScaledTrainer#trainRows}) trains with them.
     */
    public record Member(
            DMADTrainer trainer,
            Dataset<Event> dataset,
            Map<String, Provenance> runProvenance,
            Rows rows,
            SeriesChannelScale statistics) {

        /**
         * Checks that exactly one of {@code dataset} and {@code rows} is given, and that statistics go to a series
         * trainer.
         *
         * @param trainer       its trainer.
         * @param dataset       its training data, or null.
         * @param runProvenance extra run provenance.
         * @param rows          its training rows, or null.
         * @param statistics    whole-series statistics, or null.
         */
        public Member {
            Objects.requireNonNull(trainer, "trainer");
            Objects.requireNonNull(runProvenance, "runProvenance");
            if ((dataset == null) == (rows == null)) {
                throw new IllegalArgumentException("A group member trains on a dataset or on rows, exactly one");
            }
            if (statistics != null && !(trainer instanceof ChannelScaledTrainer)) {
                throw new IllegalArgumentException("Whole-series statistics are for series trainers (channelScale); "
                        + trainer.getClass().getSimpleName() + " has no such setting");
            }
        }

        /**
         * A member without whole-series statistics.
         *
         * @param trainer       its trainer.
         * @param dataset       its training data, or null when {@code rows} holds it.
         * @param runProvenance extra run provenance for its model.
         * @param rows          its training rows, or null when {@code dataset} holds them.
         */
        public Member(DMADTrainer trainer, Dataset<Event> dataset, Map<String, Provenance> runProvenance, Rows rows) {
            this(trainer, dataset, runProvenance, rows, null);
        }

        /**
         * A member training on a dataset.
         *
         * @param trainer       its trainer.
         * @param dataset       its training data.
         * @param runProvenance extra run provenance for its model.
         */
        public Member(DMADTrainer trainer, Dataset<Event> dataset, Map<String, Provenance> runProvenance) {
            this(trainer, dataset, runProvenance, null);
        }

        /**
         * A member without extra run provenance.
         *
         * @param trainer its trainer.
         * @param dataset its training data.
         */
        public Member(DMADTrainer trainer, Dataset<Event> dataset) {
            this(trainer, dataset, Map.of());
        }

        /**
         * A member training on dense rows, without extra run provenance.
         *
         * @param trainer its trainer.
         * @param rows    its training rows.
         */
        public Member(DMADTrainer trainer, Rows rows) {
            this(trainer, null, Map.of(), Objects.requireNonNull(rows, "rows"));
        }

        /**
         * This member trained with whole-series statistics, as {@link ChannelScaledTrainer#trainRows} trains.
         *
         * @param statistics the statistics of the whole series the windows come from.
         * @return the member.
         * @throws IllegalArgumentException when the trainer is not a series trainer.
         */
        public Member withStatistics(SeriesChannelScale statistics) {
            return new Member(trainer, dataset, runProvenance, rows, Objects.requireNonNull(statistics, "statistics"));
        }

        private DMADTrainer.Prepared prepare() {
            return statistics == null
                    ? prepare(runProvenance)
                    : SeriesScaling.withStatistics(
                            ((ChannelScaledTrainer) trainer).channelScale(), statistics, runProvenance, this::prepare);
        }

        private DMADTrainer.Prepared prepare(Map<String, Provenance> run) {
            return dataset != null
                    ? trainer.prepare(dataset, run, DMADTrainer.INCREMENT_INVOCATION_COUNT)
                    : trainer.prepare(
                            rows.values(),
                            rows.names(),
                            rows.event(),
                            rows.source(),
                            run,
                            DMADTrainer.INCREMENT_INVOCATION_COUNT);
        }
    }

    /**
     * A member's training rows as {@link DMADTrainer#trainRows} takes them.
     *
     * @param values row-major raw values, {@code names.length} per row, in the order of {@code names}.
     * @param names  the feature names.
     * @param event  every row's output.
     * @param source the provenance of the rows' source.
     */
    public record Rows(double[] values, String[] names, Event event, DataProvenance source) {}

    /**
     * The optimiser steps per epoch of a training on a number of rows (the last partial batch kept; a set smaller
     * than one batch trains in one batch).
     *
     * @param rows      the training rows, at least 1.
     * @param batchSize the batch size setting.
     * @return ceil(rows / min(batchSize, rows)).
     */
    public static int batchesPerEpoch(int rows, int batchSize) {
        return org.dmad.engine.GroupedTraining.batches(rows, batchSize);
    }

    /**
     * The optimiser steps per epoch of a trainer's training on a number of rows, by that detector's rule: members of
     * one group of a detector that does not group across datasets must have the same number, and members with the
     * same total of steps keep a group across datasets full to its end. DTE-Categorical keeps each epoch's last
     * partial batch
     * ({@link #batchesPerEpoch(int, int)}); the denoisers drop it ({@link org.dmad.engine.GroupedDenoiser#batches}),
     * so splits of one dataset a few rows apart can fall on either side of a multiple of the batch.
     *
     * @param trainer the trainer.
     * @param rows    the training rows, at least 1.
     * @return the steps per epoch.
     */
    public static int batchesPerEpoch(DMADTrainer trainer, int rows) {
        return trainer.groupBatches(rows);
    }

    /**
     * Trains one trainer on several datasets at once, as that many successive {@code trainer.train(dataset)} calls
     * would (each call its own effective seed), but in one group.
     *
     * @param trainer  the trainer.
     * @param datasets the datasets.
     * @return one model per dataset, in order.
     */
    public static List<DMADModel> train(DMADTrainer trainer, List<? extends Dataset<Event>> datasets) {
        List<Member> members = new ArrayList<>(datasets.size());
        for (Dataset<Event> d : datasets) {
            members.add(new Member(trainer, d));
        }
        return train(members);
    }

    /**
     * Trains the members together.
     *
     * @param members the members.
     * @return one model per member, in order, each with the run provenance of its grouping ({@link #SIZE},
     * {@link #MEMBER}, {@link #SEEDS}).
     * @throws IllegalArgumentException when the members cannot train as one group (the message says why: another
     *                                  detector or setting, or, for a detector that groups only the seeds of one
     *                                  dataset, another width or number of batches per epoch).
     */
    public static List<DMADModel> train(List<Member> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("A training group needs at least one member");
        }
        DMADTrainer first = members.get(0).trainer();
        if (!first.trainsInGroups()) {
            throw new IllegalArgumentException(
                    first.detectorName() + " does not train in groups; grouped training supports " + DETECTORS);
        }
        Map<String, Provenance> settings = settingsButSeed(first);
        for (int i = 1; i < members.size(); i++) {
            DMADTrainer t = members.get(i).trainer();
            if (t.getClass() != first.getClass()) {
                throw new IllegalArgumentException("Members of a group use one detector: member " + i + " is a "
                        + t.getClass().getSimpleName() + ", member 0 a "
                        + first.getClass().getSimpleName());
            }
            if (!settingsButSeed(t).equals(settings)) {
                throw new IllegalArgumentException("Members of a group share every setting but the seed: member " + i
                        + " is " + t + ", member 0 " + first);
            }
        }
        List<DMADTrainer.Prepared> prepared = new ArrayList<>(members.size());
        for (Member m : members) {
            prepared.add(m.prepare());
        }
        if (!first.groupsAcrossDatasets()) {
            sameShape(first, prepared);
        }
        String seeds =
                prepared.stream().map(p -> Long.toString(p.settings().seed())).collect(Collectors.joining(","));
        List<Matrix> rows = new ArrayList<>(members.size());
        List<TrainingSettings> trainingSettings = new ArrayList<>(members.size());
        List<DMADTrainer.ModelContext> contexts = new ArrayList<>(members.size());
        for (int i = 0; i < prepared.size(); i++) {
            DMADTrainer.Prepared p = prepared.get(i);
            rows.add(p.rows());
            trainingSettings.add(p.settings());
            DMADTrainer.ModelContext c = p.context();
            ModelProvenance mp = c.provenance();
            Map<String, Provenance> run =
                    new LinkedHashMap<>(mp.getInstanceProvenance().getMap());
            run.put(SIZE, new IntProvenance(SIZE, members.size()));
            run.put(MEMBER, new IntProvenance(MEMBER, i));
            run.put(SEEDS, new StringProvenance(SEEDS, seeds));
            ModelProvenance grouped = new ModelProvenance(
                    mp.getClassName(), mp.getTrainingTime(), mp.getDatasetProvenance(), mp.getTrainerProvenance(), run);
            contexts.add(new DMADTrainer.ModelContext(
                    grouped, c.featureMap(), c.outputInfo(), c.standardizer(), c.contamination()));
        }
        return first.fitGroup(rows, trainingSettings, contexts);
    }

    /**
     * Checks that the members of a detector that groups only the seeds of one dataset have one width and one number
     * of batches per epoch.
     *
     * @throws IllegalArgumentException naming the member, the difference and the reason.
     */
    private static void sameShape(DMADTrainer first, List<DMADTrainer.Prepared> prepared) {
        Matrix rows0 = prepared.get(0).rows();
        int batches0 = first.groupBatches(rows0.rows());
        for (int i = 1; i < prepared.size(); i++) {
            Matrix rows = prepared.get(i).rows();
            if (rows.columns() != rows0.columns()) {
                throw new IllegalArgumentException("Members of a group need datasets of the same width for "
                        + first.detectorName() + ": member " + i + " has " + rows.columns() + " features, member 0 "
                        + rows0.columns() + " (" + SAME_SHAPE_REASON + ")");
            }
            int batches = first.groupBatches(rows.rows());
            if (batches != batches0) {
                throw new IllegalArgumentException("Members of a group need the same number of batches per epoch for "
                        + first.detectorName() + ": member " + i + " has " + rows.rows() + " rows (" + batches
                        + " batches of " + first.getBatchSize() + "), member 0 " + rows0.rows() + " (" + batches0
                        + ") (" + SAME_SHAPE_REASON + ")");
            }
        }
    }

    private static Map<String, Provenance> settingsButSeed(DMADTrainer trainer) {
        Map<String, Provenance> config =
                new LinkedHashMap<>(trainer.getProvenance().getConfiguredParameters());
        config.remove("seed");
        return config;
    }
}
