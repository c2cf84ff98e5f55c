/**
 * Time-series building blocks without Tribuo types: sliding windows, a normaliser fitted on the training range,
 * and the mapping of window scores to point scores.
 */
package org.dmad.series;
