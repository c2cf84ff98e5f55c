package org.dmad.evaluation.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.property.SimpleProperty;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dmad.engine.AdamKernel;
import org.dmad.engine.DMADEngine;
import org.dmad.evaluation.data.Datasets;
import org.dmad.evaluation.data.Hashing;
import org.dmad.evaluation.data.SyntheticSuite;
import org.dmad.evaluation.data.TabularData;
import org.dmad.evaluation.protocol.Protocol;
import org.dmad.evaluation.protocol.Split;
import org.dmad.evaluation.timeseries.MissingValues;
import org.dmad.evaluation.timeseries.SyntheticSeries;
import org.dmad.evaluation.timeseries.TimeSeries;
import org.dmad.evaluation.timeseries.TimeSeriesOptions;
import org.dmad.evaluation.timeseries.TimeSeriesSources;
import org.dmad.provenance.EnvironmentProvenance;
import org.dmad.provenance.ProvenanceJson;
import org.dmad.series.PointScores;
import org.dmad.tribuo.DMADTrainer;
import org.dmad.tribuo.series.SeriesModel;
import org.tribuo.Model;
import org.tribuo.Trainer;
import org.tribuo.anomaly.Event;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.TrainerProvenance;

/**
 * Repeats a benchmark run from its run record: checks the data file against the recorded SHA-256 before anything
 * else, redoes the split, rebuilds the trainer from the recorded Tribuo provenance (OLCUT's configuration
 * extraction, not the current defaults), retrains, rescores and compares every metric bit for bit. When they differ
 * it names the recorded environment facts that differ now (thread count, PyTorch build, device, ...), which are the
 * usual reasons.
 */
public final class Reproduction {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADAM_KERNEL = "adamKernel";
    private static final Pattern RECIPE =
            Pattern.compile("type=(\\w+) normals=(\\d+) anomalies=(\\d+) " + "columns=(\\d+) seed=(-?\\d+)");

    private Reproduction() {}

    /**
     * The outcome of a reproduction.
     *
     * @param identical    true when every metric is bit-identical.
     * @param recorded     the recorded metrics.
     * @param reproduced   the metrics now.
     * @param environment  recorded environment facts that differ now: fact -> {recorded, now}.
     */
    public record Outcome(
            boolean identical,
            Map<String, Double> recorded,
            Map<String, Double> reproduced,
            Map<String, String[]> environment) {}

