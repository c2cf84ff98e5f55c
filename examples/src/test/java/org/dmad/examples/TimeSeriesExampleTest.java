package org.dmad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TimeSeriesExampleTest {

    @Test
    void findsThePlantedDriftNamesItsChannelAndTheMonitorRaisesAnAlarm() {
        TimeSeriesExample.Result r = TimeSeriesExample.run(40);
        assertTrue(
                r.peakStep() >= TimeSeriesExample.ANOMALY_START - TimeSeriesExample.WINDOW
                        && r.peakStep() < TimeSeriesExample.ANOMALY_END + TimeSeriesExample.WINDOW,
                r.toString());
        assertEquals("pump-current", r.peakChannel(), r.toString());
        assertTrue(r.firstAlarm() >= TimeSeriesExample.ANOMALY_START, r.toString());
        // At most 1% of the 740 monitored normal steps.
        assertTrue(r.falseAlarms() <= 7, r.toString());
    }
}
