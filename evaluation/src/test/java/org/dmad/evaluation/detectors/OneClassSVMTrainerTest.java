package org.dmad.evaluation.detectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dmad.evaluation.data.SyntheticSuite;
import org.dmad.evaluation.data.TabularData;
import org.dmad.evaluation.metrics.Metrics;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.Event;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

class OneClassSVMTrainerTest {

    /** Rows of a table with an extra constant column, as ADBench's cardio files have. */
    private static List<Example<Event>> withConstantColumn(TabularData t, boolean normalOnly) {
        String[] names = new String[t.columns() + 1];
        for (int j = 0; j < t.columns(); j++) {
            names[j] = t.featureNames().get(j);
        }
        names[t.columns()] = "constant";
        List<Example<Event>> out = new ArrayList<>();
        for (int i = 0; i < t.rows(); i++) {
            if (normalOnly && t.y()[i] == 1) {
                continue;
            }
            double[] row = new double[t.columns() + 1];
            System.arraycopy(t.x(), i * t.columns(), row, 0, t.columns());
            row[t.columns()] = 7.0;
            out.add(new ArrayExample<>(
                    t.y()[i] == 1 ? AnomalyFactory.ANOMALOUS_EVENT : AnomalyFactory.EXPECTED_EVENT, names, row));
        }
        return out;
    }

    @Test
    void aConstantColumnGivesFiniteScoresAndHigherMeansMoreAnomalous() {
        TabularData t = SyntheticSuite.generate("global", 300, 20, 4, 2);
        AnomalyFactory f = new AnomalyFactory();
        MutableDataset<Event> train = new MutableDataset<>(
                new ListDataSource<>(withConstantColumn(t, true), f, new SimpleDataSourceProvenance("train", f)));
        Model<Event> model = new OneClassSVMTrainer(0.5, 0).train(train);
        List<Example<Event>> test = withConstantColumn(t, false);
        double[] scores = model.predict(test).stream()
                .mapToDouble(p -> p.getOutput().getScore())
                .toArray();
        for (double s : scores) {
            assertTrue(Double.isFinite(s), "score " + s);
        }
        double auroc = Metrics.auroc(t.y(), scores);
        assertTrue(auroc > 0.9, "AUROC " + auroc + " (a flipped sign would give < 0.1)");
    }
}
