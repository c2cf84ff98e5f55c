/**
 * The dmad command line (picocli): bench, train, score, datasets, detectors, reproduce, provenance, compare, perf.
 * Each command is one class; DMADCli wires them and maps errors to exit codes. Start with BenchCommand.
 */
package org.dmad.evaluation.cli;
