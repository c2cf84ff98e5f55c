/**
 * Time-series detection with any Tribuo anomaly trainer: windowed data sources, SeriesDetector and SeriesModel (a
 * score per time step and channel), and the streaming scorer.
 */
package org.dmad.tribuo.series;
