/**
 * The speed measurements behind dmad perf: matrix-multiply peak, training GFLOP/s, scoring rows per second, memory
 * over a million rows, DTE-NP at scale, the sampler comparison and the reference comparison. These suites measure
 * engine internals on purpose; they are the one place outside tribuo-dmad allowed to use them
 * (EngineBoundaryTest), and they are not library code.
 */
package org.dmad.evaluation.perf;