    /**
     * Reproduces a run.
     *
     * @param record the run record JSON file.
     * @return the outcome.
     * @throws IOException when the record or the data cannot be read, or the data changed (SHA-256 mismatch).
     */
    public static Outcome reproduce(Path record) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(record));
        } catch (IOException e) {
            throw new IOException(record + " is not a JSON file: " + e.getMessage(), e);
        }
        if (root != null && RunRecords.SERIES_FORMAT.equals(root.path("format").asText())) {
            return reproduceSeries(root, record);
        }
        if (root == null || !RunRecords.FORMAT.equals(root.path("format").asText())) {
            throw new IOException(record + " is not a dmad run record (no \"format\": \"dmad-run-record\")");
        }
        if (root.path("version").asInt(-1) > RunRecords.FORMAT_VERSION) {
            throw new IOException(record + " was written by a newer dmad (run record version "
                    + root.path("version").asInt() + ", this dmad reads up to " + RunRecords.FORMAT_VERSION + ")");
        }
        requireModelProvenance(root, record);
        TabularData data = loadData(
                root.path("dataset"), root.path("run").path("label_column").asText("label"), record);
        Protocol protocol = Protocol.parse(root.path("run").path("protocol").asText());
        long seed = root.path("run").path("seed").asLong();
        Split split = protocol.split(data, seed);

        ModelProvenance provenance =
                ProvenanceJson.fromJson(JSON.writeValueAsString(root.path("model_provenance")), ModelProvenance.class);
        JsonNode group = root.path("run").path("group");
        List<org.dmad.tribuo.DMADTrainer> trainers = groupTrainers(provenance.getTrainerProvenance(), group, seed);
        // The benchmark's own train, score and measure steps, with the trainer the record describes.
        Model<Event> model;
        if (trainers == null) {
            model = TabularRows.train(rebuild(provenance.getTrainerProvenance()), data, split, protocol);
        } else if (group.has("members")) {
            model = retrainGroup(
                    trainers, group.path("member").asInt(), memberData(group, root, trainers, record), protocol);
        } else {
            List<TabularData> same = new ArrayList<>();
            for (int i = 0; i < trainers.size(); i++) {
                same.add(data);
            }
            model = retrainGroup(trainers, group.path("member").asInt(), same, protocol);
        }
        try {
            double[] scores = TabularRows.score(model, data, split);
            return compared(root, Benchmark.measure(split.testLabels(), scores), record);
        } finally {
            if (model instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // The comparison is done; a failed native release changes nothing.
                }
            }
        }
    }

    /**
     * Refuses a record without the model provenance that rebuilds its trainer, before any work.
     *
     * @param root   the record.
     * @param record its file, for messages.
     * @throws IOException naming the file and the missing field.
     */
    private static void requireModelProvenance(JsonNode root, Path record) throws IOException {
        JsonNode p = root.get("model_provenance");
        if (p == null || !p.isContainerNode() || p.isEmpty()) {
            throw new IOException(record + " has no \"model_provenance\" (a failed run records none, and an edited "
                    + "or truncated record may have lost it): the trainer cannot be rebuilt, so the run cannot be "
                    + "reproduced");
        }
    }

    /** Repeats a time-series run: same series (hash checked first), same windows, trainer from provenance. */
    private static Outcome reproduceSeries(JsonNode root, Path record) throws IOException {
        if (root.path("version").asInt(-1) > RunRecords.SERIES_FORMAT_VERSION) {
            throw new IOException(record + " was written by a newer dmad (series run record version "
                    + root.path("version").asInt() + ", this dmad reads up to " + RunRecords.SERIES_FORMAT_VERSION
                    + ")");
        }
        requireModelProvenance(root, record);
        TimeSeries series = loadSeries(root.path("dataset"), record);
        JsonNode recorded = root.path("series");
        if (recorded.has("train_end")
                && (recorded.path("train_end").asInt() != series.trainEnd()
                        || recorded.path("eval_start").asInt() != series.evalStart())) {
            // The ranges came from loader options (e.g. --train-fraction for a plain CSV): use the recorded ones.
            series = new TimeSeries(
                    series.name(),
                    series.values(),
                    series.length(),
                    series.channels(),
                    series.labels(),
                    recorded.path("train_end").asInt(),
                    recorded.path("eval_start").asInt(),
                    series.channelNames(),
                    series.record());
        }
        JsonNode windows = root.path("windows");
        int length = windows.path("length").asInt();
        int stride = windows.path("train_stride").asInt(1);
        PointScores.Aggregation aggregation = PointScores.Aggregation.valueOf(
                windows.path("aggregation").asText("mean").toUpperCase(java.util.Locale.ROOT));
        ModelProvenance provenance =
                ProvenanceJson.fromJson(JSON.writeValueAsString(root.path("model_provenance")), ModelProvenance.class);
        TrainerProvenance trainerProvenance = provenance.getTrainerProvenance();
        // A grouped run retrains its whole recorded group: every member on the same windows, this run's model kept.
        List<org.dmad.tribuo.DMADTrainer> group = groupTrainers(
                trainerProvenance,
                root.path("run").path("group"),
                root.path("run").path("seed").asLong());
        int member = root.path("run").path("group").path("member").asInt();
        String recordedProtocol = windows.path("protocol").asText("");
        if (!recordedProtocol.isEmpty()
                && SeriesProtocol.parse(recordedProtocol).tsbAd()) {
            TsbAdProtocol.Prepared p =
                    TsbAdProtocol.prepare(series, SeriesProtocol.parse(recordedProtocol) == SeriesProtocol.TSB_AD);
            TsbAdProtocol.Mapping mapping = TsbAdProtocol.Mapping.valueOf(
                    windows.path("mapping").asText("aggregation").toUpperCase(java.util.Locale.ROOT));
            boolean whole = "whole series".equals(windows.path("trained_on").asText());
            try (SeriesModel model = group == null
                    ? TsbAdProtocol.fit(rebuild(trainerProvenance), p, length, stride, whole)
                    : member(TsbAdProtocol.fitGroup(group, p, length, stride, whole), member)) {
                double[] points = TsbAdProtocol.score(model, p, length, mapping, aggregation, 1);
                return compared(root, SeriesBenchmark.metricValues(SeriesBenchmark.measure(p, points)), record);
            }
        }
        try (SeriesModel model = group == null
                ? SeriesBenchmark.fit(rebuild(trainerProvenance), series, length, stride)
                : member(SeriesBenchmark.fitGroup(group, series, length, stride), member)) {
            double[] scores = SeriesBenchmark.evalPointScores(
                    model,
                    series,
                    length,
                    aggregation,
                    windows.path("score_stride").asInt(1));
            return compared(root, SeriesBenchmark.metricValues(SeriesBenchmark.measure(series, scores)), record);
        }
    }

    /**
     * The outcome of a reproduction: the recorded metrics against the repeated ones, and what differs now. A metric
     * added to the harness after the record was written is not in the record and is not compared.
     *
     * @param root   the record.
     * @param now    the metrics measured now, by name.
     * @param record the record's file, for messages.
     * @return the outcome.
     * @throws IOException when the record holds none of the metrics.
     */
    private static Outcome compared(JsonNode root, Map<String, Double> now, Path record) throws IOException {
        Map<String, Double> then = new LinkedHashMap<>();
        Map<String, Double> repeated = new LinkedHashMap<>();
        JsonNode metrics = root.path("metrics");
        for (Map.Entry<String, Double> m : now.entrySet()) {
            if (metrics.has(m.getKey())) {
                then.put(m.getKey(), metrics.path(m.getKey()).asDouble(Double.NaN));
                repeated.put(m.getKey(), m.getValue());
            }
        }
        if (then.isEmpty()) {
            throw new IOException(record + " records none of the metrics " + String.join(", ", now.keySet())
                    + " under \"metrics\": there is nothing to compare the reproduction with");
        }
        String device = root.path("run").path("device").asText("cpu");
        int threads = root.path("run").path("threads").asInt(0);
        return new Outcome(
                repeated.equals(then),
                then,
                repeated,
                environmentDifferences(root.path("environment"), device, threads));
    }

    private static final Pattern SERIES_RECIPE = Pattern.compile("synthetic-series kind=(\\w+) .*seed=(-?\\d+)");

    private static TimeSeries loadSeries(JsonNode dataset, Path record) throws IOException {
        String source = dataset.path("source").asText();
        String sha = dataset.path("sha256").asText();
        if (source.startsWith("generated:")) {
            Matcher m = SERIES_RECIPE.matcher(source);
            if (!m.find()) {
                throw new IOException(record + ": unknown generated series recipe '" + source + "'");
            }
            TimeSeries s = SyntheticSeries.generate(m.group(1), Long.parseLong(m.group(2)));
            if (!s.record().sha256().equals(sha)) {
                throw new IOException("The generated series' recipe hash differs from the record's: " + sha
                        + " recorded, " + s.record().sha256() + " now");
            }
            return s;
        }
        String now = TimeSeriesSources.fingerprint(source);
        if (!now.equals(sha)) {
            throw new IOException("The series files behind " + source + " have changed since the run: SHA-256 " + now
                    + ", recorded " + sha + "; nothing was retrained");
        }
        Matcher fill = Pattern.compile(";missing=([a-z]+)$").matcher(source);
        TimeSeriesOptions options = TimeSeriesOptions.defaults();
        if (fill.find()) {
            options = options.withMissing(MissingValues.valueOf(fill.group(1).toUpperCase(java.util.Locale.ROOT)));
        }
        return TimeSeriesSources.load(Path.of(source.replaceFirst(";missing=[a-z]+$", "")), options);
    }

    private static TabularData loadData(JsonNode dataset, String labelColumn, Path record) throws IOException {
        String source = dataset.path("source").asText();
        String sha = dataset.path("sha256").asText();
        if (source.startsWith("generated:")) {
            Matcher m = RECIPE.matcher(source);
            if (!m.find()) {
                throw new IOException(record + ": unknown generated dataset recipe '" + source + "'");
            }
            TabularData t = SyntheticSuite.generate(
                    m.group(1),
                    Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)),
                    Integer.parseInt(m.group(4)),
                    Long.parseLong(m.group(5)));
            if (!t.record().sha256().equals(sha)) {
                throw new IOException("The generated dataset's recipe hash differs from the record's: " + sha
                        + " recorded, " + t.record().sha256() + " now");
            }
            return t;
        }
        Path file = Path.of(source);
        if (!Files.isRegularFile(file)) {
            throw new IOException("The run's data file " + file + " is missing");
        }
        String now = Hashing.sha256(file);
        if (!now.equals(sha)) {
            throw new IOException("The data file " + file + " has changed since the run: SHA-256 " + now + ", recorded "
                    + sha + "; nothing was retrained");
        }
        return Datasets.load(file, labelColumn);
    }

    /**
     * The datasets of a group across datasets ({@code run.group.members} in the record: each member's dataset record
     * and seed), each loaded and checked against its recorded SHA-256 before anything trains.
     *
     * @throws IOException when a member's data is missing or changed, or the members disagree with the group.
     */
    private static List<TabularData> memberData(
            JsonNode group, JsonNode root, List<org.dmad.tribuo.DMADTrainer> trainers, Path record) throws IOException {
        JsonNode members = group.path("members");
        if (!members.isArray() || members.size() != trainers.size()) {
            throw new IOException("The run record's group is inconsistent: " + members.size()
                    + " members for a group of " + trainers.size() + " in " + record);
        }
        String labelColumn = root.path("run").path("label_column").asText("label");
        List<TabularData> data = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            JsonNode m = members.get(i);
            if (m.path("seed").asLong() != trainers.get(i).getSeed()) {
                throw new IOException(
                        "The run record's group is inconsistent: member " + i + " has seed " + m.path("seed")
                                + ", the group's seeds say " + trainers.get(i).getSeed());
            }
            data.add(loadData(m.path("dataset"), labelColumn, record));
        }
        int member = group.path("member").asInt();
        if (!data.get(member)
                .record()
                .sha256()
                .equals(root.path("dataset").path("sha256").asText())) {
            throw new IOException("The run record's group is inconsistent: member " + member
                    + "'s dataset is not the run's own in " + record);
        }
        return data;
    }

    /**
     * Retrains a grouped run's whole group ({@code "group": {"size", "member", "seeds"}} in the record): every
     * member's split of its data (the run's own, or each member's for a group across datasets), the recorded trainer
     * with each member's seed ({@link #groupTrainers}), trained together as recorded; returns this run's member, the
     * others closed.
     */
    private static Model<Event> retrainGroup(
            List<org.dmad.tribuo.DMADTrainer> trainers, int member, List<TabularData> data, Protocol protocol) {
        List<org.dmad.tribuo.TrainingGroup.Member> members = new ArrayList<>();
        for (int i = 0; i < trainers.size(); i++) {
            org.dmad.tribuo.DMADTrainer trainer = trainers.get(i);
            TabularData d = data.get(i);
            members.add(Benchmark.groupMember(trainer, d, protocol.split(d, trainer.getSeed()), protocol));
        }
        return member(org.dmad.tribuo.TrainingGroup.train(members), member);
    }

    /**
     * The trainers of a grouped run's recorded group: the recorded trainer with each member's seed, in member order.
     *
     * @param trainerProvenance the run's trainer provenance.
     * @param group             the record's {@code run.group}, possibly missing.
     * @param seed              the run's seed.
     * @return the trainers, or null when the run trained alone (no group, or a group of one, which trains bit for
     *     bit as a plain training).
     * @throws IOException when the group is inconsistent or the trainer does not train in groups.
     */
    private static List<org.dmad.tribuo.DMADTrainer> groupTrainers(
            TrainerProvenance trainerProvenance, JsonNode group, long seed) throws IOException {
        if (!group.isObject() || group.path("size").asInt(1) <= 1) {
            return null;
        }
        int member = group.path("member").asInt(-1);
        List<Long> seeds = new ArrayList<>();
        group.path("seeds").forEach(n -> seeds.add(n.asLong()));
        if (seeds.size() != group.path("size").asInt()
                || member < 0
                || member >= seeds.size()
                || seeds.get(member) != seed) {
            throw new IOException("The run record's group is inconsistent: " + group + " for seed " + seed);
        }
        List<org.dmad.tribuo.DMADTrainer> trainers = new ArrayList<>();
        for (long s : seeds) {
            Trainer<Event> trainer = rebuild(trainerProvenance, s);
            if (!(trainer instanceof org.dmad.tribuo.DMADTrainer d && d.trainsInGroups())) {
                throw new IOException("The run record names a group, but its trainer "
                        + trainer.getClass().getName() + " does not train in groups");
            }
            trainers.add(d);
        }
        return trainers;
    }

    /** A retrained group's model of this run, the others closed. */
    private static <M extends AutoCloseable> M member(List<M> models, int member) {
        for (int i = 0; i < models.size(); i++) {
            if (i != member) {
                try {
                    models.get(i).close();
                } catch (Exception ignored) {
                    // Another member's native release changes nothing in this run's numbers.
                }
            }
        }
        return models.get(member);
    }

    @SuppressWarnings("unchecked")
    /**
     * The trainer a provenance describes, configured as recorded.
     *
     * @param provenance a trainer's provenance.
     * @return a new trainer.
     */
    static Trainer<Event> rebuild(TrainerProvenance provenance) {
        return rebuild(provenance, null);
    }

    /**
     * The trainer a provenance describes, configured as recorded but, for a dmad trainer, with another seed.
     *
     * @param provenance a trainer's provenance.
     * @param seed       the seed to use, or null for the recorded one.
     * @return a new trainer.
     */
    @SuppressWarnings("unchecked")
    static Trainer<Event> rebuild(TrainerProvenance provenance, Long seed) {
        ConfigurationManager cm = new ConfigurationManager();
        List<ConfigurationData> configs = ProvenanceUtil.extractConfiguration(provenance);
        for (ConfigurationData config : configs) {
            if (seed != null && isDmadTrainer(config.getClassName())) {
                config.add("seed", new SimpleProperty(Long.toString(seed)));
            }
            // Records written before the adamKernel setting existed were trained with DJL's Adam; the current
            // default (the fused kernel) would not reproduce their numbers.
            if (isDmadTrainer(config.getClassName()) && !config.contains(ADAM_KERNEL)) {
                config.add(ADAM_KERNEL, new SimpleProperty(AdamKernel.DJL.configName()));
            }
        }
        cm.addConfiguration(configs);
        return (Trainer<Event>) cm.lookup(ProvenanceUtil.computeName(provenance, 0));
    }

    private static boolean isDmadTrainer(String className) {
        try {
            return DMADTrainer.class.isAssignableFrom(
                    Class.forName(className, false, Reproduction.class.getClassLoader()));
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static Map<String, String[]> environmentDifferences(JsonNode recorded, String device, int threads) {
        Map<String, String> now = new LinkedHashMap<>(EnvironmentProvenance.facts(DMADEngine.ompWaitPolicy()));
        try {
            now.putAll(DMADEngine.facts(DMADEngine.device(device), threads));
        } catch (IllegalArgumentException notVisible) {
            now.put(DMADEngine.DEVICE, device + " (not visible)");
        }
        Map<String, String[]> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = recorded.fields();
        List<String> seen = new ArrayList<>();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            seen.add(f.getKey());
            String current = now.get(f.getKey());
            if (current != null && !current.equals(f.getValue().asText())) {
                out.put(f.getKey(), new String[] {f.getValue().asText(), current});
            }
        }
        return out;
    }
}
