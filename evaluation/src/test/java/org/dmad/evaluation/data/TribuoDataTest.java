package org.dmad.evaluation.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.Event;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

class TribuoDataTest {

    @Test
    void anyTribuoDataSourceBecomesABenchmarkDataset() {
        AnomalyFactory f = new AnomalyFactory();
        ArrayExample<Event> sparse = new ArrayExample<>(AnomalyFactory.ANOMALOUS_EVENT);
        sparse.add("b", 5.0);
        List<Example<Event>> rows = List.of(
                new ArrayExample<>(AnomalyFactory.EXPECTED_EVENT, new String[] {"a", "b"}, new double[] {1, 2}),
                sparse,
                new ArrayExample<>(AnomalyFactory.UNKNOWN_EVENT, new String[] {"a", "b"}, new double[] {3, 4}));
        var source = new ListDataSource<>(rows, f, new SimpleDataSourceProvenance("telemetry", f));
        TabularData t = TribuoData.load(source, "telemetry");
        assertEquals(List.of("a", "b"), t.featureNames());
        assertArrayEquals(new double[] {1, 2, 0, 5, 3, 4}, t.x(), "absent features are 0");
        assertArrayEquals(new int[] {0, 1, 0}, t.y());
        assertEquals(64, t.record().sha256().length());
        assertThrows(
                IllegalArgumentException.class,
                () -> TribuoData.load(
                        new ListDataSource<>(List.of(), f, new SimpleDataSourceProvenance("empty", f)), "empty"));
    }
}
