package org.dmad.engine;

import org.tribuo.anomaly.Event;

/** Test fixture for the engine-boundary test: an engine class that imports Tribuo (must be reported). */
public final class ArchFixtureEngineUsingTribuo {

    private ArchFixtureEngineUsingTribuo() {
    }

    /** @return a Tribuo type, which the engine must never use. */
    public static Class<?> tribuoType() {
        return Event.class;
    }
}
