package org.dmad.engine;

import ai.djl.ndarray.NDManager;
import org.tribuo.anomaly.Event;

/**
 * Test fixture for the engine-boundary test: an engine class that imports Tribuo and opens a manager on DJL's
 * default device (both must be reported).
 */
public final class ArchFixtureEngineUsingTribuo {

    private ArchFixtureEngineUsingTribuo() {}

    /** @return a Tribuo type, which the engine must never use. */
    public static Class<?> tribuoType() {
        return Event.class;
    }

    /** @return a manager on DJL's default device, which dmad code must never open. */
    public static NDManager defaultDeviceManager() {
        return NDManager.newBaseManager("PyTorch");
    }
}
