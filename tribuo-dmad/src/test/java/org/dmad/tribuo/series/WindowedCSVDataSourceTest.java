package org.dmad.tribuo.series;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dmad.series.SlidingWindows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.anomaly.Event;

class WindowedCSVDataSourceTest {

    /** 10 time steps: a = t, b = 10 t, label 1 at t = 7. */
    private static Path csv(Path dir) throws Exception {
        StringBuilder text = new StringBuilder("a,label,b\n");
        for (int t = 0; t < 10; t++) {
            text.append(t)
                    .append(',')
                    .append(t == 7 ? 1 : 0)
                    .append(',')
                    .append(10 * t)
                    .append('\n');
        }
        Path file = dir.resolve("series.csv");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void readsChannelsLabelsAndRangeLikeThePlainSource(@TempDir Path dir) throws Exception {
        Path file = csv(dir);
        WindowedCSVDataSource source =
                new WindowedCSVDataSource(file, List.of("b", "a"), "label", SlidingWindows.of(3, 2), 2, -1, true, 0, 5);
        assertEquals(2, source.channels());
        // Statistics of time steps [0, 5) only: b has mean 20, a has mean 2.
        assertArrayEquals(new double[] {20, 2}, source.normalizer().means(), 1e-12);
        List<Example<Event>> windows = new MutableDataset<>(source).getData();
        // Windows start at 2, 4, 6; the one starting at 6 holds the anomaly at 7.
        assertEquals(3, windows.size());
        assertEquals(Event.EventType.EXPECTED, windows.get(1).getOutput().getType());
        assertEquals(Event.EventType.ANOMALOUS, windows.get(2).getOutput().getType());
        ObjectProvenance back =
                ProvenanceUtil.unmarshalProvenance(ProvenanceUtil.marshalProvenance(source.getProvenance()));
        assertEquals(source.getProvenance(), back);
        assertTrue(
                source.getProvenance()
                        .toString()
                        .contains(ProvenanceUtil.hashResource(ProvenanceUtil.HashType.SHA256, file)),
                source.getProvenance().toString());
    }

    @Test
    void isConfigurableFromOlcutXml(@TempDir Path dir) throws Exception {
        Path file = csv(dir);
        Path config = dir.resolve("config.xml");
        Files.writeString(config, """
                <?xml version="1.0" encoding="UTF-8"?>
                <config>
                    <component name="windows" type="org.dmad.tribuo.series.WindowedCSVDataSource">
                        <property name="dataPath" value="%s"/>
                        <property name="labelColumn" value="label"/>
                        <property name="length" value="4"/>
                        <property name="stride" value="3"/>
                        <property name="alignEnd" value="true"/>
                    </component>
                </config>
                """.formatted(file.toString()));
        ConfigurationManager cm = new ConfigurationManager(config.toString());
        WindowedCSVDataSource source = (WindowedCSVDataSource) cm.lookup("windows");
        assertEquals(2, source.channels(), "every column but the label");
        assertEquals(3, new MutableDataset<>(source).size(), "starts 0, 3 and the end-aligned 6");
        cm.close();
    }

    @Test
    void namesTheBadSetting(@TempDir Path dir) throws Exception {
        Path file = csv(dir);
        PropertyException e = assertThrows(
                PropertyException.class,
                () -> new WindowedCSVDataSource(file, List.of("c"), "", SlidingWindows.of(3, 1), 0, -1, false, 0, -1));
        assertTrue(e.getMessage().contains("'c'"), e.getMessage());
        Files.writeString(dir.resolve("bad.csv"), "a,b\n1,x\n");
        e = assertThrows(
                PropertyException.class,
                () -> new WindowedCSVDataSource(
                        dir.resolve("bad.csv"), List.of(), "", SlidingWindows.of(1, 1), 0, -1, false, 0, -1));
        assertTrue(e.getMessage().contains("'x' is not a number"), e.getMessage());
        e = assertThrows(
                PropertyException.class,
                () -> new WindowedCSVDataSource(
                        file, List.of(), "label", SlidingWindows.of(30, 1), 0, -1, false, 0, -1));
        assertTrue(e.getMessage().contains("30"), e.getMessage());
    }
}
