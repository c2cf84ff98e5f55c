/**
 * The benchmark runner: the grid of data sets, detectors and seeds, resumable results files, run records,
 * reproduction of a recorded run, summaries and the HTML report, for tabular data and series.
 */
package org.dmad.evaluation.harness;
