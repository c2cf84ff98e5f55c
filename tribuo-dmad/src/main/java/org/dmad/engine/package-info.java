/**
 * The diffusion engine on DJL and PyTorch: networks, noise schedules, training loop and optimisers, the detectors'
 * objectives and scorers. It depends only on DJL, JNA and the JDK. Code outside tribuo-dmad may use only the types
 * marked EngineApi (DMADEngine, Standardizer, TrainingProgress, ...); the rest is internal to the Tribuo adapter
 * in org.dmad.tribuo. The rule is a test (EngineBoundaryTest).
 */
package org.dmad.engine;
