/**
 * Small runnable programs a new user copies from: one detector on a CSV file, the DTE family, DDPM and DDIM,
 * latent and hybrid detectors, and time series with streaming scoring.
 */
package org.dmad.examples;
